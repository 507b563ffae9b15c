//! One check shared by the requests that wait for it: the health probe and
//! the page cache's look at the change log. Each caller gets the result of a
//! check that *started after it called*, so nothing committed before a
//! request arrived is missed; callers arriving while a check runs wait for the
//! next one, which they then all share. Under load one database round trip
//! serves a whole batch of requests.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::Mutex;

pub struct Coalesced<T> {
    /// Checks started so far (numbered from 1).
    started: AtomicU64,
    /// The number of the last finished check and its result. Held while a
    /// check runs: the callers that arrive meanwhile queue here.
    last: Mutex<(u64, Option<T>)>,
}

impl<T: Clone> Default for Coalesced<T> {
    fn default() -> Self {
        Self { started: AtomicU64::new(0), last: Mutex::new((0, None)) }
    }
}

impl<T: Clone> Coalesced<T> {
    /// The result of `check`, run now or by another caller after this call began.
    pub async fn run<F, Fut>(&self, check: F) -> T
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        let seen = self.started.load(Ordering::Acquire);
        let mut last = self.last.lock().await;
        if let (number, Some(result)) = &*last {
            if *number > seen {
                return result.clone();
            }
        }
        let number = self.started.fetch_add(1, Ordering::AcqRel) + 1;
        let result = check().await;
        *last = (number, Some(result.clone()));
        result
    }
}

#[cfg(test)]
mod tests {
    use super::Coalesced;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[tokio::test]
    async fn a_check_started_before_the_call_is_not_enough() {
        let shared = Arc::new(Coalesced::<u64>::default());
        let runs = Arc::new(AtomicU64::new(0));
        let run = |shared: Arc<Coalesced<u64>>, runs: Arc<AtomicU64>| async move {
            shared.run(|| async { runs.fetch_add(1, Ordering::SeqCst) + 1 }).await
        };
        assert_eq!(run(shared.clone(), runs.clone()).await, 1);
        // Called after check 1 finished: check 1 says nothing about what came after.
        assert_eq!(run(shared.clone(), runs.clone()).await, 2);
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn callers_waiting_during_a_check_share_the_next_one() {
        let shared = Arc::new(Coalesced::<u64>::default());
        let runs = Arc::new(AtomicU64::new(0));
        let (release, wait) = tokio::sync::oneshot::channel::<()>();
        // Check 1 is under way (it waits for `release`)…
        let first = {
            let (shared, runs) = (shared.clone(), runs.clone());
            tokio::spawn(async move {
                shared
                    .run(|| async move {
                        let _ = wait.await;
                        runs.fetch_add(1, Ordering::SeqCst) + 1
                    })
                    .await
            })
        };
        tokio::task::yield_now().await;
        // …when ten callers arrive: they need a check started after them.
        let later: Vec<_> = (0..10)
            .map(|_| {
                let (shared, runs) = (shared.clone(), runs.clone());
                tokio::spawn(async move { shared.run(|| async move { runs.fetch_add(1, Ordering::SeqCst) + 1 }).await })
            })
            .collect();
        tokio::task::yield_now().await;
        release.send(()).unwrap();
        assert_eq!(first.await.unwrap(), 1);
        for caller in later {
            assert_eq!(caller.await.unwrap(), 2, "every later caller got check 2");
        }
        assert_eq!(runs.load(Ordering::SeqCst), 2, "one check for all ten");
    }
}
