//! The wiring of repositories into `RepositoryAccess`: which repository
//! traits exist, and which accessor of which implementation is missing.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;

use super::{Location, SourceFile};
use crate::naming;

/// The trait through which a unit of work hands out its repositories.
const ACCESS_TRAIT: &str = "RepositoryAccess";

/// A repository trait: one carrying `#[repository]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepositoryTrait {
    /// `DeviceRepository`.
    pub name: String,
    /// Where it is declared.
    pub location: Location,
}

/// `trait RepositoryAccess` or one of its implementations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessSite {
    /// `` `trait RepositoryAccess` `` or `` `impl RepositoryAccess for Box` ``.
    pub what: String,
    /// Where it starts.
    pub location: Location,
    /// Each method: the identifiers of its return type, and where it is.
    accessors: Vec<(Vec<String>, Location)>,
}

impl AccessSite {
    /// Where the accessor that returns a `repository` lives, if any.
    #[must_use]
    pub fn accessor_of(&self, repository: &str) -> Option<&Location> {
        self.accessors
            .iter()
            .find(|(idents, _)| idents.iter().any(|ident| ident == repository))
            .map(|(_, location)| location)
    }

    /// Whether this is the trait rather than an implementation.
    #[must_use]
    pub fn is_trait(&self) -> bool {
        self.what.starts_with("`trait")
    }
}

/// Every trait carrying `#[repository]` in `files`.
pub fn repository_traits(files: &[SourceFile]) -> Vec<RepositoryTrait> {
    files
        .iter()
        .flat_map(|file| file.items().map(move |item| (file, item)))
        .filter_map(|(file, item)| match item {
            syn::Item::Trait(found)
                if found.attrs.iter().any(|attr| {
                    attr.path()
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "repository")
                }) =>
            {
                Some(RepositoryTrait {
                    name: found.ident.to_string(),
                    location: file.at(found.ident.span()),
                })
            }
            _ => None,
        })
        .collect()
}

/// `trait RepositoryAccess` and every implementation of it in `files`.
pub fn access_sites<'a>(files: impl IntoIterator<Item = &'a SourceFile>) -> Vec<AccessSite> {
    let mut sites = Vec::new();
    for file in files {
        for item in file.items() {
            let (what, span, signatures): (_, _, Vec<&syn::Signature>) = match item {
                syn::Item::Trait(found) if found.ident == ACCESS_TRAIT => (
                    format!("`trait {ACCESS_TRAIT}`"),
                    found.ident.span(),
                    found
                        .items
                        .iter()
                        .filter_map(|member| match member {
                            syn::TraitItem::Fn(method) => Some(&method.sig),
                            _ => None,
                        })
                        .collect(),
                ),
                syn::Item::Impl(found) => {
                    let Some(self_type) = implementation_of_access(found) else {
                        continue;
                    };
                    (
                        format!("`impl {ACCESS_TRAIT} for {self_type}`"),
                        found.impl_token.span(),
                        found
                            .items
                            .iter()
                            .filter_map(|member| match member {
                                syn::ImplItem::Fn(method) => Some(&method.sig),
                                _ => None,
                            })
                            .collect(),
                    )
                }
                _ => continue,
            };
            sites.push(AccessSite {
                what,
                location: file.at(span),
                accessors: signatures
                    .into_iter()
                    .map(|signature| accessor(file, signature))
                    .collect(),
            });
        }
    }
    sites
}

/// With inline wiring: every repository that lacks an accessor in `trait
/// RepositoryAccess` or one of its implementations, as one finding each:
/// what, where, and how to fix it.
#[must_use]
pub fn missing_wiring(repositories: &[RepositoryTrait], sites: &[AccessSite]) -> Vec<String> {
    let mut findings = Vec::new();
    if !repositories.is_empty() && !sites.iter().any(AccessSite::is_trait) {
        findings.push(format!(
            "no `trait {ACCESS_TRAIT}` in the storage crate, so no repository is wired; \
             declare it there with an accessor for each repository"
        ));
    }
    for site in sites {
        for repository in repositories {
            if site.accessor_of(&repository.name).is_none() {
                findings.push(format!(
                    "{}: {} has no accessor for `{}` ({}); add one returning \
                     `Box<dyn {}<...>>`, like the others there",
                    site.location, site.what, repository.name, repository.location, repository.name
                ));
            }
        }
    }
    findings
}

