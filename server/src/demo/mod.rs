//! Demo content: the real taxonomy of the collective and a dozen realistic
//! interoperability threads, loaded by `jonction seed-demo`. Demo members have
//! no password: they cannot sign in, they only populate the forum.

use anyhow::{Context, bail};
use app::domain::{Role, TagKind, ThreadStatus};
use app::forum::markdown::to_safe_html;
use app::store::{self, Db, now};
use serde::Deserialize;
use std::collections::HashMap;

const TAXONOMY: &str = include_str!("taxonomy.json");
const THREADS: &str = include_str!("threads.json");

#[derive(Deserialize)]
struct Taxonomy {
    tags: Vec<DemoTag>,
}

#[derive(Deserialize)]
struct DemoTag {
    slug: String,
    kind: String,
    name: String,
    description: String,
    url: Option<String>,
}

#[derive(Deserialize)]
struct Demo {
    users: Vec<DemoUser>,
    threads: Vec<DemoThread>,
}

#[derive(Deserialize)]
struct DemoUser {
    key: String,
    email: String,
    display_name: String,
    organisation: Option<String>,
    role: String,
}

#[derive(Deserialize)]
struct DemoTagRef {
    slug: String,
    detail: String,
}

#[derive(Deserialize)]
struct DemoThread {
    title: String,
    author: String,
    days_ago: i64,
    solutions: Vec<DemoTagRef>,
    standards: Vec<DemoTagRef>,
    body: String,
    status: String,
    duplicate_of: Option<usize>,
    locked: bool,
    replies: Vec<DemoReply>,
    resolution: Option<String>,
}

#[derive(Deserialize)]
struct DemoReply {
    key: String,
    author: String,
    parent: Option<String>,
    hours_after: i64,
    body: String,
}

/// Adds the tags of the collective's taxonomy that the forum does not have
/// yet; returns how many. (The benchmark's generated forum uses it too.)
pub async fn load_taxonomy(db: &Db) -> anyhow::Result<usize> {
    let taxonomy: Taxonomy = serde_json::from_str(TAXONOMY).context("taxonomy.json")?;
    let mut tags_added = 0;
    for t in &taxonomy.tags {
        if store::tags::by_slug(db, &t.slug).await?.is_none() {
            let kind = TagKind::parse(&t.kind).with_context(|| format!("kind of {}", t.slug))?;
            store::tags::insert(db, &t.slug, kind, &t.name, &t.description, t.url.as_deref()).await?;
            tags_added += 1;
        }
    }
    Ok(tags_added)
}

/// Loads the taxonomy (missing tags only) and, into a forum without threads,
/// the demo members and threads. Returns a one-line report.
pub async fn seed(db: &Db) -> anyhow::Result<String> {
    let tags_added = load_taxonomy(db).await?;
    let existing = store::lists::total(db, &store::lists::ListQuery::default()).await?;
    if existing > 0 {
        return Ok(format!("{tags_added} tags ajoutés ; le forum a déjà des fils, aucun fil de démonstration ajouté."));
    }

    let demo: Demo = serde_json::from_str(THREADS).context("threads.json")?;
    let mut users = HashMap::new();
    for u in &demo.users {
        let id = match store::users::by_email(db, &u.email).await? {
            Some(existing) => existing.id,
            None => {
                let role = Role::parse(&u.role).unwrap_or(Role::Member);
                store::users::insert(db, &u.email, &u.display_name, u.organisation.as_deref(), None, role, true).await?
            }
        };
        users.insert(u.key.as_str(), id);
    }
    let user = |key: &str| users.get(key).copied().with_context(|| format!("unknown demo member {key}"));

    let mut thread_ids: Vec<i64> = Vec::new();
    let mut reply_count = 0;
    let today = now();
    for t in &demo.threads {
        let created = today - t.days_ago * 86_400;
        let author = user(&t.author)?;
        let mut tx = store::begin(db).await?;
        let id = store::threads::insert(&mut tx, &t.title, author, created).await?;
        store::posts::insert(&mut tx, id, author, None, true, &t.body, &to_safe_html(&t.body), created).await?;
        for tag in t.solutions.iter().chain(&t.standards) {
            let row = store::tags::by_slug(db, &tag.slug).await?.with_context(|| format!("unknown tag {}", tag.slug))?;
            store::threads::add_tag(&mut tx, id, row.id, &tag.detail).await?;
        }
        let mut post_ids: HashMap<&str, i64> = HashMap::new();
        let mut last = created;
        for r in &t.replies {
            let at = created + r.hours_after * 3_600;
            let parent = match &r.parent {
                Some(key) => Some(*post_ids.get(key.as_str()).with_context(|| format!("reply {key} not yet seen"))?),
                None => None,
            };
            let pid = store::posts::insert(&mut tx, id, user(&r.author)?, parent, false, &r.body, &to_safe_html(&r.body), at).await?;
            store::threads::touch_for_reply(&mut tx, id, at).await?;
            post_ids.insert(r.key.as_str(), pid);
            last = last.max(at);
            reply_count += 1;
        }
        let status = ThreadStatus::parse(&t.status).with_context(|| format!("status {}", t.status))?;
        let resolution = match &t.resolution {
            Some(key) => Some(*post_ids.get(key.as_str()).with_context(|| format!("resolution {key}"))?),
            None => None,
        };
        let duplicate_of = match t.duplicate_of {
            Some(i) => Some(*thread_ids.get(i).with_context(|| format!("duplicate_of {i} must be an earlier thread"))?),
            None => None,
        };
        if status == ThreadStatus::Resolved && resolution.is_none() {
            bail!("resolved demo thread « {} » has no resolution", t.title);
        }
        store::threads::set_status(&mut tx, id, status, duplicate_of, resolution, last).await?;
        if t.locked {
            store::threads::set_locked(&mut tx, id, true).await?;
        }
        tx.commit().await?;
        thread_ids.push(id);
    }
    Ok(format!(
        "{tags_added} tags, {} membres, {} fils et {reply_count} réponses de démonstration chargés.",
        demo.users.len(),
        thread_ids.len()
    ))
}
