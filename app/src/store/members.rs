use super::Db;
use super::json::{Json, array};
use crate::domain::ThreadStatus;
use crate::domain::views::ReplySummary;
use serde::Deserialize;

/// `SELECT` of the rows `p` (posts) and `t` (their threads) as one JSON array
/// of replies in no order (rule 10 in `store`), each an array of its fields
/// in `ReplyCell`'s order: read by position, and sorted by [`decode`], as
/// the lists' summaries are (`summaries::select`).
fn select_replies(db: &Db) -> String {
    let Json { array, tuple, .. } = Json::of(db);
    format!("SELECT CAST({array}({tuple}(p.id, p.thread_id, t.title, p.created_at)) AS TEXT) ")
}

/// A reply as the JSON carries it (`select_replies`).
#[derive(Deserialize)]
struct ReplyCell(i64, i64, String, i64);

/// The replies a query made with [`select_replies`] returned, newest first.
fn decode(json: Option<String>) -> Result<Vec<ReplySummary>, sqlx::Error> {
    let cells: Vec<ReplyCell> = array(json)?;
    let mut replies: Vec<ReplySummary> = cells
        .into_iter()
        .map(|ReplyCell(post_id, thread_id, thread_title, created_at)| ReplySummary { post_id, thread_id, thread_title, created_at })
        .collect();
    replies.sort_unstable_by_key(|r| std::cmp::Reverse(r.post_id));
    Ok(replies)
}

/// A member's latest replies (not opening posts, not deleted).
pub async fn replies(db: &Db, user_id: i64, limit: i64) -> Result<Vec<ReplySummary>, sqlx::Error> {
    let sql = format!(
        "{} FROM (SELECT id FROM posts WHERE author_id = $1 AND is_opening = FALSE AND deleted_at IS NULL
                  ORDER BY id DESC LIMIT $2) AS page
         JOIN posts p ON p.id = page.id JOIN threads t ON t.id = p.thread_id",
        select_replies(db)
    );
    decode(sqlx::query_scalar(&sql).bind(user_id).bind(limit).fetch_one(db).await?)
}

/// Replies by this member that were marked as the resolution of their
/// thread: one range of an index (`threads.resolution_author_id`).
pub async fn resolutions(db: &Db, user_id: i64, limit: i64) -> Result<Vec<ReplySummary>, sqlx::Error> {
    let sql = format!(
        "{} FROM (SELECT resolution_post_id FROM threads WHERE resolution_author_id = $1 AND status = $2
                  ORDER BY resolution_post_id DESC LIMIT $3) AS page
         JOIN posts p ON p.id = page.resolution_post_id JOIN threads t ON t.id = p.thread_id",
        select_replies(db)
    );
    decode(sqlx::query_scalar(&sql).bind(user_id).bind(ThreadStatus::Resolved).bind(limit).fetch_one(db).await?)
}

#[cfg(test)]
mod tests {
    use super::decode;

    /// The aggregate keeps no order: the replies are sorted newest first
    /// here, each field read from its place.
    #[test]
    fn replies_are_read_by_position_and_sorted_newest_first() {
        let json = r#"[[1,5,"Premier",100],[3,5,"Premier",300],[2,6,"Second « fil »",200]]"#;
        let replies = decode(Some(json.to_string())).unwrap();
        let read: Vec<(i64, i64, &str, i64)> =
            replies.iter().map(|r| (r.post_id, r.thread_id, r.thread_title.as_str(), r.created_at)).collect();
        assert_eq!(read, [(3, 5, "Premier", 300), (2, 6, "Second « fil »", 200), (1, 5, "Premier", 100)]);
        assert!(decode(None).unwrap().is_empty(), "no reply at all");
        assert!(decode(Some(r#"[[1,5,"Premier"]]"#.to_string())).is_err(), "a field missing is an error");
    }
}
