//! Pagination: a page number that is always valid, one page of results, the pager's window.
use serde::{Deserialize, Serialize};

/// A 1-based page number that is always valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageNumber(u64);

impl PageNumber {
    /// The highest page anyone may ask for; keeps offsets far inside the database's range.
    pub const MAX: u64 = 1_000_000;

    /// Anything below 1 (or unparsable upstream, passed as 0) is the first page; anything
    /// above [`PageNumber::MAX`] is that page (and simply empty).
    pub fn new(raw: u64) -> PageNumber {
        PageNumber(raw.clamp(1, Self::MAX))
    }

    pub fn get(self) -> u64 {
        self.0
    }

    pub fn offset(self, page_size: u64) -> u64 {
        (self.0 - 1).saturating_mul(page_size)
    }
}

/// One page of results with what a pager needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> u64 {
        if self.page_size == 0 {
            return 1;
        }
        self.total.div_ceil(self.page_size).max(1)
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.page_count()
    }
}

/// The page numbers a pager shows: the first, the last and two either side of the current,
/// with `None` standing for a gap ("…").
pub fn pager_window(current: u64, count: u64) -> Vec<Option<u64>> {
    let mut shown: Vec<u64> = (1..=count)
        .filter(|&p| p == 1 || p == count || p.abs_diff(current) <= 2)
        .collect();
    shown.dedup();
    let mut window = Vec::with_capacity(shown.len() + 2);
    let mut previous = 0;
    for p in shown {
        if p > previous + 1 {
            window.push(None);
        }
        window.push(Some(p));
        previous = p;
    }
    window
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn page_numbers_start_at_one() {
        assert_eq!(PageNumber::new(0).get(), 1);
        assert_eq!(PageNumber::new(1).offset(20), 0);
        assert_eq!(PageNumber::new(3).offset(20), 40);
        assert_eq!(PageNumber::new(u64::MAX).get(), PageNumber::MAX);
    }

    #[test]
    fn page_counts() {
        let page = |total| Page::<()> {
            items: vec![],
            total,
            page: 1,
            page_size: 20,
        };
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(20).page_count(), 1);
        assert_eq!(page(21).page_count(), 2);
        assert_eq!(page(3178).page_count(), 159);
        assert!(!page(20).has_next());
        assert!(page(21).has_next());
    }

    #[test]
    fn pager_window_shows_ends_and_neighbours() {
        assert_eq!(pager_window(1, 1), vec![Some(1)]);
        assert_eq!(
            pager_window(1, 159),
            vec![Some(1), Some(2), Some(3), None, Some(159)]
        );
        assert_eq!(
            pager_window(50, 159),
            vec![
                Some(1),
                None,
                Some(48),
                Some(49),
                Some(50),
                Some(51),
                Some(52),
                None,
                Some(159)
            ]
        );
        assert_eq!(
            pager_window(4, 5),
            vec![Some(1), Some(2), Some(3), Some(4), Some(5)]
        );
    }

    proptest! {
        #[test]
        fn pager_window_is_sorted_and_contains_current(count in 1u64..500, current_seed in 0u64..500) {
            let current = current_seed % count + 1;
            let window = pager_window(current, count);
            let pages: Vec<u64> = window.iter().flatten().copied().collect();
            prop_assert!(pages.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(pages.contains(&current));
            prop_assert_eq!(pages.first().copied(), Some(1));
            prop_assert_eq!(pages.last().copied(), Some(count));
        }
    }
}
