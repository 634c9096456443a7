//! The corpus of bad invocations: each must exit with code 2, name the
//! offending item, say how to fix it, and leave the tree byte for byte as
//! it was.
//!
//! One row per case. A case that needs a particular tree says how to make
//! it from a copy of this workspace; the tree is compared after that.

mod support;

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use support::{codegen, copy_workspace, stderr};

/// How to prepare the copy before the bad invocation.
#[derive(Clone, Copy)]
enum Setup {
    /// The workspace as it is.
    Workspace,
    /// An empty directory: no `codegen.toml`.
    Empty,
    /// The workspace with a file replaced (or added).
    Write(&'static str, &'static str),
    /// The workspace with a text replaced in a file.
    Replace(&'static str, &'static str, &'static str),
    /// The workspace after a command that must succeed.
    Run(&'static [&'static str]),
    /// The workspace with a file of these bytes, which need not be text.
    Bytes(&'static str, &'static [u8]),
    /// The workspace with a symlink at the first path saying the second.
    Symlink(&'static str, &'static str),
    /// The workspace after each of these, in turn.
    All(&'static [Setup]),
}

/// One bad invocation and what its message must say.
struct Case {
    args: &'static [&'static str],
    setup: Setup,
    /// The offending item, as the message names it.
    item: &'static str,
    /// How to fix it, as the message says it.
    fix: &'static str,
}

const fn case(args: &'static [&'static str], item: &'static str, fix: &'static str) -> Case {
    Case {
        args,
        setup: Setup::Workspace,
        item,
        fix,
    }
}

const fn after(
    setup: Setup,
    args: &'static [&'static str],
    item: &'static str,
    fix: &'static str,
) -> Case {
    Case {
        args,
        setup,
        item,
        fix,
    }
}

const HAND_WRITTEN: &str = "use ulid::Ulid;\n\npub struct Widget {\n    pub id: Ulid,\n}\n";

const BROKEN_ENTITY: &str = "use chrono::{DateTime, Utc};\nuse ulid::Ulid;\n\nuse crate::Entity;\n\n#[derive(Entity)]\npub struct Widget {\n    pub id: Ulid,\n    pub created_at: DateTime<Utc>,\n    #[entity(uniq)]\n    pub name: String,\n}\n";

/// `Widget` as `new-entity` makes it, then a field added by hand to its
/// struct that would be stored in its key column.
const HAND_ADDED_KEY_COLUMN: Setup = Setup::All(&[
    Setup::Run(&["new-entity", "Widget", "label:String"]),
    Setup::Replace(
        "storage/data-model/src/widget.rs",
        "    pub label: String,\n",
        "    pub label: String,\n    pub widget_id: uuid::Uuid,\n",
    ),
]);

/// A comment that is Latin-1, not UTF-8, on line 2.
const LATIN1: &[u8] = b"//! Widgets.\n// caf\xe9\npub struct Widget;\n";

