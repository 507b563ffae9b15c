//! `jonction-bench generate`: a forum of any size, written through the store
//! as the forum writes it (posts rendered and sanitised, change-log rows in
//! the same transactions), in large transactions. One thread of the process
//! writes the text and renders the Markdown while the other writes SQLite.

use super::plan::{self, ThreadPlan};
use super::rng::Rng;
use super::text::{TagWords, Topic};
use anyhow::{Context, bail};
use app::domain::{Role, TagKind, ThreadEventKind, ThreadStatus};
use app::forum::markdown::to_safe_html;
use app::store::{self, Db};
use std::time::Instant;

/// Posts written per transaction: large enough that commits (each an fsync)
/// cost nothing, small enough to keep the write-ahead log to tens of MB.
const POSTS_PER_TRANSACTION: usize = 20_000;
/// Threads generated ahead of the writer.
const QUEUE: usize = 256;

/// Merged tags, so that synonyms are indexed too: (slug, kind, name, merged into).
const SYNONYMS: &[(&str, TagKind, &str, &str)] = &[
    ("geonetwork-opensource", TagKind::Solution, "GeoNetwork", "geonetwork"),
    ("qgis-server", TagKind::Solution, "QGIS Server", "qgis"),
    ("ogc-wfs", TagKind::Standard, "OGC WFS", "wfs"),
];

pub struct Options {
    pub threads: usize,
    pub posts: usize,
    pub seed: u64,
}

#[derive(Debug, Default)]
pub struct Report {
    pub members: usize,
    pub threads: usize,
    pub posts: usize,
    pub edited: usize,
    pub deleted: usize,
    pub seconds: f64,
}

struct PostDraft {
    author: usize,
    /// Index of the earlier post it answers (0 = the opening post).
    parent: Option<usize>,
    at: i64,
    md: String,
    html: String,
    edit: Option<(String, String, i64)>,
    deleted_at: Option<i64>,
}

struct ThreadDraft {
    plan: ThreadPlan,
    title: String,
    tags: Vec<(usize, String)>,
    posts: Vec<PostDraft>,
}

struct Taxonomy {
    solutions: Vec<TagWords>,
    standards: Vec<TagWords>,
    /// Tag ids: solutions, then standards.
    ids: Vec<i64>,
}

async fn taxonomy(db: &Db) -> anyhow::Result<Taxonomy> {
    server::demo::load_taxonomy(db).await?;
    for (slug, kind, name, into) in SYNONYMS {
        if store::tags::by_slug(db, slug).await?.is_none() {
            let id = store::tags::insert(db, slug, *kind, name, "", None).await?;
            let target = store::tags::by_slug(db, into).await?.with_context(|| format!("tag {into}"))?;
            let mut tx = store::begin(db).await?;
            store::tags::merge(&mut tx, id, target.id).await?;
            tx.commit().await?;
        }
    }
    let (mut solutions, mut standards, mut solution_ids, mut standard_ids) = (vec![], vec![], vec![], vec![]);
    for choice in store::tags::choices(db).await? {
        let row = store::tags::by_slug(db, &choice.slug).await?.context("a listed tag")?;
        let words = TagWords { slug: choice.slug, name: choice.name };
        match choice.kind {
            TagKind::Solution => (solutions.push(words), solution_ids.push(row.id)),
            TagKind::Standard => (standards.push(words), standard_ids.push(row.id)),
        };
    }
    solution_ids.extend(standard_ids);
    Ok(Taxonomy { solutions, standards, ids: solution_ids })
}

/// Members, written in one transaction; the first three are moderators.
async fn members(db: &Db, seed: u64, n: usize) -> anyhow::Result<Vec<i64>> {
    use super::words::{FIRST_NAMES, LAST_NAMES, ORGANISATIONS};
    let mut rng = Rng::new(seed).fork(u64::MAX - 1);
    let mut tx = store::begin(db).await?;
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let (first, last) = (*rng.pick(FIRST_NAMES), *rng.pick(LAST_NAMES));
        let org = *rng.pick(ORGANISATIONS);
        // No password: like demo members, they cannot sign in.
        ids.push(store::users::insert_external(&mut tx, &format!("membre{i}@jonction-bench.example"), &format!("{first} {last}"), Some(org), None).await?);
    }
    tx.commit().await?;
    for id in ids.iter().take(3) {
        store::users::set_role(db, *id, Role::Moderator).await?;
    }
    Ok(ids)
}