/// With build-script wiring: every repository whose PostgreSQL
/// implementation (`Pg<Name>Repository`, which the build script wires)
/// `backend` lacks.
#[must_use]
pub fn missing_implementations(
    repositories: &[RepositoryTrait],
    backend: &[SourceFile],
    backend_crate: &str,
) -> Vec<String> {
    // The build script wires `impl <Trait> for Pg<Trait>` and nothing else.
    let implemented: Vec<(String, String)> = backend
        .iter()
        .flat_map(SourceFile::items)
        .filter_map(|item| match item {
            syn::Item::Impl(item) => {
                let (path, _) = item.trait_.as_ref()?;
                let implementation = match &*item.self_ty {
                    syn::Type::Path(ty) => ty.path.segments.last()?.ident.to_string(),
                    _ => return None,
                };
                Some((path.segments.last()?.ident.to_string(), implementation))
            }
            _ => None,
        })
        .collect();
    repositories
        .iter()
        .filter(|repository| {
            let wired = (
                repository.name.clone(),
                naming::pg_implementation(&repository.name),
            );
            !implemented.contains(&wired)
        })
        .map(|repository| {
            format!(
                "{}: `{}` has no implementation `Pg{}` in {backend_crate}, so the build \
                 script cannot give `PgRepository` its accessor; add \
                 `impl {} for Pg{}`",
                repository.location,
                repository.name,
                repository.name,
                repository.name,
                repository.name
            )
        })
        .collect()
}

/// The implementing type's last path segment, if `item` implements
/// `RepositoryAccess`.
fn implementation_of_access(item: &syn::ItemImpl) -> Option<String> {
    let (path, _) = item.trait_.as_ref()?;
    if path.segments.last().is_none_or(|s| s.ident != ACCESS_TRAIT) {
        return None;
    }
    match &*item.self_ty {
        syn::Type::Path(ty) => ty.path.segments.last().map(|s| s.ident.to_string()),
        other => Some(other.to_token_stream().to_string()),
    }
}

fn accessor(file: &SourceFile, sig: &syn::Signature) -> (Vec<String>, Location) {
    let mut found = Vec::new();
    idents(sig.output.to_token_stream(), &mut found);
    (found, file.at(sig.ident.span()))
}

fn idents(tokens: TokenStream, found: &mut Vec<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => found.push(ident.to_string()),
            TokenTree::Group(group) => idents(group.stream(), found),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn source(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            syntax: Some(syn::parse_file(text).unwrap()),
        }
    }

    const ACCESS: &str = "pub trait RepositoryAccess {\n    type Error;\n    fn user<'c>(&'c mut self) -> Box<dyn crate::user::UserRepository<Error = Self::Error> + 'c>;\n}\n\nimpl<R: RepositoryAccess> RepositoryAccess for Box<R> {\n    type Error = R::Error;\n}\n";

    #[test]
    fn a_missing_accessor_is_found_with_its_place() {
        let files = [
            source("core/src/repository.rs", ACCESS),
            source(
                "core/src/user.rs",
                "#[repository]\n#[async_trait]\npub trait UserRepository: Send {}\n",
            ),
        ];
        let repositories = repository_traits(&files);
        assert_eq!(repositories.len(), 1);
        let sites = access_sites(&files);
        assert_eq!(sites.len(), 2);
        assert_eq!(sites[0].accessor_of("UserRepository").unwrap().line, 3);

        let findings = missing_wiring(&repositories, &sites);
        assert_eq!(
            findings,
            vec![
                "core/src/repository.rs:6: `impl RepositoryAccess for Box` has no accessor for \
                 `UserRepository` (core/src/user.rs:3); add one returning \
                 `Box<dyn UserRepository<...>>`, like the others there"
                    .to_owned()
            ]
        );
    }

    #[test]
    fn without_the_trait_nothing_is_wired() {
        let files = [source(
            "core/src/user.rs",
            "#[repository]\npub trait UserRepository {}\n",
        )];
        let findings = missing_wiring(&repository_traits(&files), &access_sites(&files));
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0].contains("no `trait RepositoryAccess`"),
            "{findings:?}"
        );
    }
}
