//! Independent work (files to read, services to check or emit) spread over the cores.
//!
//! Items are cut into contiguous groups of about the same weight, one per thread, and the
//! results come back in the order of the items: the output is the same on one thread or many.
//! Small inputs stay on the calling thread, where starting another costs more than it saves.

use std::thread;

/// Below this many bytes of YAML in all, spec files are read and checked on one thread:
/// starting another costs more than it saves.
pub const FROM_YAML_BYTES: usize = 64 * 1024;

/// `f` applied to every item of `items`, in order.
///
/// `weight` says how much work an item is (bytes, operations); when the items weigh less than
/// `parallel_from` in all, or the machine has one core, everything runs on the calling thread.
/// A panic in `f` is carried to the caller, as it would be on one thread.
pub fn map<T, R>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    parallel_from: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let total: usize = items.iter().map(|item| weight(item).max(1)).sum();
    let threads = thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads < 2 || total < parallel_from {
        return items.iter().map(f).collect();
    }
    let f = &f;
    thread::scope(|scope| {
        let handles: Vec<_> = groups(items, &weight, total, threads)
            .into_iter()
            .map(|group| scope.spawn(move || group.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// `items` cut into at most `n` contiguous, non-empty groups of about `total / n` weight each.
fn groups<'a, T>(
    items: &'a [T],
    weight: &impl Fn(&T) -> usize,
    total: usize,
    n: usize,
) -> Vec<&'a [T]> {
    let mut groups = Vec::with_capacity(n);
    let mut start = 0;
    let mut done = 0;
    for (i, item) in items.iter().enumerate() {
        done += weight(item).max(1);
        if done * n >= total * (groups.len() + 1) && groups.len() + 1 < n {
            groups.push(&items[start..=i]);
            start = i + 1;
        }
    }
    if start < items.len() {
        groups.push(&items[start..]);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_items() {
        let items: Vec<usize> = (0..1000).collect();
        let doubled = map(&items, |_| 1, 0, |i| i * 2);
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn light_work_stays_on_the_calling_thread() {
        let caller = thread::current().id();
        let threads = map(&[1, 2, 3], |_| 1, 100, |_| thread::current().id());
        assert!(threads.iter().all(|id| *id == caller));
    }

    #[test]
    fn groups_are_contiguous_non_empty_and_balanced_by_weight() {
        let items = [10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        let cut = groups(&items, &|w: &usize| *w, 20, 2);
        assert_eq!(cut, vec![&items[..1], &items[1..]]);
        let cut = groups(&items, &|w: &usize| *w, 20, 5);
        assert!(cut.len() <= 5 && cut.iter().all(|g| !g.is_empty()));
        assert_eq!(cut.concat(), items);
        assert!(groups(&[] as &[usize], &|w| *w, 0, 2).is_empty());
    }

    #[test]
    #[should_panic(expected = "item 7")]
    fn a_panic_reaches_the_caller() {
        let items: Vec<usize> = (0..16).collect();
        map(&items, |_| 1, 0, |&i| assert!(i != 7, "item {i}"));
    }
}
