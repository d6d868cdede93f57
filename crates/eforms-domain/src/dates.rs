//! Civil dates without a date library (the domain also runs in the browser): parsing
//! `YYYY-MM-DD` and counting days, as the tax id's birth-date digits need.

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// The day the Hungarian tax id counts from (its digits 2–6).
pub const TAX_ID_EPOCH: Date = Date {
    year: 1867,
    month: 1,
    day: 1,
};

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD` (what `<input type="date">` sends); also accepts the Hungarian
    /// `YYYY.MM.DD.` written by hand.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim().trim_end_matches('.');
        let mut parts = text.split(['-', '.']).map(str::trim);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some()
            || y.len() != 4
            || !(1..=2).contains(&m.len())
            || !(1..=2).contains(&d.len())
            || ![y, m, d]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
    pub fn days_since_unix_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_unix_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_unix_epoch() - self.days_since_unix_epoch()
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_iso_and_hungarian_forms() {
        assert_eq!(Date::parse("1980-01-01"), Date::new(1980, 1, 1));
        assert_eq!(Date::parse("1980.01.01."), Date::new(1980, 1, 1));
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("1900-02-29"), None);
        assert_eq!(Date::parse("80-01-01"), None);
        assert_eq!(Date::parse("1980-13-01"), None);
        assert_eq!(Date::parse("1980-01-01-01"), None);
        assert_eq!(Date::parse("198a-01-01"), None);
    }

    #[test]
    fn counts_days_from_known_dates() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_unix_epoch(), 0);
        // 113 years from 1867 to 1980, 27 of their leap days (1900 is none): 113·365 + 27.
        assert_eq!(
            TAX_ID_EPOCH.days_until(Date::new(1980, 1, 1).unwrap()),
            41_272
        );
        assert_eq!(TAX_ID_EPOCH.days_until(Date::new(1867, 1, 2).unwrap()), 1);
    }

    proptest! {
        #[test]
        fn day_numbers_round_trip(days in -200_000i64..200_000) {
            let date = Date::from_days_since_unix_epoch(days);
            prop_assert!(Date::new(date.year, date.month, date.day).is_some());
            prop_assert_eq!(date.days_since_unix_epoch(), days);
            prop_assert_eq!(Date::parse(&date.to_string()).map(|d| d.days_since_unix_epoch()), if date.year >= 1000 && date.year <= 9999 { Some(days) } else { None });
        }
    }
}
