//! Migration versions: `YYYYMMDDHHMMSS` in UTC, as sqlx-cli names them.

use std::{path::Path, time::SystemTime};

use crate::Error;

/// A migration's version: its UTC creation time as the number
/// `YYYYMMDDHHMMSS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MigrationVersion(pub u64);

impl MigrationVersion {
    /// The version for `time`.
    #[must_use]
    pub fn at(time: SystemTime) -> Self {
        let seconds = time
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let days = i64::try_from(seconds / 86_400).unwrap_or(i64::MAX);
        let (year, month, day) = civil_from_days(days);
        let second_of_day = seconds % 86_400;
        let (hour, minute, second) = (
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60,
        );
        let year = u64::try_from(year).unwrap_or(0);
        Self(((((year * 100 + month) * 100 + day) * 100 + hour) * 100 + minute) * 100 + second)
    }
}

impl std::fmt::Display for MigrationVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:014}", self.0)
    }
}

/// The version for a migration made at `now` in `dir`: `now`'s, or one past
/// the newest existing migration if that is not earlier, so versions stay
/// unique and ordered even when two are made in the same second.
///
/// # Errors
///
/// Fails when `dir` exists but cannot be listed.
pub fn next_migration_version(dir: &Path, now: SystemTime) -> Result<MigrationVersion, Error> {
    let newest = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name();
                let digits: String = name
                    .to_str()?
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse::<u64>().ok()
            })
            .max(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(Error::Io {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let version = MigrationVersion::at(now);
    Ok(match newest {
        Some(newest) if newest >= version.0 => MigrationVersion(newest + 1),
        _ => version,
    })
}

/// The proleptic Gregorian date of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u64, u64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        year,
        u64::try_from(month).unwrap_or(1),
        u64::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn versions_are_utc_timestamps() {
        assert_eq!(MigrationVersion::at(at(0)).to_string(), "19700101000000");
        // 2026-11-25T17:15:30Z
        assert_eq!(
            MigrationVersion::at(at(1_795_626_930)).to_string(),
            "20261125171530"
        );
        // 2024-02-29T23:59:59Z, a leap day.
        assert_eq!(
            MigrationVersion::at(at(1_709_251_199)).to_string(),
            "20240229235959"
        );
    }

    #[test]
    fn versions_stay_ahead_of_existing_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let now = at(1_795_626_930);
        assert_eq!(
            next_migration_version(dir.path(), now).unwrap().0,
            20_261_125_171_530
        );

        std::fs::write(dir.path().join("20261125171530_create_users.sql"), "").unwrap();
        assert_eq!(
            next_migration_version(dir.path(), now).unwrap().0,
            20_261_125_171_531
        );

        std::fs::write(dir.path().join("29990101000000_future.sql"), "").unwrap();
        assert_eq!(
            next_migration_version(dir.path(), now).unwrap().0,
            29_990_101_000_001
        );
    }

    #[test]
    fn a_missing_directory_has_no_migrations() {
        let version = next_migration_version(Path::new("/nonexistent/migrations"), at(0)).unwrap();
        assert_eq!(version.0, 19_700_101_000_000);
    }
}
