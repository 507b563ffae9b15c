use super::Db;
use crate::domain::ThreadStatus;

/// (solution slug, standard slug, unsettled count, resolved count) for every
/// pair of tags that share at least one thread, from the counters kept by
/// each change (`facets`): as cheap with a million threads as with ten.
pub async fn pair_counts(db: &Db) -> Result<Vec<(String, String, i64, i64)>, sqlx::Error> {
    let [open, needs_info, confirmed] = ThreadStatus::UNSETTLED;
    sqlx::query_as(
        "SELECT so.slug AS solution, st.slug AS standard,
                CAST(SUM(CASE WHEN c.status IN ($1, $2, $3) THEN c.threads ELSE 0 END) AS BIGINT) AS unsettled,
                CAST(SUM(CASE WHEN c.status = $4 THEN c.threads ELSE 0 END) AS BIGINT) AS resolved
         FROM facet_counts c JOIN tags so ON so.id = c.solution_id JOIN tags st ON st.id = c.standard_id
         WHERE c.solution_id <> 0 AND c.standard_id <> 0
         GROUP BY so.slug, st.slug
         HAVING SUM(c.threads) > 0",
    )
    .bind(open)
    .bind(needs_info)
    .bind(confirmed)
    .bind(ThreadStatus::Resolved)
    .fetch_all(db)
    .await
}
