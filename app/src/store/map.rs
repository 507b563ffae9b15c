use super::Db;
use sqlx::Row;

/// (solution slug, standard slug, unsettled count, resolved count) for every
/// pair of tags that share at least one thread: one grouped query.
pub async fn pair_counts(db: &Db) -> Result<Vec<(String, String, i64, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT so.slug AS solution, st.slug AS standard,
                SUM(CASE WHEN t.status IN ('open', 'needs_info', 'confirmed') THEN 1 ELSE 0 END) AS unsettled,
                SUM(CASE WHEN t.status = 'resolved' THEN 1 ELSE 0 END) AS resolved
         FROM threads t
         JOIN thread_tags a ON a.thread_id = t.id JOIN tags so ON so.id = a.tag_id AND so.kind = 'solution'
         JOIN thread_tags b ON b.thread_id = t.id JOIN tags st ON st.id = b.tag_id AND st.kind = 'standard'
         GROUP BY so.slug, st.slug",
    )
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("solution")?, r.try_get("standard")?, r.try_get("unsettled")?, r.try_get("resolved")?)))
        .collect()
}
