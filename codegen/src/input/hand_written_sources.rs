//! Where codegen finds what a generated entity needs to know of a
//! hand-written one it references ([`super::HandWritten`]).
//!
//! Each comes from `[references.<Entity>]` when set there, else from the
//! workspace: the key from the `CREATE TABLE` of the entity's table, and the
//! sample from the `add` method of its repository trait, called through
//! `RepositoryAccess` with an argument made up for each parameter. What
//! cannot be found is said, with the setting that gives it.

use std::{collections::BTreeMap, path::Path};

use quote::ToTokens;

use super::{HandWritten, NotReferenceable};
use crate::{
    Error,
    config::ReferenceSettings,
    inspect::{live_primary_key, live_tables, migrations, read_sources},
    naming,
    source::repository::result_types,
};

/// The parts of a workspace that tell about its hand-written entities, read
/// once and indexed: the methods of each trait of its storage crate, and
/// the key of each table its migrations leave in place.
pub struct HandWrittenSources {
    /// Every trait of the storage crate's modules, by name, with the
    /// signatures of its methods.
    traits: BTreeMap<String, Vec<syn::Signature>>,
    storage_dir: String,
    /// Each table the migrations leave, with its single-column key.
    tables: BTreeMap<String, Option<String>>,
    migrations_dir: String,
    /// The clock and rng traits, as parameters of `add` name them.
    clock: String,
    rng: String,
}

impl HandWrittenSources {
    /// The sources of the workspace at `root`.
    ///
    /// # Errors
    ///
    /// Fails when a source or a migration cannot be read.
    pub fn read(
        root: &Path,
        storage: &Path,
        migrations_dir: &Path,
        clock: &str,
        rng: &str,
    ) -> Result<Self, Error> {
        let shown = |dir: &Path| dir.strip_prefix(root).unwrap_or(dir).display().to_string();
        let mut traits = BTreeMap::new();
        for file in read_sources(root, &storage.join("src"))? {
            for item in file.items() {
                if let syn::Item::Trait(found) = item {
                    traits
                        .entry(found.ident.to_string())
                        .or_insert_with(|| methods(found).cloned().collect());
                }
            }
        }
        let migrations = migrations(migrations_dir)?;
        let tables = live_tables(&migrations)
            .into_keys()
            .map(|table| {
                let key = live_primary_key(&migrations, table).map(str::to_owned);
                (table.to_owned(), key)
            })
            .collect();
        Ok(Self {
            traits,
            storage_dir: shown(&storage.join("src")),
            tables,
            migrations_dir: shown(migrations_dir),
            clock: clock.to_owned(),
            rng: rng.to_owned(),
        })
    }

    /// How to reference the hand-written entity `name`, `settings` first;
    /// or why codegen cannot.
    ///
    /// # Errors
    ///
    /// What it could not find, and where it looked.
    pub fn resolve(
        &self,
        name: &str,
        settings: Option<&ReferenceSettings>,
    ) -> Result<HandWritten, NotReferenceable> {
        self.find(name, settings)
            .map_err(|why| NotReferenceable::settable(name, why))
    }

    fn find(
        &self,
        name: &str,
        settings: Option<&ReferenceSettings>,
    ) -> Result<HandWritten, String> {
        let settings = settings.cloned().unwrap_or_default();
        let table = match settings.table {
            Some(table) => table,
            None => {
                let guessed = naming::table_name(name);
                if !self.tables.contains_key(&guessed) {
                    return Err(format!(
                        "no migration in {} creates its table `{guessed}`",
                        self.migrations_dir
                    ));
                }
                guessed
            }
        };
        let key_column = match settings.key {
            Some(key) => key,
            None => self.tables.get(&table).cloned().flatten().ok_or_else(|| {
                format!(
                    "the migrations in {} give `{table}` no single-column primary key",
                    self.migrations_dir
                )
            })?,
        };
        let repository = format!("{name}Repository");
        let (accessor, methods) = self.repository(&repository)?;
        if !methods.iter().any(|method| method.ident == "lookup") {
            return Err(format!(
                "`{repository}` has no `lookup` method, which the generated tests call to \
                 filter by a `{name}`"
            ));
        }
        let add_sample = match settings.add_sample {
            Some(expression) => expression,
            None => {
                let add = methods
                    .iter()
                    .find(|method| method.ident == "add")
                    .ok_or_else(|| format!("`{repository}` has no `add` method"))?;
                let arguments = self.arguments(add, name, &repository)?;
                format!("cx.repo.{accessor}().add({arguments}).await.unwrap()")
            }
        };
        Ok(HandWritten {
            table,
            key_column,
            accessor,
            add_sample,
        })
    }

