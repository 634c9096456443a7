//! Compile-fail tests of every diagnostic of `#[derive(Entity)]` and
//! `#[repository]`, one small case each with its expected `.stderr`
//! beside it, and compile-pass tests of what the macros must accept.
//!
//! After an intended change to a message, refresh the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p storage-macros --test ui` and review
//! the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/entity/*.rs");
    cases.compile_fail("tests/ui/repository/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