fn draft(seed: u64, plan: ThreadPlan, tax: &Taxonomy, members: usize) -> ThreadDraft {
    let mut rng = Rng::new(seed).fork(plan.index as u64).fork(1);
    let day = civil_day(plan.created);
    let sols: Vec<&TagWords> = plan.solutions.iter().map(|&i| &tax.solutions[i]).collect();
    let stds: Vec<&TagWords> = plan.standards.iter().map(|&i| &tax.standards[i]).collect();
    let topic = Topic::new(&mut rng, plan.lang, sols, stds, &tax.solutions, &tax.standards, day);
    let mut tags = Vec::new();
    for &i in &plan.solutions {
        let version = if rng.chance(0.6) { topic_version(&mut rng, &tax.solutions[i].slug) } else { String::new() };
        tags.push((i, version));
    }
    for &i in &plan.standards {
        let clause = if rng.chance(0.3) { rng.pick(&["/req/core/fc-limit-default", "C.17", "§ 7.2", "Part 2", "ISO 19139"]).to_string() } else { String::new() };
        tags.push((tax.solutions.len() + i, clause));
    }
    let title = topic.title(&mut rng);
    let times = plan::reply_times(&mut rng, plan.created, plan.posts - 1);
    let mut posts = Vec::with_capacity(plan.posts);
    for j in 0..plan.posts {
        let (md, author, at) = if j == 0 {
            (topic.opening_post(&mut rng), plan.author, plan.created)
        } else {
            let md = if plan.resolution == Some(j - 1) { topic.resolution(&mut rng) } else { topic.reply(&mut rng) };
            let author = if rng.chance(0.3) { plan.author } else { rng.skewed(members) };
            (md, author, times[j - 1])
        };
        let parent = (j > 0 && rng.chance(0.25)).then(|| rng.range(0, j as u64 - 1) as usize);
        let edit = rng.chance(0.03).then(|| {
            let edited = format!("{md}{}", topic.edit_note(&mut rng));
            let html = to_safe_html(&edited);
            (edited, html, at + rng.log_normal(1_800.0, 1.0) as i64)
        });
        let deletable = j > 0 && plan.resolution != Some(j - 1);
        let deleted_at = (deletable && rng.chance(0.01)).then(|| at + rng.log_normal(7_200.0, 1.0) as i64);
        let html = to_safe_html(&md);
        posts.push(PostDraft { author, parent, at, md, html, edit, deleted_at });
    }
    ThreadDraft { plan, title, tags, posts }
}

fn topic_version(rng: &mut Rng, slug: &str) -> String {
    match super::words::VERSIONS.iter().find(|(s, _)| *s == slug) {
        Some((_, versions)) => rng.pick(versions).to_string(),
        None => format!("{}.{}", rng.range(1, 9), rng.range(0, 12)),
    }
}

