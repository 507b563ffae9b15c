use super::Db;
use crate::domain::{TagKind, ThreadStatus};

/// (solution slug, standard slug, unsettled count, resolved count) for every
/// pair of tags that share at least one thread: one grouped query.
pub async fn pair_counts(db: &Db) -> Result<Vec<(String, String, i64, i64)>, sqlx::Error> {
    let [open, needs_info, confirmed] = ThreadStatus::UNSETTLED;
    sqlx::query_as(
        "SELECT so.slug AS solution, st.slug AS standard,
                SUM(CASE WHEN t.status IN ($1, $2, $3) THEN 1 ELSE 0 END) AS unsettled,
                SUM(CASE WHEN t.status = $4 THEN 1 ELSE 0 END) AS resolved
         FROM threads t
         JOIN thread_tags a ON a.thread_id = t.id JOIN tags so ON so.id = a.tag_id AND so.kind = $5
         JOIN thread_tags b ON b.thread_id = t.id JOIN tags st ON st.id = b.tag_id AND st.kind = $6
         GROUP BY so.slug, st.slug",
    )
    .bind(open)
    .bind(needs_info)
    .bind(confirmed)
    .bind(ThreadStatus::Resolved)
    .bind(TagKind::Solution)
    .bind(TagKind::Standard)
    .fetch_all(db)
    .await
}
