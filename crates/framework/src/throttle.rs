//! Throttling sign-in attempts, so that guessing costs the guesser and never the account's
//! owner.
//!
//! - Per client address, a token bucket of failed attempts: a burst, then a slow refill.
//!   An address that has spent it is refused before any password is hashed or any audit
//!   entry written, so a flood costs the server next to nothing.
//! - Per account *and* address, the lock schedule of [`crate::lockout`]: a few free attempts,
//!   then a lock that doubles. A third party's failures lock out only the third party's
//!   address, never the owner signing in from elsewhere.
//! - Both count an attempt before its password is checked (and give it back on success), so
//!   parallel guesses cannot all slip in before the first failure is counted.
//!
//! The counts live in this node's memory (bounded); several nodes each count their own,
//! which a shared store will replace when the application runs on several nodes.
use std::collections::HashMap;
use std::sync::Mutex;

use crate::lockout::lock_duration_seconds;

/// A bucket's size and refill rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub burst: f64,
    pub per_second: f64,
}

/// Failed sign-ins one address may make: 30 at once, then one every 20 seconds (an office
/// behind one address still has room for its people's typing mistakes).
pub const ADDRESS_RATE: Rate = Rate {
    burst: 30.0,
    per_second: 1.0 / 20.0,
};

/// A token bucket; time is in seconds from any fixed origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenBucket {
    tokens: f64,
    at: f64,
}

impl TokenBucket {
    pub fn full(rate: Rate, now: f64) -> TokenBucket {
        TokenBucket {
            tokens: rate.burst,
            at: now,
        }
    }

    fn refill(&mut self, rate: Rate, now: f64) {
        if now > self.at {
            self.tokens = (self.tokens + (now - self.at) * rate.per_second).min(rate.burst);
            self.at = now;
        }
    }

    /// Takes one token, or answers how many seconds until one is there.
    pub fn take(&mut self, rate: Rate, now: f64) -> Result<(), u64> {
        self.refill(rate, now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - self.tokens) / rate.per_second).ceil().max(1.0) as u64)
        }
    }

    /// Gives a token back (the attempt it paid for succeeded).
    pub fn give_back(&mut self, rate: Rate) {
        self.tokens = (self.tokens + 1.0).min(rate.burst);
    }

    /// Whether the bucket is full again (and can be forgotten).
    pub fn is_full(&mut self, rate: Rate, now: f64) -> bool {
        self.refill(rate, now);
        self.tokens >= rate.burst
    }
}

/// The failures of one account from one address.
#[derive(Debug, Clone, Copy, PartialEq)]
struct AccountAtAddress {
    failures: i32,
    locked_until: f64,
}

/// Why an attempt was refused before its password was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This address has made too many failed attempts (any account).
    AddressThrottled { seconds: u64 },
    /// This account is locked for this address.
    Locked { seconds: u64 },
}

impl Refusal {
    pub fn seconds(self) -> u64 {
        match self {
            Refusal::AddressThrottled { seconds } | Refusal::Locked { seconds } => seconds,
        }
    }
}

/// How a failed attempt was counted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Failure {
    /// Consecutive failures of this account from this address.
    pub failures: i32,
    /// Set when this failure locked the account for this address (seconds).
    pub locked_for: Option<i64>,
}

/// Entries kept at most (addresses and account-address pairs); beyond it the settled ones are
/// forgotten first, then the oldest, so an attacker with many addresses cannot grow memory.
const MAX_ENTRIES: usize = 100_000;

#[derive(Default)]
struct Counts {
    addresses: HashMap<String, TokenBucket>,
    accounts: HashMap<(String, String), AccountAtAddress>,
}

/// The sign-in throttle of this node (one per running application).
#[derive(Default)]
pub struct SignInThrottle {
    counts: Mutex<Counts>,
}

/// An attempt counted in advance: report its outcome with [`SignInThrottle::succeeded`] or
/// [`SignInThrottle::failed`].
#[derive(Debug)]
pub struct Attempt {
    address: String,
    account: String,
}

impl SignInThrottle {
    /// Counts an attempt at `account` from `address` before its password is checked, or
    /// refuses it. `now` is in seconds.
    pub fn begin(&self, account: &str, address: &str, now: f64) -> Result<Attempt, Refusal> {
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = (account.to_owned(), address.to_owned());
        if let Some(entry) = counts.accounts.get(&key)
            && entry.locked_until > now
        {
            return Err(Refusal::Locked {
                seconds: (entry.locked_until - now).ceil() as u64,
            });
        }
        if counts.addresses.len() + counts.accounts.len() >= MAX_ENTRIES {
            forget_settled(&mut counts, now);
        }
        let bucket = counts
            .addresses
            .entry(address.to_owned())
            .or_insert_with(|| TokenBucket::full(ADDRESS_RATE, now));
        bucket
            .take(ADDRESS_RATE, now)
            .map_err(|seconds| Refusal::AddressThrottled { seconds })?;
        // Counted as a failure until it proves otherwise.
        let entry = counts.accounts.entry(key).or_insert(AccountAtAddress {
            failures: 0,
            locked_until: 0.0,
        });
        entry.failures += 1;
        if let Some(seconds) = lock_duration_seconds(entry.failures) {
            // The attempts in flight beyond the free ones wait for this one's outcome.
            entry.locked_until = now + seconds as f64;
        }
        Ok(Attempt {
            address: address.to_owned(),
            account: account.to_owned(),
        })
    }

