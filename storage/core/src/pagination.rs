//! Keyset pagination over ids.
//!
//! Pages are delimited by ids rather than offsets, so a page costs the same
//! wherever it sits in the table and rows inserted meanwhile do not shift it.

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

    /// Turn the rows a query fetched (at most `count + 1`, in the query's
    /// order: ascending ids forwards, descending backwards) into a page in
    /// ascending order, each row with its cursor. The extra row, if fetched,
    /// only tells that another page follows.
    #[must_use]
    pub fn process<T: Node>(&self, mut rows: Vec<T>) -> Page<T> {
        let has_more = rows.len() > self.count;
        rows.truncate(self.count);
        let (has_previous_page, has_next_page) = match self.direction {
            PaginationDirection::Forward => (false, has_more),
            PaginationDirection::Backward => {
                rows.reverse();
                (has_more, false)
            }
        };
        Page {
            has_next_page,
            has_previous_page,
            edges: rows
                .into_iter()
                .map(|node| Edge {
                    cursor: node.cursor(),
                    node,
                })
                .collect(),
        }
    }
}

/// Something a page can hold: it knows the cursor that locates it in its list.
pub trait Node {
    /// The id the next or previous page starts after or before.
    fn cursor(&self) -> Ulid;
}

/// One item of a page, with its cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge<T> {
    /// Where the item sits: `Pagination::first(n).after(cursor)` starts after it.
    pub cursor: Ulid,
    /// The item.
    pub node: T,
}

/// One page of a list, in ascending id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// Whether items follow this page (known when paginating forwards).
    pub has_next_page: bool,
    /// Whether items precede this page (known when paginating backwards).
    pub has_previous_page: bool,
    /// The items, each with its cursor.
    pub edges: Vec<Edge<T>>,
}

impl<T> Page<T> {
    /// The same page with `f` applied to each item; the cursors stay.
    #[must_use]
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            edges: self
                .edges
                .into_iter()
                .map(|edge| Edge {
                    cursor: edge.cursor,
                    node: f(edge.node),
                })
                .collect(),
        }
    }

    /// The same page with the fallible `f` applied to each item; the first
    /// error wins.
    ///
    /// # Errors
    ///
    /// The first error `f` returns.
    pub fn try_map<U, E>(self, mut f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            edges: self
                .edges
                .into_iter()
                .map(|edge| {
                    Ok(Edge {
                        cursor: edge.cursor,
                        node: f(edge.node)?,
                    })
                })
                .collect::<Result<_, _>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row whose cursor is the id `Ulid::from_parts(n, 0)`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct Row(u64);

    impl Node for Row {
        fn cursor(&self) -> Ulid {
            Ulid::from_parts(self.0, 0)
        }
    }

    fn rows(numbers: &[u64]) -> Vec<Row> {
        numbers.iter().copied().map(Row).collect()
    }

    fn numbers(page: &Page<Row>) -> Vec<u64> {
        page.edges.iter().map(|edge| edge.node.0).collect()
    }

    #[test]
    fn forward_page_knows_whether_more_follow() {
        let pagination = Pagination::first(2);

        let full = pagination.process(rows(&[1, 2, 3]));
        assert_eq!(numbers(&full), [1, 2]);
        assert!(full.has_next_page);
        assert!(!full.has_previous_page);

        let last = pagination.process(rows(&[1, 2]));
        assert_eq!(numbers(&last), [1, 2]);
        assert!(!last.has_next_page);
    }

    #[test]
    fn backward_page_is_returned_in_ascending_order() {
        // Rows come from a query ordered by descending id.
        let page = Pagination::last(2).process(rows(&[9, 8, 7]));
        assert_eq!(numbers(&page), [8, 9]);
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
    fn every_edge_carries_its_nodes_cursor() {
        let page = Pagination::first(3).process(rows(&[1, 2, 3]));
        let cursors: Vec<Ulid> = page.edges.iter().map(|edge| edge.cursor).collect();
        assert_eq!(cursors, [1, 2, 3].map(|n| Ulid::from_parts(n, 0)));
    }

    #[test]
    fn map_keeps_the_cursors() {
        let page = Pagination::first(2)
            .process(rows(&[4, 5, 6]))
            .map(|row| row.0 * 10);
        assert_eq!(
            page.edges[0],
            Edge {
                cursor: Ulid::from_parts(4, 0),
                node: 40
            }
        );
        assert_eq!(page.edges.len(), 2);
        assert!(page.has_next_page);
    }

    #[test]
    fn try_map_stops_at_the_first_error() {
        let page = Pagination::first(3).process(rows(&[1, 2, 3]));
        let mapped: Result<Page<u64>, u64> = page.try_map(|row| {
            if row.0 == 2 {
                Err(row.0)
            } else {
                Ok(row.0 * 10)
            }
        });
        assert_eq!(mapped, Err(2));
    }
}