/// (year, month, day) of a unix time, UTC (H. Hinnant's civil-from-days).
fn civil_day(ts: i64) -> (i32, u32, u32) {
    let z = ts.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// Writes one thread as the forum would, inside `tx`. Returns its id.
async fn write(tx: &mut store::Tx<'_>, d: &ThreadDraft, members: &[i64], tag_ids: &[i64], thread_ids: &[i64], r: &mut Report) -> anyhow::Result<i64> {
    let author = members[d.plan.author];
    let id = store::threads::insert(tx, &d.title, author, d.plan.created).await?;
    let mut post_ids = Vec::with_capacity(d.posts.len());
    for (j, p) in d.posts.iter().enumerate() {
        let parent = p.parent.map(|k| post_ids[k]);
        let pid = store::posts::insert(tx, id, members[p.author], parent, j == 0, &p.md, &p.html, p.at).await?;
        if j == 0 {
            for (tag, detail) in &d.tags {
                store::threads::add_tag(tx, id, tag_ids[*tag], detail).await?;
            }
        } else {
            store::threads::touch_for_reply(tx, id, p.at).await?;
        }
        if let Some((md, html, at)) = &p.edit {
            store::posts::update_body(tx, pid, md, html, *at).await?;
            r.edited += 1;
        }
        if let Some(at) = p.deleted_at {
            store::posts::soft_delete(tx, pid, at).await?;
            r.deleted += 1;
        }
        post_ids.push(pid);
    }
    let last = d.posts.last().map_or(d.plan.created, |p| p.at);
    if d.plan.status != ThreadStatus::Open {
        let duplicate_of = d.plan.duplicate_of.map(|i| thread_ids[i]);
        let resolution = d.plan.resolution.map(|k| post_ids[k + 1]);
        store::threads::set_status(tx, id, d.plan.status, duplicate_of, resolution, last).await?;
        let event = match (resolution, duplicate_of) {
            (Some(post_id), _) => ThreadEventKind::Resolution { post_id },
            (None, Some(of)) => ThreadEventKind::Duplicate { of },
            _ => ThreadEventKind::Status(d.plan.status),
        };
        store::threads::add_event(tx, id, author, event, last).await?;
    }
    if d.plan.locked {
        store::threads::set_locked(tx, id, true).await?;
        store::threads::add_event(tx, id, members[0], ThreadEventKind::Lock, last).await?;
    }
    r.posts += d.posts.len();
    Ok(id)
}

/// Fills a forum that has no threads yet.
pub async fn generate(db: &Db, o: &Options) -> anyhow::Result<Report> {
    let started = Instant::now();
    let existing = store::lists::total(db, &store::lists::ListQuery::default()).await?;
    if existing > 0 {
        bail!("ce forum a déjà {existing} fils : générez dans un répertoire de données neuf");
    }
    let tax = std::sync::Arc::new(taxonomy(db).await?);
    let n_members = plan::member_count(o.threads);
    let members = members(db, o.seed, n_members).await?;
    let counts = plan::post_counts(o.seed, o.threads, o.posts);
    let (tx_drafts, mut drafts) = tokio::sync::mpsc::channel::<ThreadDraft>(QUEUE);
    let (seed, threads, producer_tax) = (o.seed, o.threads, tax.clone());
    let producer = std::thread::spawn(move || {
        let sol_order = plan::by_popularity(&producer_tax.solutions.iter().map(|t| t.slug.clone()).collect::<Vec<_>>());
        let std_order = plan::by_popularity(&producer_tax.standards.iter().map(|t| t.slug.clone()).collect::<Vec<_>>());
        for (i, &posts) in counts.iter().enumerate() {
            let p = plan::thread(seed, i, threads, posts, &sol_order, &std_order);
            if tx_drafts.blocking_send(draft(seed, p, &producer_tax, n_members)).is_err() {
                return; // The writer stopped on an error; it reports it.
            }
        }
    });
    let mut report = Report { members: n_members, ..Default::default() };
    let mut thread_ids = Vec::with_capacity(o.threads);
    let mut tx = store::begin(db).await?;
    let mut in_tx = 0;
    while let Some(d) = drafts.recv().await {
        in_tx += d.posts.len();
        thread_ids.push(write(&mut tx, &d, &members, &tax.ids, &thread_ids, &mut report).await?);
        if in_tx >= POSTS_PER_TRANSACTION {
            tx.commit().await?;
            tx = store::begin(db).await?;
            in_tx = 0;
            eprintln!("  {} fils, {} messages, {:.0} s", thread_ids.len(), report.posts, started.elapsed().as_secs_f64());
        }
    }
    tx.commit().await?;
    producer.join().map_err(|_| anyhow::anyhow!("the text generator panicked"))?;
    report.threads = thread_ids.len();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_days() {
        assert_eq!(super::civil_day(0), (1970, 1, 1));
        assert_eq!(super::civil_day(super::plan::START), (2019, 1, 1));
        assert_eq!(super::civil_day(super::plan::END - 1), (2026, 11, 29));
        assert_eq!(super::civil_day(1_709_208_000), (2024, 2, 29));
    }
}
