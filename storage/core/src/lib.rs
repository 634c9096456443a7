//! Repository traits: what the service can ask of its storage, independent of
//! the database behind it.
//!
//! A [`Repository`] is one unit of work. Its [`RepositoryAccess`] accessors
//! hand out one repository per entity; [`RepositoryTransaction::save`] commits
//! everything done through them and [`RepositoryTransaction::cancel`] throws
//! it away.
//!
//! Entity modules are written by `codegen new-entity`. Their traits carry
//! [`repository`], which writes the forwarding implementations.

// Lets `#[repository]` name this crate `::storage` from inside it too.
extern crate self as storage;

mod error;
mod map_err;
mod pagination;
mod repository;
pub mod user;
pub mod user_email;

pub use self::{
    error::RepositoryError,
    map_err::MapErr,
    pagination::{Edge, Node, Page, Pagination, PaginationDirection},
    repository::{BoxRepository, Repository, RepositoryAccess, RepositoryTransaction, repository},
};
