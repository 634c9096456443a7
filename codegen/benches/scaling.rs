//! Scaling of the generator in process (BENCHMARKS.md, item 2): input,
//! validation, rendering and planning for a workspace of 1, 10, 100 and 1000
//! new entities, each like the README's `Device` (every modifier and a
//! reference to `User`).
//!
//! ```text
//! cargo bench -p codegen --bench scaling
//! ```
//!
//! `render_entity` runs rustfmt as a child process once per entity, so three
//! groups time the stages apart:
//!
//! - `pipeline/N`: the whole of it, as `new-entity` does it N times over:
//!   parse and check each spec against the workspace's entities, render it
//!   with rustfmt, then one plan of every edit, resolved in memory against a
//!   snapshot of this workspace (nothing is written);
//! - `rustfmt/N`: only the rustfmt step of rendering, one `Rustfmt::format`
//!   call per entity on that entity's rendered files (N up to 100: see
//!   [`RUSTFMT_SIZES`]);
//! - `check_and_plan/N`: the pipeline without rendering (the rendered text is
//!   made beforehand): parse, check, plan and resolve.
//!
//! The pipeline without rustfmt is `pipeline` minus `rustfmt`. Since those
//! groups run minutes apart, a last part (not a criterion benchmark) times
//! the stages apart within the same rounds and prints rustfmt's share. And
//! `RUSTFMT=true cargo bench -p codegen --bench scaling -- pipeline` (which
//! `scripts/bench.sh` runs too) times the pipeline with a program that does
//! nothing in rustfmt's place: everything but the formatting itself.

use std::{
    cell::OnceCell,
    hint::black_box,
    path::{Path, PathBuf},
    time::{Duration, Instant, SystemTime},
};

use codegen::{
    Workspace,
    config::Wiring,
    input::{ExistingEntity, parse_entity_spec, scan_entities},
    model::Entity,
    plan::{Anchor, Edit, Plan, find_file_holding, next_migration_version},
    render::{RenderedEntity, RustEdition, Rustfmt, render_entity},
    validate::{Diagnostics, check_new_entity},
};
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};

/// Workspace sizes, in new entities.
const SIZES: [usize; 4] = [1, 10, 100, 1000];

/// Sizes for the rustfmt step alone: it is one process per entity on inputs
/// of the same size, so its cost per entity does not depend on N, and at
/// 1000 entities one sample would take over a minute.
const RUSTFMT_SIZES: [usize; 3] = [1, 10, 100];

/// The fields of every new entity: the README's example.
const FIELDS: [&str; 5] = [
    "name:String:unique",
    "serial:i64:index",
    "notes:String?",
    "owner:User",
    "last_seen_at:DateTime?",
];

/// What the benches work on: a private copy of this workspace's generator
/// inputs, so that edits in progress elsewhere in the tree do not change
/// what is measured.
struct Setup {
    _snapshot: tempfile::TempDir,
    workspace: Workspace,
    rustfmt: Rustfmt,
    /// The files that hold the accessors' anchors, found once per workspace,
    /// when the workspace keeps its wiring inline.
    access: Option<AccessFiles>,
    /// The entities the workspace holds before any is added.
    existing: Vec<ExistingEntity>,
}

struct AccessFiles {
    trait_file: PathBuf,
    boxed: PathBuf,
    map_err: PathBuf,
    pg: PathBuf,
}

