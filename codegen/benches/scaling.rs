//! Scaling of the generator in process (BENCHMARKS.md, item 2), with the
//! library's own functions, for 1, 10, 100 and 1000 entities, each like the
//! README's `Device` (every modifier and a reference to `User`):
//!
//! - `pipeline/N`: N new entities at once: parse and check each spec against
//!   the workspace's entities, render them all (templates, then one rustfmt
//!   run for all their files), and one plan of every edit `new-entity` makes,
//!   resolved in memory against a snapshot of this workspace (nothing is
//!   written);
//! - `check_and_plan/N`: the same without rendering (rendered beforehand);
//! - `add_one/N`: what one `new-entity` costs in a workspace that already
//!   holds N generated entities: read them all from the data-model crate,
//!   check the new spec against them, render it and plan it into files that
//!   hold N modules each.
//!
//! ```text
//! cargo bench -p codegen --bench scaling
//! RUSTFMT=true cargo bench -p codegen --bench scaling    # without formatting
//! ```
//!
//! With `RUSTFMT=true` the formatter is a program that does nothing: the
//! figures are then everything but the formatting itself.

use std::{
    cell::OnceCell,
    hint::black_box,
    path::Path,
    time::{Duration, SystemTime},
};

use codegen::{
    Workspace,
    apply::write_all,
    commands::plan_new_entity,
    config::Runtime,
    input::{ExistingEntity, parse_entity_spec},
    model::Entity,
    plan::Plan,
    render::{RenderedEntity, RustEdition, Rustfmt, render_entities, render_entity},
    validate::{Diagnostics, check_new_entity},
};
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};

/// Workspace sizes, in entities.
const SIZES: [usize; 4] = [1, 10, 100, 1000];

/// The fields of every entity: the README's example.
const FIELDS: [&str; 5] = [
    "name:String:unique",
    "serial:i64:index",
    "notes:String?",
    "owner:User",
    "last_seen_at:DateTime?",
];

/// A private copy of this workspace's generator inputs, so that edits in
/// progress elsewhere in the tree do not change what is measured.
struct Snapshot {
    _dir: tempfile::TempDir,
    workspace: Workspace,
    rustfmt: Rustfmt,
    existing: Vec<ExistingEntity>,
}

impl Snapshot {
    fn new() -> Self {
        let repository = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("codegen lives in the workspace");
        let dir = tempfile::tempdir().expect("a temporary directory");
        for file in ["Cargo.toml", "codegen.toml"] {
            std::fs::copy(repository.join(file), dir.path().join(file))
                .expect("copy the workspace's manifests");
        }
        copy_tree(&repository.join("storage"), &dir.path().join("storage"));
        let workspace = Workspace::load(dir.path()).expect("the snapshot is a workspace");
        let edition = RustEdition::of_crate(&workspace.root, &workspace.storage_pg);
        let rustfmt = Rustfmt::for_workspace(&workspace.root, edition);
        let existing = workspace.entities().expect("readable entities");
        Self {
            _dir: dir,
            workspace,
            rustfmt,
            existing,
        }
    }

    /// The snapshot with `count` entities added and written, as `count` runs
    /// of `new-entity` would leave it.
    fn grown(count: usize) -> Self {
        let mut snapshot = Self::new();
        if count > 0 {
            let entities = snapshot.check("Grown", count);
            let rendered = render_entities(&entities, &Runtime::reference(), &snapshot.rustfmt)
                .expect("rendering succeeds");
            let changes = snapshot
                .plan(&entities, rendered)
                .resolve(&snapshot.workspace.root, false)
                .expect("the plan resolves");
            write_all(&changes).expect("the snapshot is writable");
            snapshot.existing = snapshot.workspace.entities().expect("readable entities");
        }
        snapshot
    }

    /// Parse and check the specs of `count` new entities named
    /// `<prefix>0000`, `<prefix>0001`, …, each against the workspace's
    /// entities.
    fn check(&self, prefix: &str, count: usize) -> Vec<Entity> {
        let fields: Vec<String> = FIELDS.iter().map(|field| (*field).to_owned()).collect();
        (0..count)
            .map(|index| {
                let mut diagnostics = Diagnostics::default();
                let spec =
                    parse_entity_spec(&format!("{prefix}{index:04}"), &fields, &mut diagnostics);
                check_new_entity(&spec, &self.existing, diagnostics).expect("a valid entity")
            })
            .collect()
    }

    /// One plan of every edit that adds `entities`, as `new-entity` plans
    /// each.
    fn plan(&self, entities: &[Entity], rendered: Vec<RenderedEntity>) -> Plan {
        let mut plan = Plan::default();
        for (entity, rendered) in entities.iter().zip(rendered) {
            plan.extend(
                plan_new_entity(&self.workspace, entity, rendered, SystemTime::now())
                    .expect("the entity plans"),
            );
        }
        plan
    }

    fn resolve(&self, plan: &Plan) -> usize {
        plan.resolve(&self.workspace.root, false)
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

fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1));
    group
}

fn new_entities(c: &mut Criterion) {
    let snapshot = Snapshot::new();
    let largest = *SIZES.iter().max().unwrap_or(&1);
    // Rendered once, for the group that does not render, if it runs.
    let all_rendered = OnceCell::new();
    let rendered = |size: usize| -> Vec<RenderedEntity> {
        let all: &Vec<RenderedEntity> = all_rendered.get_or_init(|| {
            render_entities(
                &snapshot.check("Device", largest),
                &Runtime::reference(),
                &snapshot.rustfmt,
            )
            .expect("rendering succeeds")
        });
        all[..size].to_vec()
    };

    let mut pipeline = group(c, "pipeline");
    for size in SIZES {
        pipeline.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, &size| {
            b.iter(|| {
                let entities = snapshot.check("Device", size);
                let rendered = render_entities(&entities, &Runtime::reference(), &snapshot.rustfmt)
                    .expect("rendering succeeds");
                black_box(snapshot.resolve(&snapshot.plan(&entities, rendered)))
            });
        });
    }
    pipeline.finish();

    let mut check_and_plan = group(c, "check_and_plan");
    for size in SIZES {
        check_and_plan.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, &size| {
            b.iter_batched(
                || rendered(size),
                |rendered| {
                    let entities = snapshot.check("Device", size);
                    black_box(snapshot.resolve(&snapshot.plan(&entities, rendered)))
                },
                BatchSize::LargeInput,
            );
        });
    }
    check_and_plan.finish();
}

fn add_one(c: &mut Criterion) {
    let mut add_one = group(c, "add_one");
    for size in SIZES {
        let snapshot = Snapshot::grown(size);
        add_one.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, _| {
            b.iter(|| {
                // As `new-entity` does it: read the workspace's entities first.
                let existing = snapshot.workspace.entities().expect("readable entities");
                let entity = {
                    let fields: Vec<String> =
                        FIELDS.iter().map(|field| (*field).to_owned()).collect();
                    let mut diagnostics = Diagnostics::default();
                    let spec = parse_entity_spec("Added", &fields, &mut diagnostics);
                    check_new_entity(&spec, &existing, diagnostics).expect("a valid entity")
                };
                let rendered = render_entity(&entity, &Runtime::reference(), &snapshot.rustfmt)
                    .expect("renders");
                let plan =
                    plan_new_entity(&snapshot.workspace, &entity, rendered, SystemTime::now())
                        .expect("the entity plans");
                black_box(snapshot.resolve(&plan))
            });
        });
    }
    add_one.finish();
}

criterion_group!(benches, new_entities, add_one);
criterion_main!(benches);
