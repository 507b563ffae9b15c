//! What the search keeps per reader generation, computed once: nothing a
//! reader sees changes until the next commit, after which the indexer
//! reloads it with a new generation (the empty search's facets and order).

use std::sync::Mutex;

/// One `T`, computed for the reader generation it is asked for and kept
/// until a later generation asks.
pub(crate) struct PerGeneration<T> {
    kept: Mutex<Option<(u64, T)>>,
}

impl<T> Default for PerGeneration<T> {
    fn default() -> Self {
        PerGeneration { kept: Mutex::default() }
    }
}

impl<T: Clone> PerGeneration<T> {
    /// The value kept for `generation`, or the one `compute` makes for it
    /// (the lock is held meanwhile: two searches do not compute it twice).
    pub fn get<E>(&self, generation: u64, compute: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, value)) = &*kept
            && *at == generation
        {
            return Ok(value.clone());
        }
        let value = compute()?;
        *kept = Some((generation, value.clone()));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::PerGeneration;

    #[test]
    fn a_value_is_computed_once_per_generation() {
        let kept = PerGeneration::default();
        let mut computed = 0;
        let mut get = |generation: u64| {
            kept.get(generation, || {
                computed += 1;
                Ok::<_, ()>(generation * 10)
            })
        };
        assert_eq!((get(1), get(1), get(2), get(2)), (Ok(10), Ok(10), Ok(20), Ok(20)));
        drop(get);
        assert_eq!(computed, 2);
        // A failure keeps nothing.
        let failing: PerGeneration<u64> = PerGeneration::default();
        assert_eq!(failing.get(1, || Err("no")), Err("no"));
        assert_eq!(failing.get(1, || Ok::<_, &str>(7)), Ok(7));
    }
}
