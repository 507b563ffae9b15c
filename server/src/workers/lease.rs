//! Background work that must run in one server process at a time (the
//! hourly maintenance; mail delivery and digests may use the same) holds a
//! lease in the database (`store::leases`). A process takes it when nobody
//! holds it, renews it every third of its time while it lives, and gives it
//! back when it stops; if it dies, the lease runs out and another process
//! takes it within `--lease-seconds`.

use app::store::{self, Db};
use std::time::{Duration, Instant};

/// This process, as lease holders are named: host, process id and a random
/// part (a restarted process with a reused id is another holder).
pub fn holder_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_string()).unwrap_or_default();
    format!("{host}:{}:{:08x}", std::process::id(), rand::random::<u32>())
}

/// One named lease, as this process sees it.
pub struct Lease {
    db: Db,
    name: &'static str,
    holder: String,
    seconds: u64,
    /// When the database last confirmed that this process holds it.
    confirmed: Option<Instant>,
}

impl Lease {
    pub fn new(db: Db, name: &'static str, holder: &str, seconds: u64) -> Self {
        Self { db, name, holder: holder.to_string(), seconds: seconds.max(3), confirmed: None }
    }

    /// How often a loop should call `held` to keep the lease: a third of its time.
    pub fn renew_every(&self) -> Duration {
        Duration::from_secs(self.seconds / 3)
    }

    /// Whether this process holds the lease now. Within a third of the lease
    /// time of the last confirmation it does (the database still says so for
    /// two thirds more); past that it takes or renews it in the database
    /// first. A database error counts as not holding it.
    pub async fn held(&mut self) -> bool {
        if self.confirmed.is_some_and(|at| at.elapsed() < self.renew_every()) {
            return true;
        }
        match store::leases::take(&self.db, self.name, &self.holder, self.seconds as i64).await {
            Ok(true) => {
                if self.confirmed.is_none() {
                    tracing::info!(lease = self.name, holder = %self.holder, "lease taken: this process runs its work");
                }
                self.confirmed = Some(Instant::now());
                true
            }
            Ok(false) => {
                if self.confirmed.take().is_some() {
                    tracing::warn!(lease = self.name, "lease lost to another process");
                }
                false
            }
            Err(e) => {
                tracing::warn!(lease = self.name, error = %e, "lease not renewed (database error): its work waits");
                self.confirmed = None;
                false
            }
        }
    }

    /// Gives the lease back (a clean stop), so that another process takes it at once.
    pub async fn release(&mut self) {
        if self.confirmed.take().is_some() {
            match store::leases::release(&self.db, self.name, &self.holder).await {
                Ok(()) => tracing::info!(lease = self.name, "lease released"),
                Err(e) => tracing::warn!(lease = self.name, error = %e, "lease not released; it runs out by itself"),
            }
        }
    }
}
