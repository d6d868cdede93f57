//! Backoff after failed sign-ins: a few free attempts, then a lock that doubles each time.

/// Failed attempts allowed before the account locks.
pub const FREE_ATTEMPTS: i32 = 5;
/// The first lock lasts this long; every further failure doubles it.
pub const FIRST_LOCK_SECONDS: i64 = 60;
/// The lock never lasts longer than this.
pub const MAX_LOCK_SECONDS: i64 = 60 * 60;

/// How long to lock the account after the `failed_attempts`-th consecutive failure
/// (`None`: no lock yet).
pub fn lock_duration_seconds(failed_attempts: i32) -> Option<i64> {
    if failed_attempts < FREE_ATTEMPTS {
        return None;
    }
    let doublings = (failed_attempts - FREE_ATTEMPTS).min(16) as u32;
    Some((FIRST_LOCK_SECONDS << doublings).min(MAX_LOCK_SECONDS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lock_starts_after_free_attempts_and_doubles() {
        assert_eq!(lock_duration_seconds(0), None);
        assert_eq!(lock_duration_seconds(4), None);
        assert_eq!(lock_duration_seconds(5), Some(60));
        assert_eq!(lock_duration_seconds(6), Some(120));
        assert_eq!(lock_duration_seconds(7), Some(240));
        assert_eq!(lock_duration_seconds(100), Some(3600));
    }

    proptest! {
        #[test]
        fn lock_never_shrinks_and_stays_capped(n in 0i32..1000) {
            let now = lock_duration_seconds(n).unwrap_or(0);
            let next = lock_duration_seconds(n + 1).unwrap_or(0);
            prop_assert!(next >= now);
            prop_assert!(next <= MAX_LOCK_SECONDS);
        }
    }
}