const CASES: &[Case] = &[
    // Entity names.
    case(
        &["new-entity", "", "name:String"],
        "entity name is empty",
        "such as `Device`",
    ),
    case(
        &["new-entity", "Dévice", "name:String"],
        "`Dévice` has non-ASCII characters",
        "entity names are ASCII PascalCase",
    ),
    case(
        &["new-entity", "2Fa", "name:String"],
        "`2Fa` starts with a digit",
        "entity names are ASCII PascalCase",
    ),
    case(
        &["new-entity", "My-Thing", "name:String"],
        "`My-Thing` contains `-`",
        "entity names are ASCII PascalCase",
    ),
    case(
        &["new-entity", "device", "name:String"],
        "instead of `device`",
        "write `Device`",
    ),
    case(
        &["new-entity", "user_device", "name:String"],
        "instead of `user_device`",
        "write `UserDevice`",
    ),
    case(
        &["new-entity", "Type", "name:String"],
        "modules `type`, a Rust keyword",
        "such as `TypeEntry`",
    ),
    case(
        &["new-entity", "Self", "name:String"],
        "`Self` is a type name the generated code already uses",
        "such as `SelfEntry`",
    ),
    case(
        &["new-entity", "Where", "name:String"],
        "modules `where`, a Rust keyword",
        "such as `WhereEntry`",
    ),
    case(
        &["new-entity", "Page", "name:String"],
        "`Page` is a type name the generated code already uses",
        "such as `PageEntry`",
    ),
    case(
        &["new-entity", "User", "name:String"],
        "entity `User` already exists in `",
        "choose another name",
    ),
    after(
        Setup::Run(&["new-entity", "Person", "name:String"]),
        &["new-entity", "People", "name:String"],
        "table `people`, which entity `Person` already uses",
        "choose another name",
    ),
    case(
        &["new-entity", "Widget"],
        "entity `Widget` has no fields",
        "give at least one, for example `name:String`",
    ),
    case(
        &[
            "new-entity",
            "AnEntityWhoseNameIsFarTooLongForPostgresql",
            "the_label_of_the_entity_in_question:String:index",
        ],
        "is 92 bytes long",
        "shorten the entity or field name",
    ),
    // Field grammar.
    case(
        &["new-entity", "Widget", "name"],
        "field 1 `name`",
        "write it as `name:<type>`",
    ),
    case(
        &["new-entity", "Widget", ":String"],
        "field 1 `:String`: the field has no name",
        "write it as `<name>:<type>`",
    ),
    case(
        &["new-entity", "Widget", "label:"],
        "field `label` has no type",
        "for example `label:String`",
    ),
    case(
        &["new-entity", "Widget", "label?:String"],
        "field 1 `label?:String`",
        "write `label:String?`",
    ),
    case(
        &["new-entity", "Widget", "label:String??"],
        "`String??` has more than one `?`",
        "a single `?` after the type",
    ),
    case(
        &["new-entity", "Widget", "label:String:?"],
        "field 1 `label:String:?`",
        "write `label:String?`",
    ),
    case(
        &["new-entity", "Widget", "label:String:"],
        "empty modifier in `label:String:`",
        "the modifiers are `unique` and `index`",
    ),
    case(
        &["new-entity", "Widget", "label:String:uniq"],
        "unknown modifier `uniq`",
        "did you mean `unique`",
    ),
    case(
        &["new-entity", "Widget", "label:String:primary"],
        "unknown modifier `primary`",
        "the modifiers are `unique` and `index`",
    ),
    case(
        &["new-entity", "Widget", "label:String:unique:unique"],
        "modifier `unique` is given twice",
        "give it once",
    ),
    case(
        &["new-entity", "Widget", "label:String:index:index"],
        "modifier `index` is given twice",
        "give it once",
    ),
    case(
        &["new-entity", "Widget", "label:String:unique:index"],
        "`:index` is redundant on field `label`",
        "drop `:index`",
    ),
    // Field names.
    case(
        &["new-entity", "Widget", "lastSeen:DateTime"],
        "instead of `lastSeen`",
        "write `last_seen`",
    ),
    case(
        &["new-entity", "Widget", "nöte:String"],
        "`nöte` has non-ASCII characters",
        "field names are ASCII snake_case",
    ),
    case(
        &["new-entity", "Widget", "2fa:bool"],
        "`2fa` starts with a digit",
        "field names are ASCII snake_case",
    ),
    case(
        &["new-entity", "Widget", "type:String"],
        "`type` is a Rust keyword",
        "such as `type_value`",
    ),
    case(
        &["new-entity", "Widget", "where:String"],
        "`where` is a Rust keyword",
        "such as `where_value`",
    ),
    case(
        &["new-entity", "Widget", "in:i32"],
        "`in` is a Rust keyword",
        "such as `in_value`",
    ),
    case(
        &["new-entity", "Widget", "id:Ulid"],
        "every entity already has `id`",
        "remove this field",
    ),
    case(
        &["new-entity", "Widget", "created_at:DateTime"],
        "every entity already has `created_at`",
        "remove this field",
    ),
    case(
        &["new-entity", "Widget", "label:String", "label:i64"],
        "field `label` is declared twice",
        "give each field once",
    ),
    // Types and references.
    case(
        &["new-entity", "Widget", "label:Strng"],
        "unknown type `Strng`",
        "did you mean `String`?",
    ),
    case(
        &["new-entity", "Widget", "label:string"],
        "unknown type `string`",
        "did you mean `String`?",
    ),
    case(
        &["new-entity", "Widget", "count:u128"],
        "unknown type `u128`",
        "the built-in types are String, bool",
    ),
    case(
        &["new-entity", "Widget", "account:Account"],
        "unknown type `Account`: no entity of that name exists",
        "create it first with `codegen new-entity Account ...`",
    ),
    case(
        &["new-entity", "Widget", "parent:Widget"],
        "`Widget` cannot reference itself yet",
        "store the other row's id as `parent:Ulid`",
    ),
    case(
        &["new-entity", "Widget", "owner_id:User"],
        "not `owner_id`",
        "write `owner:User`",
    ),
    case(
        &["new-entity", "Widget", "active:bool:unique"],
        "a unique `bool` field allows at most two rows",
        "use `active:bool:index` or drop `:unique`",
    ),
    case(
        &["new-entity", "Widget", "owner:User", "owner_id:Uuid"],
        "field `owner_id` would be `owner_id` in Rust",
        "rename one",
    ),
    // Columns and methods the generated code has already.
    case(
        &["new-entity", "Gadget", "gadget_id:Uuid"],
        "field `gadget_id` would be column `gadget_id`, the key column",
        "remove the field, or rename it, such as `external_gadget_id`",
    ),
    case(
        &["new-entity", "Doohickey", "doohickey:User"],
        "reference `doohickey` would be stored in column `doohickey_id`, the key column",
        "name the reference after its role, such as `doohickey_user:User`",
    ),
    after(
        HAND_ADDED_KEY_COLUMN,
        &["sync", "Widget"],
        "storage/data-model/src/widget.rs:17: field `widget_id` would be column `widget_id`",
        "remove the field, or rename it",
    ),
    after(
        HAND_ADDED_KEY_COLUMN,
        &["migrate", "diff"],
        "storage/data-model/src/widget.rs:17: field `widget_id` would be column `widget_id`",
        "remove the field, or rename it",
    ),
    case(
        &["new-entity", "Widget", "new:bool"],
        "field `new` would give `WidgetFilter` a method `new`, which it has already",
        "rename the field",
    ),
    case(
        &["new-entity", "Widget", "active:bool", "with_active:bool"],
        "fields `active` and `with_active` would both give `WidgetFilter` a method `with_active`",
        "rename one",
    ),
    // Names the generated code uses unqualified.
    case(
        &["new-entity", "Send", "name:String"],
        "`Send` is a name of Rust's prelude",
        "such as `SendEntry`",
    ),
    case(
        &["new-entity", "Sync", "name:String"],
        "`Sync` is a name of Rust's prelude",
        "such as `SyncEntry`",
    ),
    case(
        &["new-entity", "From", "name:String"],
        "`From` is a name of Rust's prelude",
        "such as `FromEntry`",
    ),
    case(
        &["new-entity", "Into", "name:String"],
        "`Into` is a name of Rust's prelude",
        "such as `IntoEntry`",
    ),
    case(
        &["new-entity", "Sqlx", "name:String"],
        "`Sqlx` would name its modules `sqlx`, like the crate `sqlx`",
        "such as `SqlxEntry`",
    ),
    case(
        &["new-entity", "Context", "name:String"],
        "would give its PostgreSQL tests two things named `Context`: `crate::context::Context` \
         and `data_model::Context`",
        "choose another entity name, such as `ContextEntry`",
    ),
    case(
        &["new-entity", "Widget", "type_:String"],
        "instead of `type_`",
        "write `type_value`",
    ),
    // Conflicts with the tree.
    after(
        Setup::Replace(
            "storage/data-model/src/lib.rs",
            "mod user;\n",
            "mod user;\nmod widget;\n",
        ),
        &["new-entity", "Widget", "label:String"],
        "storage/data-model/src/lib.rs: cannot insert into a group of `mod` declarations: line 14 \
         declares `widget` already",
        "remove it, or choose another entity name",
    ),
    after(
        Setup::Write("storage/pg/src/widget.rs", "// A person's file.\n"),
        &["new-entity", "Widget", "label:String"],
        "storage/pg/src/widget.rs: already exists",
        "without `--force`",
    ),
    after(
        // Inline wiring where the wiring is written by build scripts: no
        // `trait RepositoryAccess` in the source to insert into.
        Setup::Replace(
            "codegen.toml",
            "wiring = \"build-script\"",
            "wiring = \"inline\"",
        ),
        &["new-entity", "Widget", "label:String"],
        "no file under storage/core/src holds `trait RepositoryAccess`",
        "check that `codegen.toml` points at the right crates",
    ),
    after(
        Setup::Write("storage/data-model/src/widget.rs", BROKEN_ENTITY),
        &["new-entity", "Gadget", "label:String"],
        "storage/data-model/src/widget.rs:10: unknown entity attribute `uniq`",
        "fix it there",
    ),
    // Sources codegen cannot read.
    after(
        Setup::Bytes("storage/data-model/src/latin1.rs", LATIN1),
        &["new-entity", "Gadget", "label:String"],
        "storage/data-model/src/latin1.rs:2: the file is not UTF-8: byte `0xe9` in column 7",
        "save the file as UTF-8",
    ),
    after(
        Setup::Bytes("storage/core/src/nested/latin1.rs", LATIN1),
        &["list"],
        "storage/core/src/nested/latin1.rs:2: the file is not UTF-8",
        "save the file as UTF-8",
    ),
    after(
        // Inline wiring: the storage crate is searched for the trait.
        Setup::All(&[
            Setup::Replace(
                "codegen.toml",
                "wiring = \"build-script\"",
                "wiring = \"inline\"",
            ),
            Setup::Bytes("storage/core/src/latin1.rs", LATIN1),
        ]),
        &["new-entity", "Gadget", "label:String"],
        "storage/core/src/latin1.rs:2: the file is not UTF-8",
        "save the file as UTF-8",
    ),
    after(
        Setup::Symlink("storage/data-model/src/looping.rs", "looping.rs"),
        &["new-entity", "Gadget", "label:String"],
        "storage/data-model/src/looping.rs:1: this symlink leads back to itself (it points to \
         `looping.rs`)",
        "point it at a real file or remove it",
    ),
    after(
        Setup::Symlink("storage/core/src/nested.rs", "../src/nested.rs"),
        &["list"],
        "storage/core/src/nested.rs:1: this symlink leads back to itself",
        "point it at a real file or remove it",
    ),
    after(
        Setup::Symlink("storage/data-model/src/moved.rs", "elsewhere/moved.rs"),
        &["new-entity", "Gadget", "label:String"],
        "storage/data-model/src/moved.rs:1: this symlink points to `elsewhere/moved.rs`, which \
         does not exist",
        "point it at a real file or remove it",
    ),
    after(
        Setup::Symlink("storage/core/src/again", "."),
        &["list"],
        "storage/core/src/again:1: this symlink to the directory `.` leads back to a directory \
         that holds it",
        "point it elsewhere or remove it",
    ),
    after(
        Setup::Symlink("storage/core/src/up", "../.."),
        &["list"],
        "storage/core/src/up:1: this symlink to the directory `../..` leads back",
        "point it elsewhere or remove it",
    ),
    // The workspace.
    after(
        Setup::Empty,
        &["new-entity", "Widget", "label:String"],
        "no `codegen.toml`",
        "pass `--workspace <dir>`",
    ),
    case(
        &["--workspace", "Cargo.toml", "list"],
        "`Cargo.toml` is a file, not a directory",
        "pass `--workspace` the directory that holds your workspace's `codegen.toml`",
    ),
    case(
        &["check", "--database-url", "mysql://localhost/app"],
        "`--database-url` is not a PostgreSQL URL sqlx can use",
        "write it as `postgres://user:password@host:5432/database`",
    ),
    after(
        Setup::Write("sqlx.toml", "[common\ndatabase-url-var = 1\n"),
        &["check"],
        "sqlx.toml",
        "fix it so that sqlx-cli can read it too",
    ),
    after(
        Setup::Empty,
        &["--workspace", "elsewhere", "list"],
        "elsewhere/codegen.toml: no such file",
        "pass `--workspace` the directory that holds your workspace's `codegen.toml`",
    ),
    after(
        Setup::Write(
            "codegen.toml",
            "[crates\ndata-model = \"storage/data-model\"\n",
        ),
        &["new-entity", "Widget", "label:String"],
        "codegen.toml",
        "fix `codegen.toml`",
    ),
    after(
        Setup::Write(
            "codegen.toml",
            "[crates]\ndata-model = \"storage/data-model\"\nstorage = \"storage/core\"\n",
        ),
        &["list"],
        "`storage-pg`",
        "fix `codegen.toml`",
    ),
    after(
        Setup::Write(
            "codegen.toml",
            "[crates]\ndata-model = \"storage/data-model\"\nstorage = \"storage/core\"\nstorage-pg = \"storage/pg\"\ncolour = \"blue\"\n",
        ),
        &["check", "--skip-sqlx"],
        "`colour`",
        "fix `codegen.toml`",
    ),
    after(
        Setup::Write(
            "codegen.toml",
            "[crates]\ndata-model = \"storage/data-model\"\nstorage = \"storage/storage\"\nstorage-pg = \"storage/pg\"\n",
        ),
        &["new-entity", "Widget", "label:String"],
        "`crates.storage` points at `storage/storage`, which holds no Cargo.toml",
        "set it to the directory of your storage crate",
    ),
    // destroy-entity.
    case(
        &["destroy-entity", "Devce"],
        "no entity `Devce`",
        "`codegen list` shows the entities",
    ),
    case(
        &["destroy-entity", "Usr"],
        "no entity `Usr`",
        "did you mean `User`?",
    ),
    case(
        &["destroy-entity", "User"],
        "`UserEmail` references it in field `user`",
        "destroy them first, or remove those fields",
    ),
    after(
        Setup::Write("storage/data-model/src/widget.rs", HAND_WRITTEN),
        &["new-entity", "Gizmo", "owner:Widget"],
        "`owner` references `Widget`, which codegen did not write",
        "keep its id in a plain field (`owner_id:Ulid`)",
    ),
    after(
        Setup::Write("storage/data-model/src/widget.rs", HAND_WRITTEN),
        &["destroy-entity", "Widget"],
        "`Widget` in storage/data-model/src/widget.rs does not derive `Entity`",
        "remove it by hand",
    ),
    // The command line itself.
    case(
        &["frobnicate"],
        "unrecognized subcommand 'frobnicate'",
        "try '--help'",
    ),
    case(&["new-entity"], "<NAME>", "try '--help'"),
    case(
        &["new-entity", "Widget", "label:String", "--forse"],
        "unexpected argument '--forse'",
        "a similar argument exists: '--force'",
    ),
    case(
        &["completions", "tcsh"],
        "invalid value 'tcsh'",
        "possible values: bash",
    ),
    case(
        &["--color", "sometimes", "list"],
        "invalid value 'sometimes'",
        "possible values: auto, always, never",
    ),
];

