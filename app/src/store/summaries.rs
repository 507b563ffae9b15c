//! Thread summaries as the lists show them (home, tag and member pages,
//! search results, digests), each with its tags, read as one row (rule 10):
//! a JSON array of summaries, each the pair of its fields and its tags. A
//! page of 50 threads and 150 tags is one row and one query, not 50 rows and
//! a second query. A summary and a tag are JSON arrays of their fields, which
//! serde reads by position (`SUMMARY_FIELDS`, `TAG_FIELDS`): objects spelt
//! every key of every row, and building and reading them was a quarter of
//! the query. The tags are the text kept on the thread (`tags_json`), joined
//! to the rest as text: embedded as JSON, the database parsed them again for
//! every row. A status or a tag kind the code does not know is an error, as
//! it is for a row mapped by sqlx.

use super::Db;
use super::json::{Json, array, unknown};
use crate::domain::views::{TagRef, ThreadSummary};
use crate::domain::{TagKind, ThreadStatus};
use serde::Deserialize;

/// `SummaryFields`'s fields, in its order, and the SQL of each (`t` the
/// thread, `u` its author).
const SUMMARY_FIELDS: [(&str, &str); 9] = [
    ("id", "t.id"),
    ("title", "t.title"),
    ("status", "t.status"),
    ("locked", "CASE WHEN t.locked THEN 1 ELSE 0 END"),
    ("author_id", "t.author_id"),
    ("author_name", "u.display_name"),
    ("reply_count", "t.reply_count"),
    ("created_at", "t.created_at"),
    ("last_activity_at", "t.last_activity_at"),
];

/// `TagCell`'s fields, in its order, and the SQL of each (`tg` the tag,
/// `tt` its link to the thread).
const TAG_FIELDS: [(&str, &str); 4] = [("slug", "tg.slug"), ("name", "tg.name"), ("kind", "tg.kind"), ("detail", "tt.detail")];

/// The SQL of `fields`, separated by commas, in their order.
fn sql_of(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(_, sql)| *sql).collect::<Vec<_>>().join(", ")
}

/// The text kept in a thread's `tags_json` (the migration `thread_tags_json`),
/// written whenever its tags change (`facets::write_tags`) so that a list
/// reads them with the thread's row: the JSON array of the tags of the thread
/// `thread_id` (an SQL expression), `[]` for none (PostgreSQL's `json_agg` of
/// no row is NULL), in no order (`in_list_order` sorts them).
pub(super) fn tags_json(j: &Json, thread_id: &str) -> String {
    let Json { array, tuple, to_text: (open, close), .. } = j;
    format!(
        "COALESCE({open}(SELECT {array}({tuple}({fields}))
                FROM thread_tags tt JOIN tags tg ON tg.id = tt.tag_id WHERE tt.thread_id = {thread_id}){close}, '[]')",
        fields = sql_of(&TAG_FIELDS)
    )
}

/// A thread's tags as the JSON carries them, in the order the lists show them.
fn list_tags(cells: Vec<TagCell>) -> Result<Vec<TagRef>, sqlx::Error> {
    let mut tags = cells.into_iter().map(TagRef::try_from).collect::<Result<Vec<_>, _>>()?;
    in_list_order(&mut tags);
    Ok(tags)
}

/// Solutions first, then by name, capitals aside (ASCII ones, as SQLite's
/// `LOWER` did), the same on both databases.
fn in_list_order(tags: &mut [TagRef]) {
    fn name(t: &TagRef) -> impl Iterator<Item = u8> + '_ {
        t.name.bytes().map(|b| b.to_ascii_lowercase())
    }
    tags.sort_by(|a, b| a.kind.as_str().cmp(b.kind.as_str()).then_with(|| name(a).cmp(name(b))));
}

/// `SELECT` of the summaries of the rows `t` (threads) and `u` (their
/// authors), as the text of one JSON array in no order (none for no row):
/// each summary `[[fields…], [tags…]]`. The caller appends the `FROM`
/// clause that names `t` and `u`, runs it as a scalar and reads it with
/// [`decode`], which sorts. An `ORDER BY` in the aggregate made SQLite sort
/// the page again in a temporary B-tree, a tenth of a list's query.
pub(crate) fn select(db: &Db) -> String {
    let Json { tuple, concat, to_text: (open, close), .. } = Json::of(db);
    let fields = sql_of(&SUMMARY_FIELDS);
    format!("SELECT '[' || {concat}('[' || {open}{tuple}({fields}){close} || ',' || t.tags_json || ']', ',') || ']' ")
}

/// The order [`decode`] sorts summaries in.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Order {
    /// Oldest first.
    Id,
    /// Most recently active first, the lists' order (`threads_activity`).
    ActivityDesc,
    /// Least recently active first: a list's page read backwards.
    ActivityAsc,
}

/// The summaries a query made with [`select`] returned, in `order`.
pub(crate) fn decode(json: Option<String>, order: Order) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let cells: Vec<SummaryCell> = array(json)?;
    let mut threads = cells.into_iter().map(ThreadSummary::try_from).collect::<Result<Vec<_>, _>>()?;
    let activity = |t: &ThreadSummary| (t.last_activity_at, t.id);
    match order {
        Order::Id => threads.sort_unstable_by_key(|t| t.id),
        Order::ActivityDesc => threads.sort_unstable_by_key(|t| std::cmp::Reverse(activity(t))),
        Order::ActivityAsc => threads.sort_unstable_by_key(activity),
    }
    Ok(threads)
}

