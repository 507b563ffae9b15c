use super::change_log::{self, ChangeKind};
use super::facets::{self, Threads};
use super::json::{self, Json};
use super::{Db, Tx, begin, now};
use crate::domain::{
    TagKind,
    views::{TagAdminRow, TagChoice},
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TagRow {
    pub id: i64,
    pub slug: String,
    pub kind: TagKind,
    pub name: String,
    pub description: String,
    pub url: Option<String>,
    pub merged_into: Option<i64>,
}

const TAG_COLUMNS: &str = "id, slug, kind, name, description, url, merged_into";

/// Tags that can be chosen (not merged away), solutions first, by name: one
/// row (rule 10; every list and the map read them).
pub async fn choices(db: &Db) -> Result<Vec<TagChoice>, sqlx::Error> {
    #[derive(serde::Deserialize)]
    struct Choice {
        id: i64,
        slug: String,
        name: String,
        kind: String,
    }
    let Json { array, object, .. } = Json::of(db);
    let sql = format!(
        "SELECT CAST({array}({object}('id', id, 'slug', slug, 'name', name, 'kind', kind) ORDER BY kind, LOWER(name)) AS TEXT)
         FROM tags WHERE merged_into IS NULL"
    );
    let choices: Vec<Choice> = json::array(sqlx::query_scalar(&sql).fetch_one(db).await?)?;
    choices
        .into_iter()
        .map(|c| {
            let kind = TagKind::parse(&c.kind).ok_or_else(|| json::unknown("a tag kind", &c.kind))?;
            Ok(TagChoice { id: c.id, slug: c.slug, name: c.name, kind })
        })
        .collect()
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<TagRow>, sqlx::Error> {
    let q = format!("SELECT {TAG_COLUMNS} FROM tags WHERE slug = $1");
    sqlx::query_as(&q).bind(slug).fetch_optional(db).await
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<TagRow>, sqlx::Error> {
    let q = format!("SELECT {TAG_COLUMNS} FROM tags WHERE id = $1");
    sqlx::query_as(&q).bind(id).fetch_optional(db).await
}

/// The tag a slug stands for today: a merged tag resolves to the tag it was merged into.
pub async fn resolve(db: &Db, slug: &str) -> Result<Option<TagRow>, sqlx::Error> {
    let Some(tag) = by_slug(db, slug).await? else { return Ok(None) };
    match tag.merged_into {
        // Merges re-point synonyms of the merged tag, so one hop suffices.
        Some(target) => by_id(db, target).await,
        None => Ok(Some(tag)),
    }
}

pub async fn synonyms(db: &Db, id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT slug FROM tags WHERE merged_into = $1 ORDER BY slug").bind(id).fetch_all(db).await
}

/// Its own transaction, so that the tag and its change-log row commit together.
pub async fn insert(
    db: &Db,
    slug: &str,
    kind: TagKind,
    name: &str,
    description: &str,
    url: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let mut tx = begin(db).await?;
    let id = sqlx::query_scalar(
        "INSERT INTO tags (slug, kind, name, description, url, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(slug)
    .bind(kind)
    .bind(name)
    .bind(description)
    .bind(url)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    change_log::tag_changed(&mut tx, ChangeKind::TagCreated, id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Its own transaction, so that the rename, the tags its threads show and
/// its change-log row commit together.
pub async fn update(db: &Db, id: i64, name: &str, description: &str, url: Option<&str>) -> Result<(), sqlx::Error> {
    crate::transaction!(db, |tx| -> sqlx::Error {
        sqlx::query("UPDATE tags SET name = $1, description = $2, url = $3 WHERE id = $4")
            .bind(name)
            .bind(description)
            .bind(url)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        facets::write_tags(tx, Threads::Tagged(id, id)).await?;
        change_log::tag_changed(tx, ChangeKind::TagRenamed, id).await
    })
}

/// A tag read with its row locked until the transaction ends (a merge
/// decides on `merged_into` of both tags).
pub async fn lock(tx: &mut Tx<'_>, id: i64) -> Result<Option<TagRow>, sqlx::Error> {
    let q = format!("SELECT {TAG_COLUMNS} FROM tags WHERE id = $1{}", tx.for_update());
    sqlx::query_as(&q).bind(id).fetch_optional(&mut **tx).await
}

/// Makes `from` a synonym of `into`: its threads move to `into` (keeping their
/// version/clause unless the thread already carries `into`), and tags that
/// were synonyms of `from` now point at `into`.
pub async fn merge(tx: &mut Tx<'_>, from: i64, into: i64) -> Result<(), sqlx::Error> {
    // The threads of both tags leave the lists, to come back as they end up.
    facets::withdraw(tx, Threads::Tagged(from, into)).await?;
    sqlx::query(
        "INSERT INTO thread_tags (thread_id, tag_id, detail)
         SELECT tt.thread_id, $2, tt.detail FROM thread_tags tt
         WHERE tt.tag_id = $1
           AND NOT EXISTS (SELECT 1 FROM thread_tags o WHERE o.thread_id = tt.thread_id AND o.tag_id = $2)",
    )
    .bind(from)
    .bind(into)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM thread_tags WHERE tag_id = $1").bind(from).execute(&mut **tx).await?;
    sqlx::query("UPDATE tags SET merged_into = $2 WHERE merged_into = $1").bind(from).bind(into).execute(&mut **tx).await?;
    sqlx::query("UPDATE tags SET merged_into = $2 WHERE id = $1").bind(from).bind(into).execute(&mut **tx).await?;
    facets::enter(tx, Threads::Tagged(into, into)).await?;
    // The threads moved to `into`, and `from` became one of its synonyms.
    change_log::tag_changed(tx, ChangeKind::TagMerged, into).await
}

pub async fn list_for_admin(db: &Db) -> Result<Vec<TagAdminRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.slug, t.kind, t.name, t.description, t.url, m.slug AS merged_into,
                (SELECT CAST(COALESCE(SUM(c.threads), 0) AS BIGINT) FROM facet_counts c
                 WHERE (c.solution_id = t.id AND c.standard_id = 0) OR (c.solution_id = 0 AND c.standard_id = t.id)) AS thread_count
         FROM tags t LEFT JOIN tags m ON m.id = t.merged_into
         ORDER BY t.kind, LOWER(t.name)",
    )
    .fetch_all(db)
    .await
}