impl Setup {
    fn new() -> Self {
        let repository = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("codegen lives in the workspace");
        let snapshot = tempfile::tempdir().expect("a temporary directory");
        for file in ["Cargo.toml", "codegen.toml"] {
            std::fs::copy(repository.join(file), snapshot.path().join(file))
                .expect("copy the workspace's manifests");
        }
        copy_tree(
            &repository.join("storage"),
            &snapshot.path().join("storage"),
        );
        let workspace = Workspace::load(snapshot.path()).expect("the snapshot is a workspace");
        let edition = RustEdition::of_crate(&workspace.root, &workspace.storage_pg);
        let rustfmt = Rustfmt::for_workspace(&workspace.root, edition);
        let existing =
            scan_entities(&workspace.root, &workspace.data_model).expect("readable entities");
        // With build-script wiring there is no accessor to insert.
        let access = (workspace.wiring == Wiring::Inline).then(|| AccessFiles {
            trait_file: locate(
                &workspace.storage,
                &Anchor::TraitEnd {
                    name: "RepositoryAccess".to_owned(),
                },
            ),
            boxed: locate(&workspace.storage, &access_impl("Box")),
            map_err: locate(&workspace.storage, &access_impl("MapErr")),
            pg: locate(&workspace.storage_pg, &access_impl("PgRepository")),
        });
        Self {
            _snapshot: snapshot,
            workspace,
            rustfmt,
            access,
            existing,
        }
    }

    /// Parse and check the specs of `count` new entities, each against the
    /// workspace's entities (their names differ by construction).
    fn check(&self, count: usize) -> Vec<Entity> {
        let fields: Vec<String> = FIELDS.iter().map(|field| (*field).to_owned()).collect();
        (0..count)
            .map(|index| {
                let mut diagnostics = Diagnostics::default();
                let spec =
                    parse_entity_spec(&format!("Device{index:04}"), &fields, &mut diagnostics);
                check_new_entity(&spec, &self.existing, diagnostics).expect("a valid entity")
            })
            .collect()
    }

    fn render(&self, entity: &Entity) -> RenderedEntity {
        render_entity(entity, &self.rustfmt).expect("rendering succeeds")
    }