    /// The `RepositoryAccess` method that returns a `repository`, and the
    /// methods of that trait.
    fn repository(&self, repository: &str) -> Result<(String, &[syn::Signature]), String> {
        let methods = self
            .traits
            .get(repository)
            .ok_or_else(|| format!("no `trait {repository}` in {}", self.storage_dir))?;
        let accessor = self
            .traits
            .get("RepositoryAccess")
            .into_iter()
            .flatten()
            .find(|method| mentions(&method.output, repository))
            .ok_or_else(|| {
                format!(
                    "no method of `trait RepositoryAccess` in {} returns a `{repository}`",
                    self.storage_dir
                )
            })?;
        Ok((accessor.ident.to_string(), methods))
    }

    /// The arguments of a call of `add`, the method of `repository` that
    /// adds a `name`: one made up for each parameter.
    fn arguments(
        &self,
        add: &syn::Signature,
        name: &str,
        repository: &str,
    ) -> Result<String, String> {
        if add.asyncness.is_none() || !returns_result_of(&add.output, name) {
            return Err(format!(
                "`{repository}::add` is not an `async fn` that returns `Result<{name}, _>`"
            ));
        }
        let mut arguments = Vec::new();
        for input in &add.inputs {
            let syn::FnArg::Typed(parameter) = input else {
                continue;
            };
            let parameter_name = parameter.pat.to_token_stream().to_string();
            let argument = self
                .argument(&parameter.ty, &parameter_name)
                .ok_or_else(|| {
                    format!(
                        "`{repository}::add` takes `{parameter_name}: {}`, which codegen cannot \
                         make up",
                        parameter
                            .ty
                            .to_token_stream()
                            .to_string()
                            .replace("& ", "&")
                    )
                })?;
            arguments.push(argument);
        }
        Ok(arguments.join(", "))
    }

    /// A sample argument for a parameter `name: ty` of an `add` method: the
    /// test context's rng and clock, a string unique to the sample, the
    /// sample number, `None` or `false`.
    fn argument(&self, ty: &syn::Type, name: &str) -> Option<String> {
        match ty {
            syn::Type::Reference(reference) => {
                let bounds = trait_bounds(&reference.elem);
                if reference.mutability.is_some() {
                    bounds.contains(&self.rng).then(|| "&mut cx.rng".to_owned())
                } else if bounds.contains(&self.clock) {
                    Some("&cx.clock".to_owned())
                } else if last_ident(&reference.elem).as_deref() == Some("str") {
                    Some(format!("&format!(\"{name}{{fresh}}\")"))
                } else {
                    None
                }
            }
            syn::Type::Path(_) => match last_ident(ty)?.as_str() {
                "String" => Some(format!("format!(\"{name}{{fresh}}\")")),
                "Option" => Some("None".to_owned()),
                "bool" => Some("false".to_owned()),
                "u8" => Some("fresh".to_owned()),
                integer @ ("u16" | "u32" | "u64" | "u128" | "usize" | "i16" | "i32" | "i64"
                | "i128" | "isize") => Some(format!("{integer}::from(fresh)")),
                _ => None,
            },
            _ => None,
        }
    }
}

/// The signatures of a trait's methods.
fn methods(found: &syn::ItemTrait) -> impl Iterator<Item = &syn::Signature> {
    found.items.iter().filter_map(|item| match item {
        syn::TraitItem::Fn(method) => Some(&method.sig),
        _ => None,
    })
}

/// Whether the identifier `name` appears in `output`.
fn mentions(output: &syn::ReturnType, name: &str) -> bool {
    fn walk(tokens: proc_macro2::TokenStream, name: &str) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == name,
            proc_macro2::TokenTree::Group(group) => walk(group.stream(), name),
            _ => false,
        })
    }
    walk(output.to_token_stream(), name)
}

/// Whether `output` is `Result<name, _>`.
fn returns_result_of(output: &syn::ReturnType, name: &str) -> bool {
    result_types(output).is_some_and(|types| {
        types
            .first()
            .is_some_and(|ok| last_ident(ok).as_deref() == Some(name))
    })
}

/// The last segment of a path type: `String` of `std::string::String`.
fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        syn::Type::Paren(inner) => last_ident(&inner.elem),
        _ => None,
    }
}

