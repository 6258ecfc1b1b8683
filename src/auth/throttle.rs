//! Per-client-address login throttling, in memory (per instance). Growing waits per submitted
//! address and client network live in the database (`db::login_failures`), so every instance
//! sees them.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Limits login attempts per client address.
pub struct LoginThrottle {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl LoginThrottle {
    /// Allows `per_minute` attempts per address per minute, in bursts of the same size.
    pub fn new(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        LoginThrottle {
            limiter: RateLimiter::keyed(Quota::per_minute(n)),
            clock: DefaultClock::default(),
        }
    }

    /// Allows `per_hour` requests per address per hour, in bursts of the same size (follow
    /// requests: each may send a message).
    pub fn per_hour(per_hour: u32) -> Self {
        let n = NonZeroU32::new(per_hour.max(1)).unwrap_or(NonZeroU32::MIN);
        let period = std::time::Duration::from_secs(3600) / n.get();
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_hour(n))
            .allow_burst(n);
        LoginThrottle {
            limiter: RateLimiter::keyed(quota),
            clock: DefaultClock::default(),
        }
    }

    /// Counts an attempt from `ip`; `Err(seconds)` says how long until the next is allowed.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        // Forget idle addresses now and then so memory stays bounded.
        if self.limiter.len() > 10_000 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            wait.as_secs().max(1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_throttled_after_its_quota_and_others_are_not() {
        let t = LoginThrottle::new(3);
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert!(t.check(a).is_ok());
        }
        let wait = t.check(a).expect_err("fourth attempt is throttled");
        assert!((1..=60).contains(&wait));
        assert!(t.check(b).is_ok());
    }
}