    /// One plan adding every entity, resolved in memory.
    fn plan(&self, entities: &[Entity], rendered: Vec<RenderedEntity>) -> usize {
        let ws = &self.workspace;
        let first_version = next_migration_version(&ws.migrations, SystemTime::UNIX_EPOCH)
            .expect("readable migrations")
            .0;
        let mut plan = Plan::default();
        for (index, (entity, rendered)) in entities.iter().zip(rendered).enumerate() {
            let module = &entity.module;
            let file = format!("{module}.rs");
            let data_model_lib = ws.data_model.join("src/lib.rs");
            plan.push(Edit::Create {
                path: ws.data_model.join("src").join(&file),
                contents: rendered.data_model,
            });
            plan.push(declare_module(&data_model_lib, module, ""));
            plan.push(Edit::Insert {
                path: data_model_lib,
                anchor: Anchor::UseDeclaration {
                    path: format!("self::{module}::{}", entity.name),
                },
                text: format!("pub use self::{module}::{};\n", entity.name),
            });
            plan.push(Edit::Create {
                path: ws.storage.join("src").join(&file),
                contents: rendered.storage,
            });
            plan.push(declare_module(
                &ws.storage.join("src/lib.rs"),
                module,
                "pub ",
            ));
            if let Some(access) = &self.access {
                plan.push(Edit::Insert {
                    path: access.trait_file.clone(),
                    anchor: Anchor::TraitEnd {
                        name: "RepositoryAccess".to_owned(),
                    },
                    text: rendered.access_method,
                });
                plan.push(Edit::Insert {
                    path: access.boxed.clone(),
                    anchor: access_impl("Box"),
                    text: rendered.boxed_access,
                });
                plan.push(Edit::Insert {
                    path: access.map_err.clone(),
                    anchor: access_impl("MapErr"),
                    text: rendered.map_err_access,
                });
            }
            plan.push(Edit::Create {
                path: ws.storage_pg.join("src").join(&file),
                contents: rendered.storage_pg,
            });
            plan.push(declare_module(
                &ws.storage_pg.join("src/lib.rs"),
                module,
                "pub ",
            ));
            if let Some(access) = &self.access {
                plan.push(Edit::Insert {
                    path: access.pg.clone(),
                    anchor: access_impl("PgRepository"),
                    text: rendered.pg_access,
                });
            }
            let version = first_version + index as u64;
            plan.push(Edit::Create {
                path: ws
                    .migrations
                    .join(format!("{version:014}_create_{}.sql", entity.table)),
                contents: rendered.migration,
            });
            let tests = ws.storage_pg.join("tests/repositories");
            plan.push(Edit::Create {
                path: tests.join(&file),
                contents: rendered.tests,
            });
            plan.push(declare_module(&tests.join("main.rs"), module, ""));
        }
        plan.resolve(&ws.root, false)
            .expect("the plan resolves")
            .len()
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a snapshot directory");
    for entry in std::fs::read_dir(from).expect("list the workspace") {
        let path = entry.expect("list the workspace").path();
        let target = to.join(path.file_name().expect("a named entry"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a workspace file");
        }
    }
}

fn locate(crate_dir: &Path, anchor: &Anchor) -> PathBuf {
    find_file_holding(&crate_dir.join("src"), "RepositoryAccess", anchor)
        .expect("readable sources")
        .expect("the workspace holds every accessor anchor")
}

fn access_impl(self_type: &str) -> Anchor {
    Anchor::ImplEnd {
        trait_name: "RepositoryAccess".to_owned(),
        self_type: self_type.to_owned(),
    }
}

fn declare_module(path: &Path, module: &str, visibility: &str) -> Edit {
    Edit::Insert {
        path: path.to_path_buf(),
        anchor: Anchor::ModDeclaration {
            module: module.to_owned(),
        },
        text: format!("{visibility}mod {module};\n"),
    }
}

/// The Rust files and trait snippets of `rendered`, as `render_entity` hands
/// them to rustfmt.
fn rust_parts(rendered: &RenderedEntity) -> ([String; 4], [String; 4]) {
    (
        [
            rendered.data_model.clone(),
            rendered.storage.clone(),
            rendered.storage_pg.clone(),
            rendered.tests.clone(),
        ],
        [
            rendered.access_method.clone(),
            rendered.boxed_access.clone(),
            rendered.map_err_access.clone(),
            rendered.pg_access.clone(),
        ],
    )
}

fn scaling(c: &mut Criterion) {
    let setup = Setup::new();
    let largest = *SIZES.iter().max().unwrap_or(&1);
    // Rendered once, for the stages that do not render, when one of them
    // runs (a filter may leave them out).
    let all_rendered = OnceCell::new();
    let rendered = |size: usize| -> &[RenderedEntity] {
        let all: &Vec<RenderedEntity> = all_rendered.get_or_init(|| {
            setup
                .check(largest)
                .iter()
                .map(|entity| setup.render(entity))
                .collect()
        });
        &all[..size]
    };

    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    for size in SIZES {
        group.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, &size| {
            b.iter(|| {
                let entities = setup.check(size);
                let rendered = entities.iter().map(|entity| setup.render(entity)).collect();
                black_box(setup.plan(&entities, rendered))
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("rustfmt");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    for size in RUSTFMT_SIZES {
        group.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, &size| {
            b.iter(|| {
                for rendered in rendered(size) {
                    let (mut files, mut snippets) = rust_parts(rendered);
                    setup
                        .rustfmt
                        .format(&mut files, &mut snippets)
                        .expect("rustfmt accepts rendered code");
                    black_box((files, snippets));
                }
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("check_and_plan");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    for size in SIZES {
        group.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, &size| {
            b.iter_batched(
                || rendered(size).to_vec(),
                |rendered| {
                    let entities = setup.check(size);
                    black_box(setup.plan(&entities, rendered))
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

/// Entities per round of the stage breakdown.
const STAGE_ENTITIES: usize = 10;
/// Rounds of the stage breakdown, after one to warm up.
const STAGE_ROUNDS: usize = 15;

/// The median, minimum and maximum.
fn summary(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    (median, sorted[0], sorted[n - 1])
}

/// The pipeline's stages timed apart in the same rounds, so that rustfmt's
/// share compares figures taken side by side rather than minutes apart on a
/// machine whose load changes: each round checks, renders (with rustfmt)
/// and plans [`STAGE_ENTITIES`] entities, and runs rustfmt alone on what was
/// rendered, alternating which of the two goes first.
fn stages(_: &mut Criterion) {
    let setup = Setup::new();
    let entities_per_round = STAGE_ENTITIES as f64;
    // Per round, in ms per entity: check, render, rustfmt alone, plan.
    let mut rounds: Vec<[f64; 4]> = Vec::new();
    let ms_per_entity = |elapsed: Duration| elapsed.as_secs_f64() * 1000.0 / entities_per_round;
    for round in 0..=STAGE_ROUNDS {
        let start = Instant::now();
        let entities = setup.check(STAGE_ENTITIES);
        let check = ms_per_entity(start.elapsed());

        let render = |setup: &Setup| {
            let start = Instant::now();
            let rendered: Vec<RenderedEntity> =
                entities.iter().map(|entity| setup.render(entity)).collect();
            (ms_per_entity(start.elapsed()), rendered)
        };
        let rustfmt_alone = |setup: &Setup, rendered: &[RenderedEntity]| {
            let start = Instant::now();
            for entity in rendered {
                let (mut files, mut snippets) = rust_parts(entity);
                setup
                    .rustfmt
                    .format(&mut files, &mut snippets)
                    .expect("rustfmt accepts rendered code");
                black_box((files, snippets));
            }
            ms_per_entity(start.elapsed())
        };
        let (render_ms, rendered, rustfmt_ms) = if round % 2 == 0 {
            let (render_ms, rendered) = render(&setup);
            let rustfmt_ms = rustfmt_alone(&setup, &rendered);
            (render_ms, rendered, rustfmt_ms)
        } else {
            // rustfmt first, on the previous rendering of the same entities.
            let (_, previous) = render(&setup);
            let rustfmt_ms = rustfmt_alone(&setup, &previous);
            let (render_ms, rendered) = render(&setup);
            (render_ms, rendered, rustfmt_ms)
        };

        let start = Instant::now();
        black_box(setup.plan(&entities, rendered));
        let plan = ms_per_entity(start.elapsed());
        if round > 0 {
            rounds.push([check, render_ms, rustfmt_ms, plan]);
        }
    }

    let column = |f: &dyn Fn(&[f64; 4]) -> f64| rounds.iter().map(f).collect::<Vec<f64>>();
    let show = |(median, min, max): (f64, f64, f64)| format!("{median:.3} ({min:.3}-{max:.3})");
    println!(
        "\nstages, {STAGE_ROUNDS} rounds of {STAGE_ENTITIES} entities, \
         ms per entity, median (min-max) of the rounds:"
    );
    println!(
        "  check                     {}",
        show(summary(&column(&|r| r[0])))
    );
    println!(
        "  render (with rustfmt)     {}",
        show(summary(&column(&|r| r[1])))
    );
    println!(
        "  rustfmt alone             {}",
        show(summary(&column(&|r| r[2])))
    );
    println!(
        "  plan and resolve          {}",
        show(summary(&column(&|r| r[3])))
    );
    println!(
        "  all, with rustfmt         {}",
        show(summary(&column(&|r| r[0] + r[1] + r[3])))
    );
    println!(
        "  all, without rustfmt      {}",
        show(summary(&column(&|r| r[0] + r[1] - r[2] + r[3])))
    );
    println!(
        "  rustfmt's share of all    {}",
        show(summary(&column(&|r| r[2] / (r[0] + r[1] + r[3]))))
    );
}

criterion_group!(benches, scaling, stages);
criterion_main!(benches);