/// The traits of `dyn A + B` or `impl A + B` (parenthesised or not), by
/// their last segment.
fn trait_bounds(ty: &syn::Type) -> Vec<String> {
    let bounds = match ty {
        syn::Type::Paren(inner) => return trait_bounds(&inner.elem),
        syn::Type::TraitObject(object) => &object.bounds,
        syn::Type::ImplTrait(implemented) => &implemented.bounds,
        _ => return Vec::new(),
    };
    bounds
        .iter()
        .filter_map(|bound| match bound {
            syn::TypeParamBound::Trait(found) => found
                .path
                .segments
                .last()
                .map(|segment| segment.ident.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPOSITORY: &str = "
        #[async_trait]
        pub trait RepositoryAccess: Send {
            type Error;
            fn user<'c>(&'c mut self) -> Box<dyn UserRepository<Error = Self::Error> + 'c>;
            fn user_email<'c>(&'c mut self) -> Box<dyn UserEmailRepository<Error = Self::Error> + 'c>;
        }
        #[async_trait]
        pub trait UserRepository: Send + Sync {
            type Error;
            async fn lookup(&mut self, id: Ulid) -> Result<Option<User>, Self::Error>;
            async fn add(&mut self, rng: &mut (dyn RngCore + Send), clock: &dyn Clock,
                username: String, admin: bool, quota: i64, note: Option<String>)
                -> Result<User, Self::Error>;
        }
        #[async_trait]
        pub trait UserEmailRepository: Send + Sync {
            type Error;
            async fn lookup(&mut self, id: Ulid) -> Result<Option<UserEmail>, Self::Error>;
            async fn add(&mut self, rng: &mut (dyn RngCore + Send), clock: &dyn Clock,
                user: &User, email: String) -> Result<UserEmail, Self::Error>;
        }
    ";

    fn workspace(migration: &str) -> (tempfile::TempDir, HandWrittenSources) {
        let dir = tempfile::tempdir().unwrap();
        let storage = dir.path().join("storage");
        std::fs::create_dir_all(storage.join("src")).unwrap();
        std::fs::write(storage.join("src/lib.rs"), REPOSITORY).unwrap();
        let migrations = dir.path().join("migrations");
        std::fs::create_dir_all(&migrations).unwrap();
        std::fs::write(migrations.join("1_users.sql"), migration).unwrap();
        let sources =
            HandWrittenSources::read(dir.path(), &storage, &migrations, "Clock", "RngCore")
                .unwrap();
        (dir, sources)
    }

    #[test]
    fn table_key_and_sample_are_found_in_the_workspace() {
        let (_dir, sources) = workspace(
            "CREATE TABLE users (account UUID NOT NULL PRIMARY KEY, username TEXT NOT NULL);",
        );
        let found = sources.resolve("User", None).unwrap();
        assert_eq!(
            found,
            HandWritten {
                table: "users".to_owned(),
                key_column: "account".to_owned(),
                accessor: "user".to_owned(),
                add_sample: "cx.repo.user().add(&mut cx.rng, &cx.clock, \
                             format!(\"username{fresh}\"), false, i64::from(fresh), None)\
                             .await.unwrap()"
                    .to_owned(),
            }
        );
        syn::parse_str::<syn::Expr>(&found.add_sample).unwrap();
    }

    #[test]
    fn settings_win_and_what_is_missing_is_named() {
        let (_dir, sources) = workspace("CREATE TABLE accounts (account_id UUID PRIMARY KEY);");
        let error = sources.resolve("User", None).unwrap_err().why;
        assert!(
            error.starts_with("no migration in migrations creates its table `users`"),
            "{error}"
        );

        let settings = ReferenceSettings {
            table: Some("accounts".to_owned()),
            ..ReferenceSettings::default()
        };
        let found = sources.resolve("User", Some(&settings)).unwrap();
        assert_eq!(found.key_column, "account_id");

        let settings = ReferenceSettings {
            table: Some("user_emails".to_owned()),
            key: Some("user_email_id".to_owned()),
            ..ReferenceSettings::default()
        };
        let error = sources
            .resolve("UserEmail", Some(&settings))
            .unwrap_err()
            .why;
        assert_eq!(
            error,
            "`UserEmailRepository::add` takes `user: &User`, which codegen cannot make up"
        );
        let error = sources.resolve("Device", Some(&settings)).unwrap_err().why;
        assert_eq!(error, "no `trait DeviceRepository` in storage/src");
    }
}
