//! The rows every list of threads is read from (see the migration
//! `list_facets`): `thread_facets`, one row per thread and per filter that
//! shows it, `facet_counts`, how many threads each filter holds by status,
//! and `map_counts`, the map's cells; and each thread's tags as the lists
//! show them (`threads.tags_json`).
//! Written here, inside the transaction of every change to a thread's tags,
//! status or activity, so a list never counts or skips rows per request.
//!
//! A change to a thread's tags or status withdraws the thread from every
//! list (its rows and its counts) and enters it again as it now is.

use super::json::Json;
use super::{Tx, summaries};
use crate::domain::{TagKind, ThreadStatus};

/// The threads a maintenance statement applies to.
#[derive(Clone, Copy, Debug)]
pub(super) enum Threads {
    One(i64),
    /// Every thread carrying one of these tags.
    Tagged(i64, i64),
}

impl Threads {
    /// A condition on the SQL column `column`, with its parameters as `$1`
    /// and `$2` (both used in either case: PostgreSQL types every parameter
    /// from where it appears).
    fn condition(self, column: &str) -> String {
        match self {
            Threads::One(_) => format!("{column} IN ($1, $2)"),
            Threads::Tagged(..) => format!("{column} IN (SELECT thread_id FROM thread_tags WHERE tag_id IN ($1, $2))"),
        }
    }

    fn params(self) -> (i64, i64) {
        match self {
            Threads::One(id) => (id, id),
            Threads::Tagged(a, b) => (a, b),
        }
    }
}

/// Adds (`sign` 1) or removes (-1) the threads' rows to or from the counts
/// and the map's cells.
async fn count(tx: &mut Tx<'_>, threads: Threads, sign: i64) -> Result<(), sqlx::Error> {
    let (a, b) = threads.params();
    // The WHERE before GROUP BY also keeps SQLite from reading ON CONFLICT as a join's ON.
    let q = format!(
        "INSERT INTO facet_counts (solution_id, standard_id, status, threads)
         SELECT solution_id, standard_id, status, $3 * COUNT(*) FROM thread_facets WHERE {}
         GROUP BY solution_id, standard_id, status
         ON CONFLICT (solution_id, standard_id, status) DO UPDATE SET threads = facet_counts.threads + excluded.threads",
        threads.condition("thread_id")
    );
    sqlx::query(&q).bind(a).bind(b).bind(sign).execute(&mut **tx).await?;
    // The map's cells: the rows of a pair (solution, standard), by the status groups it shows.
    let [open, needs_info, confirmed] = ThreadStatus::UNSETTLED;
    let q = format!(
        "INSERT INTO map_counts (solution_id, standard_id, threads, unsettled, resolved)
         SELECT solution_id, standard_id, $3 * COUNT(*),
                $3 * SUM(CASE WHEN status IN ($4, $5, $6) THEN 1 ELSE 0 END),
                $3 * SUM(CASE WHEN status = $7 THEN 1 ELSE 0 END)
         FROM thread_facets WHERE {} AND solution_id <> 0 AND standard_id <> 0
         GROUP BY solution_id, standard_id
         ON CONFLICT (solution_id, standard_id) DO UPDATE SET threads = map_counts.threads + excluded.threads,
             unsettled = map_counts.unsettled + excluded.unsettled, resolved = map_counts.resolved + excluded.resolved",
        threads.condition("thread_id")
    );
    let changed = sqlx::query(&q)
        .bind(a)
        .bind(b)
        .bind(sign)
        .bind(open)
        .bind(needs_info)
        .bind(confirmed)
        .bind(ThreadStatus::Resolved)
        .execute(&mut **tx)
        .await?;
    if changed.rows_affected() > 0 {
        tx.map_changed();
    }
    Ok(())
}

/// Removes the threads from every list.
pub(super) async fn withdraw(tx: &mut Tx<'_>, threads: Threads) -> Result<(), sqlx::Error> {
    count(tx, threads, -1).await?;
    let (a, b) = threads.params();
    let q = format!("DELETE FROM thread_facets WHERE {}", threads.condition("thread_id"));
    sqlx::query(&q).bind(a).bind(b).execute(&mut **tx).await?;
    Ok(())
}