/// Prepare `dir` as `setup` says.
fn prepare(dir: &Path, setup: Setup) {
    if !matches!(setup, Setup::Empty) {
        copy_workspace(dir);
    }
    change(dir, setup);
}

/// Change the copy in `dir` as `setup` says.
fn change(dir: &Path, setup: Setup) {
    match setup {
        Setup::Workspace | Setup::Empty => {}
        Setup::Bytes(path, bytes) => {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        Setup::Symlink(path, target) => symlink(target, &dir.join(path)),
        Setup::All(setups) => {
            for setup in setups {
                change(dir, *setup);
            }
        }
        Setup::Write(path, text) => std::fs::write(dir.join(path), text).unwrap(),
        Setup::Replace(path, from, to) => {
            let path = dir.join(path);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{from:?} is not in {}", path.display());
            std::fs::write(&path, text.replace(from, to)).unwrap();
        }
        Setup::Run(args) => {
            let output = codegen(dir, args);
            assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        }
    }
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(not(unix))]
fn symlink(target: &str, link: &Path) {
    std::os::windows::fs::symlink_file(target, link).unwrap();
}

/// Every file under `root` with its bytes, and every symlink with what it
/// says, which is not followed: the cases' links loop.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let metadata = path.symlink_metadata().unwrap();
            let bytes = if metadata.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                format!("symlink to {}", target.display()).into_bytes()
            } else if metadata.is_dir() {
                pending.push(path);
                continue;
            } else {
                std::fs::read(&path).unwrap()
            };
            files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
        }
    }
    files
}

#[test]
fn every_bad_invocation_is_refused_with_the_item_and_the_fix() {
    assert!(CASES.len() >= 40, "the corpus has {} cases", CASES.len());
    let mut failures = Vec::new();
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        prepare(dir.path(), case.setup);
        let before = snapshot(dir.path());

        let output = codegen(dir.path(), case.args);

        let message = stderr(&output);
        let mut problems = Vec::new();
        if output.status.code() != Some(2) {
            problems.push(format!("exit code {:?}", output.status.code()));
        }
        for (what, needle) in [("item", case.item), ("fix", case.fix)] {
            if !message.contains(needle) {
                problems.push(format!("no {what} {needle:?}"));
            }
        }
        if snapshot(dir.path()) != before {
            problems.push("the tree changed".to_owned());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{:?}: {}\n{message}",
                case.args,
                problems.join(", ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