    /// The password was right: the attempt's counts are given back.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        counts
            .accounts
            .remove(&(attempt.account, attempt.address.clone()));
        if let Some(bucket) = counts.addresses.get_mut(&attempt.address) {
            bucket.give_back(ADDRESS_RATE);
        }
    }

    /// The password was wrong: the attempt stays counted; answers how.
    pub fn failed(&self, attempt: Attempt, now: f64) -> Failure {
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = counts
            .accounts
            .entry((attempt.account, attempt.address))
            .or_insert(AccountAtAddress {
                failures: 1,
                locked_until: 0.0,
            });
        let locked_for = lock_duration_seconds(entry.failures);
        entry.locked_until = locked_for.map_or(0.0, |seconds| now + seconds as f64);
        Failure {
            failures: entry.failures,
            locked_for,
        }
    }
}

/// Drops what no longer restrains anyone; if that is not enough, everything of the oldest
/// half (a flood from many addresses must not grow memory without bound).
fn forget_settled(counts: &mut Counts, now: f64) {
    counts
        .addresses
        .retain(|_, bucket| !bucket.is_full(ADDRESS_RATE, now));
    counts.accounts.retain(|_, entry| entry.locked_until > now);
    if counts.addresses.len() + counts.accounts.len() >= MAX_ENTRIES {
        counts.addresses.clear();
        counts.accounts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockout::FREE_ATTEMPTS;
    use proptest::prelude::*;

    #[test]
    fn a_bucket_allows_its_burst_then_its_rate() {
        let rate = Rate {
            burst: 3.0,
            per_second: 0.5,
        };
        let mut bucket = TokenBucket::full(rate, 0.0);
        for _ in 0..3 {
            assert_eq!(bucket.take(rate, 0.0), Ok(()));
        }
        assert_eq!(bucket.take(rate, 0.0), Err(2));
        assert_eq!(bucket.take(rate, 1.0), Err(1));
        assert_eq!(bucket.take(rate, 2.0), Ok(()));
        assert_eq!(bucket.take(rate, 2.0), Err(2));
    }

    #[test]
    fn failures_lock_the_account_for_that_address_only() {
        let throttle = SignInThrottle::default();
        for n in 1..FREE_ATTEMPTS {
            let attempt = throttle.begin("ado", "10.0.0.1", 0.0).unwrap();
            let failure = throttle.failed(attempt, 0.0);
            assert_eq!((failure.failures, failure.locked_for), (n, None));
        }
        let attempt = throttle.begin("ado", "10.0.0.1", 0.0).unwrap();
        assert_eq!(throttle.failed(attempt, 0.0).locked_for, Some(60));
        assert_eq!(
            throttle.begin("ado", "10.0.0.1", 1.0).unwrap_err(),
            Refusal::Locked { seconds: 59 }
        );
        // The owner, elsewhere, is not locked out; nor is another account from there.
        let owner = throttle.begin("ado", "10.0.0.2", 1.0).unwrap();
        throttle.succeeded(owner);
        assert!(throttle.begin("iktato", "10.0.0.1", 1.0).is_ok());
        // After the lock, the next failure doubles it.
        let attempt = throttle.begin("ado", "10.0.0.1", 61.0).unwrap();
        assert_eq!(throttle.failed(attempt, 61.0).locked_for, Some(120));
    }

    #[test]
    fn parallel_attempts_are_counted_before_any_outcome() {
        let throttle = SignInThrottle::default();
        let in_flight: Vec<_> = (0..FREE_ATTEMPTS)
            .map(|_| throttle.begin("ado", "10.0.0.1", 0.0).unwrap())
            .collect();
        // The sixth, while the five are still being checked, is refused.
        assert!(matches!(
            throttle.begin("ado", "10.0.0.1", 0.0),
            Err(Refusal::Locked { .. })
        ));
        drop(in_flight);
    }

    #[test]
    fn a_success_gives_the_attempt_back() {
        let throttle = SignInThrottle::default();
        for _ in 0..100 {
            let attempt = throttle.begin("ado", "10.0.0.1", 0.0).unwrap();
            throttle.succeeded(attempt);
        }
    }

    #[test]
    fn an_address_that_guesses_at_many_accounts_is_throttled() {
        let throttle = SignInThrottle::default();
        for n in 0..ADDRESS_RATE.burst as usize {
            let attempt = throttle
                .begin(&format!("user{n}"), "10.0.0.9", 0.0)
                .unwrap();
            throttle.failed(attempt, 0.0);
        }
        assert_eq!(
            throttle.begin("another", "10.0.0.9", 0.0).unwrap_err(),
            Refusal::AddressThrottled { seconds: 20 }
        );
        assert!(throttle.begin("another", "10.0.0.8", 0.0).is_ok());
        assert!(throttle.begin("another", "10.0.0.9", 20.0).is_ok());
    }

    proptest! {
        /// Over any stretch of time an address gets at most its burst plus what the rate
        /// refills.
        #[test]
        fn a_bucket_never_allows_more_than_burst_plus_rate(
            times in proptest::collection::vec(0.0f64..1000.0, 1..300)
        ) {
            let mut times = times;
            times.sort_by(f64::total_cmp);
            let mut bucket = TokenBucket::full(ADDRESS_RATE, 0.0);
            let allowed = times.iter().filter(|&&t| bucket.take(ADDRESS_RATE, t).is_ok()).count();
            let last = times.last().copied().unwrap_or(0.0);
            prop_assert!(allowed as f64 <= ADDRESS_RATE.burst + last * ADDRESS_RATE.per_second + 1e-9);
        }
    }
}