/// The tags of one thread, in the order the lists show them (none for a
/// thread that is not there).
pub(crate) async fn tags(db: &Db, thread_id: i64) -> Result<Vec<TagRef>, sqlx::Error> {
    let json: Option<String> = sqlx::query_scalar("SELECT tags_json FROM threads WHERE id = $1").bind(thread_id).fetch_optional(db).await?;
    list_tags(array(json)?)
}

/// A summary as the JSON carries it: its fields and its tags.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct SummaryCell(SummaryFields, Vec<TagCell>);

/// A summary's fields as the JSON carries them: an array of these fields,
/// in this order (`SUMMARY_FIELDS`).
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct SummaryFields {
    id: i64,
    title: String,
    status: String,
    locked: i64,
    author_id: i64,
    author_name: String,
    reply_count: i64,
    created_at: i64,
    last_activity_at: i64,
}

/// A tag as the JSON carries it: an array of these fields, in this order
/// (`TAG_FIELDS`).
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct TagCell {
    slug: String,
    name: String,
    kind: String,
    detail: String,
}

impl TryFrom<SummaryCell> for ThreadSummary {
    type Error = sqlx::Error;

    fn try_from(SummaryCell(c, tags): SummaryCell) -> Result<Self, sqlx::Error> {
        let tags = list_tags(tags)?;
        Ok(ThreadSummary {
            id: c.id,
            title: c.title,
            status: ThreadStatus::parse(&c.status).ok_or_else(|| unknown("a status", &c.status))?,
            locked: c.locked != 0,
            author_id: c.author_id,
            author_name: c.author_name,
            reply_count: c.reply_count,
            created_at: c.created_at,
            last_activity_at: c.last_activity_at,
            tags,
        })
    }
}

impl TryFrom<TagCell> for TagRef {
    type Error = sqlx::Error;

    fn try_from(c: TagCell) -> Result<Self, sqlx::Error> {
        let kind = TagKind::parse(&c.kind).ok_or_else(|| unknown("a tag kind", &c.kind))?;
        Ok(TagRef { slug: c.slug, name: c.name, kind, detail: c.detail })
    }
}

#[cfg(test)]
mod tests {
    use super::{Order, SUMMARY_FIELDS, SummaryCell, SummaryFields, TAG_FIELDS, TagCell, decode, in_list_order};
    use crate::domain::TagKind::{self, *};
    use crate::domain::views::TagRef;
    use serde_json::{Map, Value, from_value, json};

    /// The same values as an array, in the order of `fields`, and as an
    /// object naming each one.
    fn array_and_object(fields: &[(&str, &str)], value: impl Fn(usize, &str) -> Value) -> (Value, Value) {
        let values: Vec<Value> = fields.iter().enumerate().map(|(i, (name, _))| value(i, name)).collect();
        let object: Map<String, Value> = fields.iter().map(|(name, _)| name.to_string()).zip(values.clone()).collect();
        (Value::Array(values), Value::Object(object))
    }

    /// The SQL lists name the cells' fields in their order: read by position
    /// and read by name, every value lands in the same field (two fields
    /// swapped in a list, they would not; a name wrong, the object would not read).
    #[test]
    fn the_sql_lists_fields_in_the_order_serde_reads_them() {
        let (tag_array, tag_object) = array_and_object(&TAG_FIELDS, |_, name| json!(format!("the {name}")));
        let by_position: TagCell = from_value(tag_array.clone()).unwrap();
        assert_eq!(by_position, from_value::<TagCell>(tag_object).unwrap());
        let (array, object) = array_and_object(&SUMMARY_FIELDS, |i, name| match name {
            "title" | "status" | "author_name" => json!(format!("the {name}")),
            // Every number differs from the others.
            _ => json!(i + 1),
        });
        let by_position: SummaryFields = from_value(array.clone()).unwrap();
        assert_eq!(by_position, from_value::<SummaryFields>(object).unwrap());
        // A summary is its fields, then its tags.
        let SummaryCell(fields, tags) = from_value(json!([array, [tag_array]])).unwrap();
        assert_eq!((fields, tags.len()), (by_position, 1));
    }

    /// The JSON aggregate has no order: `decode` gives each caller its own,
    /// ties in activity broken by id as the lists' index does.
    #[test]
    fn summaries_are_decoded_in_the_order_asked_whatever_order_the_json_has() {
        // (id, last activity), neither order the JSON's.
        let rows = [(2, 50), (9, 10), (4, 50), (7, 30)];
        let json = serde_json::to_string(
            &rows.iter().map(|(id, at)| json!([[id, "t", "open", 0, 1, "a", 0, 1, at], []])).collect::<Vec<_>>(),
        )
        .unwrap();
        let ids = |order| decode(Some(json.clone()), order).unwrap().iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(ids(Order::ActivityDesc), [4, 2, 7, 9]);
        assert_eq!(ids(Order::ActivityAsc), [9, 7, 2, 4]);
        assert_eq!(ids(Order::Id), [2, 4, 7, 9]);
    }

    #[test]
    fn solutions_come_first_then_names_whatever_their_capitals() {
        let tag = |name: &str, kind: TagKind| TagRef { slug: name.to_lowercase(), name: name.into(), kind, detail: String::new() };
        let mut tags = vec![tag("WFS", Standard), tag("qgis", Solution), tag("CSW", Standard), tag("GeoServer", Solution), tag("ckan", Solution)];
        in_list_order(&mut tags);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["ckan", "GeoServer", "qgis", "CSW", "WFS"]);
    }
}
