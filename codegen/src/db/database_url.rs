//! The URL of a throwaway cluster's database.

/// The superuser `initdb` creates in a throwaway cluster.
pub(super) const THROWAWAY_USER: &str = "postgres";

/// The database created in a throwaway cluster; a name of its own, made by
/// codegen, so that nothing the server ships with is ever used.
const THROWAWAY_DATABASE: &str = "codegen";

/// The URL of the throwaway cluster listening on `port`. Trust auth, so no
/// password.
pub(super) fn throwaway(port: u16) -> String {
    format!("postgres://{THROWAWAY_USER}@127.0.0.1:{port}/{THROWAWAY_DATABASE}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throwaway_url_names_the_port_user_and_database() {
        assert_eq!(
            throwaway(54321),
            "postgres://postgres@127.0.0.1:54321/codegen"
        );
    }
}
