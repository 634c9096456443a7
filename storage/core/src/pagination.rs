//! Keyset pagination over ids.
//!
//! Pages are delimited by ids rather than offsets, so a page costs the same
//! wherever it sits in the table and rows inserted meanwhile do not shift it.

use data_model::Entity;
use ulid::Ulid;

/// Which end of the ordered ids a page is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaginationDirection {
    /// The first `count` ids after the cursor, in ascending order.
    Forward,
    /// The last `count` ids before the cursor, returned in ascending order.
    Backward,
}

/// Which page of a list to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// Only ids strictly lower than this one.
    pub before: Option<Ulid>,
    /// Only ids strictly greater than this one.
    pub after: Option<Ulid>,
    /// How many items the page holds at most.
    pub count: usize,
    /// Which end of the range the page is taken from.
    pub direction: PaginationDirection,
}

impl Pagination {
    /// The first `count` items.
    #[must_use]
    pub const fn first(count: usize) -> Self {
        Self {
            before: None,
            after: None,
            count,
            direction: PaginationDirection::Forward,
        }
    }

    /// The last `count` items.
    #[must_use]
    pub const fn last(count: usize) -> Self {
        Self {
            before: None,
            after: None,
            count,
            direction: PaginationDirection::Backward,
        }
    }

    /// Only items before the one with id `id`.
    #[must_use]
    pub const fn before(mut self, id: Ulid) -> Self {
        self.before = Some(id);
        self
    }

    /// Only items after the one with id `id`.
    #[must_use]
    pub const fn after(mut self, id: Ulid) -> Self {
        self.after = Some(id);
        self
    }

    /// Whether the page is taken from the end of the range.
    #[must_use]
    pub const fn is_backward(&self) -> bool {
        matches!(self.direction, PaginationDirection::Backward)
    }

    /// How many rows a query should fetch: one more than the page holds, to
    /// learn whether another page follows.
    #[must_use]
    pub fn fetch_limit(&self) -> i64 {
        i64::try_from(self.count).map_or(i64::MAX, |count| count.saturating_add(1))
    }

    /// Turn the rows a query fetched (at most [`Self::fetch_limit`], in the
    /// query's order: ascending ids forwards, descending backwards) into a page
    /// in ascending order.
    #[must_use]
    pub fn process<T>(&self, mut rows: Vec<T>) -> Page<T> {
        let has_more = rows.len() > self.count;
        rows.truncate(self.count);
        match self.direction {
            PaginationDirection::Forward => Page {
                has_next_page: has_more,
                has_previous_page: false,
                edges: rows,
            },
            PaginationDirection::Backward => {
                rows.reverse();
                Page {
                    has_next_page: false,
                    has_previous_page: has_more,
                    edges: rows,
                }
            }
        }
    }
}

/// One page of a list, in ascending id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// Whether items follow this page (known when paginating forwards).
    pub has_next_page: bool,
    /// Whether items precede this page (known when paginating backwards).
    pub has_previous_page: bool,
    /// The items.
    pub edges: Vec<T>,
}

impl<T> Page<T> {
    /// The same page with `f` applied to each item.
    #[must_use]
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            edges: self.edges.into_iter().map(f).collect(),
        }
    }

    /// The same page with the fallible `f` applied to each item; the first
    /// error wins.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            edges: self.edges.into_iter().map(f).collect::<Result<_, _>>()?,
        })
    }
}

impl<T: Entity> Page<T> {
    /// The id of the first item: the cursor of the page before this one
    /// (`Pagination::last(n).before(cursor)`).
    #[must_use]
    pub fn start_cursor(&self) -> Option<Ulid> {
        self.edges.first().map(Entity::id)
    }

    /// The id of the last item: the cursor of the page after this one
    /// (`Pagination::first(n).after(cursor)`).
    #[must_use]
    pub fn end_cursor(&self) -> Option<Ulid> {
        self.edges.last().map(Entity::id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_page_knows_whether_more_follow() {
        let pagination = Pagination::first(2);
        assert_eq!(pagination.fetch_limit(), 3);

        let full = pagination.process(vec![1, 2, 3]);
        assert_eq!(full.edges, vec![1, 2]);
        assert!(full.has_next_page);
        assert!(!full.has_previous_page);

        let last = pagination.process(vec![1, 2]);
        assert_eq!(last.edges, vec![1, 2]);
        assert!(!last.has_next_page);
    }

    #[test]
    fn backward_page_is_returned_in_ascending_order() {
        // Rows come from a query ordered by descending id.
        let page = Pagination::last(2).process(vec![9, 8, 7]);
        assert_eq!(page.edges, vec![8, 9]);
        assert!(page.has_previous_page);
        assert!(!page.has_next_page);
    }

    #[test]
    fn cursors_are_recorded() {
        let low = Ulid::from_parts(1, 0);
        let high = Ulid::from_parts(2, 0);
        let pagination = Pagination::first(5).after(low).before(high);
        assert_eq!(pagination.after, Some(low));
        assert_eq!(pagination.before, Some(high));
        assert!(!pagination.is_backward());
        assert!(Pagination::last(1).is_backward());
    }

    #[test]
    fn huge_counts_do_not_overflow_the_limit() {
        assert_eq!(Pagination::first(usize::MAX).fetch_limit(), i64::MAX);
    }

    #[test]
    fn cursors_are_the_ids_at_either_end() {
        let user = |n: u64| data_model::User {
            id: Ulid::from_parts(n, 0),
            created_at: chrono::DateTime::UNIX_EPOCH,
            username: format!("user-{n}"),
            locked_at: None,
        };
        let page = Pagination::first(3).process(vec![user(1), user(2), user(3)]);
        assert_eq!(page.start_cursor(), Some(Ulid::from_parts(1, 0)));
        assert_eq!(page.end_cursor(), Some(Ulid::from_parts(3, 0)));

        let empty: Page<data_model::User> = Pagination::first(3).process(Vec::new());
        assert_eq!(empty.end_cursor(), None);
    }

    #[test]
    fn try_map_stops_at_the_first_error() {
        let page = Pagination::first(3).process(vec![1, 2, 3]);
        let mapped: Result<Page<i32>, i32> =
            page.try_map(|n| if n == 2 { Err(n) } else { Ok(n * 10) });
        assert_eq!(mapped, Err(2));
    }
}