/// Puts the threads in every list that shows them, as they are now.
pub(super) async fn enter(tx: &mut Tx<'_>, threads: Threads) -> Result<(), sqlx::Error> {
    let (a, b) = threads.params();
    let side = |kind: &str| {
        format!(
            "SELECT id, 0 FROM threads WHERE {}
             UNION ALL
             SELECT tt.thread_id, tt.tag_id FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id
             WHERE g.kind = {kind} AND {}",
            threads.condition("id"),
            threads.condition("tt.thread_id")
        )
    };
    let q = format!(
        "WITH sol (thread_id, tag_id) AS ({}), std (thread_id, tag_id) AS ({})
         INSERT INTO thread_facets (thread_id, solution_id, standard_id, status, last_activity_at)
         SELECT t.id, sol.tag_id, std.tag_id, t.status, t.last_activity_at
         FROM threads t JOIN sol ON sol.thread_id = t.id JOIN std ON std.thread_id = t.id WHERE {}",
        side("$3"),
        side("$4"),
        threads.condition("t.id")
    );
    sqlx::query(&q)
        .bind(a)
        .bind(b)
        .bind(TagKind::Solution)
        .bind(TagKind::Standard)
        .execute(&mut **tx)
        .await?;
    count(tx, threads, 1).await?;
    write_tags(tx, threads).await
}

/// Writes the threads' tags as the lists read them (`summaries::tags_json`):
/// whenever a thread enters the lists, and when one of its tags is renamed.
pub(super) async fn write_tags(tx: &mut Tx<'_>, threads: Threads) -> Result<(), sqlx::Error> {
    let (a, b) = threads.params();
    let q = format!(
        "UPDATE threads SET tags_json = {} WHERE {}",
        summaries::tags_json(&Json::on(tx.backend()), "threads.id"),
        threads.condition("id")
    );
    sqlx::query(&q).bind(a).bind(b).execute(&mut **tx).await?;
    Ok(())
}

/// The thread's tags or status changed: its rows and counts follow.
pub(super) async fn refresh(tx: &mut Tx<'_>, thread_id: i64) -> Result<(), sqlx::Error> {
    withdraw(tx, Threads::One(thread_id)).await?;
    enter(tx, Threads::One(thread_id)).await
}

/// The thread's last activity changed (a reply): its place in every list.
pub(super) async fn touch(tx: &mut Tx<'_>, thread_id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE thread_facets SET last_activity_at = $2 WHERE thread_id = $1")
        .bind(thread_id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The thread's last activity as it now stands on the thread (an import,
/// not in date order, moves it forward only): its place in every list.
pub(super) async fn follow_activity(tx: &mut Tx<'_>, thread_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE thread_facets SET last_activity_at = (SELECT last_activity_at FROM threads WHERE id = $1) WHERE thread_id = $1")
        .bind(thread_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::domain::{Role, TagKind};
    use crate::store::{self, Db};
    use crate::testing::{self, TempForum};
    use serde_json::Value;

    /// Every thread's kept tags, by thread, each array sorted (JSON keeps no order).
    async fn kept(db: &Db) -> Vec<(i64, Vec<String>)> {
        let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, tags_json FROM threads ORDER BY id").fetch_all(db).await.unwrap();
        rows.into_iter()
            .map(|(id, json)| {
                let Value::Array(tags) = serde_json::from_str(&json).unwrap() else { panic!("{json} is not an array") };
                let mut tags: Vec<String> = tags.iter().map(Value::to_string).collect();
                tags.sort();
                (id, tags)
            })
            .collect()
    }

    /// The tags kept as threads are written, tagged, merged and renamed are
    /// those the migration computes from the tags themselves: the migration
    /// and the maintenance write the same thing.
    #[tokio::test]
    async fn the_kept_tags_are_what_the_migration_writes_from_the_tags() {
        let f = TempForum::new().await;
        let db = &f.db;
        let author = testing::member(db, "Amélie Roux", Role::Member).await.id;
        let geoserver = testing::tag(db, "geoserver", TagKind::Solution, "GeoServer").await;
        let old = testing::tag(db, "geoserveur", TagKind::Solution, "GeoServeur").await;
        let wfs = testing::tag(db, "wfs", TagKind::Standard, "WFS").await;
        testing::thread(db, author, "Sans étiquette", "Corps.", &[]).await;
        testing::thread(db, author, "Moissonnage", "Corps.", &[geoserver, wfs]).await;
        testing::thread(db, author, "À l’ancienne", "Corps.", &[old, wfs]).await;
        testing::thread(db, author, "Les deux", "Corps.", &[old, geoserver]).await;
        testing::merge(db, old, geoserver).await;
        store::tags::update(db, wfs, "Web Feature Service", "", None).await.unwrap();

        let maintained = kept(db).await;
        let shown = |name: &str| maintained.iter().filter(|(_, tags)| tags.iter().any(|t| t.contains(name))).count();
        assert_eq!((maintained.len(), shown("\"GeoServer\""), shown("\"Web Feature Service\""), shown("GeoServeur")), (4, 3, 2, 0));
        let update = testing::migration_from(db, "20261206000000_thread_tags_json.sql", "UPDATE threads");
        sqlx::query("UPDATE threads SET tags_json = 'effacé'").execute(db).await.unwrap();
        sqlx::query(&update).execute(db).await.unwrap();
        assert_eq!(kept(db).await, maintained);
    }
}
