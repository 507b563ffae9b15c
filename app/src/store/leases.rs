//! Leases in the database (see their migration): what lets background work
//! run in one server process at a time, and pass to another when that one
//! dies. The loop that holds one is `server/src/workers/lease.rs`.

use super::{Db, now};

/// Takes `name` for `holder`, or renews it, until `seconds` from now: in one
/// statement that succeeds only if nobody holds it, `holder` does, or the
/// holder let it expire. True when `holder` holds it afterwards.
pub async fn take(db: &Db, name: &str, holder: &str, seconds: i64) -> Result<bool, sqlx::Error> {
    let at = now();
    let held: Option<String> = sqlx::query_scalar(
        "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= $4
         RETURNING holder",
    )
    .bind(name)
    .bind(holder)
    .bind(at + seconds)
    .bind(at)
    .fetch_optional(db)
    .await?;
    Ok(held.is_some())
}

/// Gives the lease up (a clean stop), so that another process takes it at once.
pub async fn release(db: &Db, name: &str, holder: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2").bind(name).bind(holder).execute(db).await?;
    Ok(())
}

/// Who holds `name`, and until when (unix seconds); None when nobody does.
pub async fn holder(db: &Db, name: &str) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT holder, expires_at FROM leases WHERE name = $1 AND expires_at > $2")
        .bind(name)
        .bind(now())
        .fetch_optional(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    #[tokio::test]
    async fn one_holder_at_a_time_until_it_releases_or_lets_the_lease_expire() {
        let (db, _dir) = testing::database().await;
        assert!(take(&db, "maintenance", "a", 60).await.unwrap());
        assert!(!take(&db, "maintenance", "b", 60).await.unwrap(), "held by a");
        assert!(take(&db, "maintenance", "a", 60).await.unwrap(), "a renews");
        assert!(take(&db, "mail", "b", 60).await.unwrap(), "another lease is another row");
        assert_eq!(holder(&db, "maintenance").await.unwrap().map(|h| h.0).as_deref(), Some("a"));
        release(&db, "maintenance", "b").await.unwrap();
        assert!(!take(&db, "maintenance", "b", 60).await.unwrap(), "only the holder releases");
        release(&db, "maintenance", "a").await.unwrap();
        assert!(take(&db, "maintenance", "b", 60).await.unwrap(), "released: b takes it");
        // b dies: its lease runs out (here, taken for no time at all).
        assert!(take(&db, "maintenance", "b", 0).await.unwrap());
        assert!(take(&db, "maintenance", "a", 60).await.unwrap(), "expired: a takes it over");
        assert_eq!(holder(&db, "maintenance").await.unwrap().map(|h| h.0).as_deref(), Some("a"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn of_many_processes_trying_at_once_exactly_one_takes_the_lease() {
        let (db, _dir) = testing::database().await;
        let tries: Vec<_> = (0..12)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move { take(&db, "digests", &format!("node-{i}"), 60).await.unwrap() })
            })
            .collect();
        let mut taken = 0;
        for t in tries {
            taken += t.await.unwrap() as usize;
        }
        assert_eq!(taken, 1);
    }
}
