//! Writes the `RepositoryAccess` wiring from the `#[repository]` traits of
//! this crate (see `codegen::build`).

fn main() {
    codegen::build::write_repository_access("crate::MapErr");
}
