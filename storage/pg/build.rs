//! Writes `PgRepository`'s `RepositoryAccess` implementation from the
//! `Pg*Repository` implementations of this crate (see `codegen::build`).

fn main() {
    codegen::build::write_backend_access(codegen::build::Backend {
        access_trait: "storage::RepositoryAccess",
        unit_of_work: "crate::PgRepository",
        error: "crate::DatabaseError",
        prefix: "Pg",
        connection: "&mut self.txn",
    });
}
