//! `jonction-relevance ARCHIVE_DIR --judgments FILE --data-dir DIR --out DIR`:
//! the forum's side of `scripts/relevance.sh`. Imports every list of a
//! mailing-list archive (one directory per list, pipermail or mbox files)
//! into a new data directory, each list tagged with a solution tag named
//! after it, builds the search index, runs the judged queries through the
//! forum's own search (`forum::search`, page 1, by relevance), and writes,
//! for the script's PostgreSQL baseline and scoring, tab-separated files in
//! `--out`: `corpus.tsv` (each thread's id, title and text, as the index
//! holds them, in COPY format), `queries.tsv`, `judgments.tsv` (query, thread
//! that answers it) and `forum.tsv` (query, rank, thread).
//!
//! A second binary rather than a subcommand: it is a measurement, never
//! something a forum runs.

use anyhow::{Context, bail};
use app::domain::{PageNumber, TagKind, tag_input::NewTag};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Args {
    archive: PathBuf,
    judgments: PathBuf,
    data_dir: PathBuf,
    out: PathBuf,
}

fn args() -> anyhow::Result<Args> {
    let mut archive = None;
    let (mut judgments, mut data_dir, mut out) = (None, None, None);
    let mut it = std::env::args_os().skip(1);
    while let Some(arg) = it.next() {
        match arg.to_str() {
            Some("--judgments") => judgments = it.next().map(PathBuf::from),
            Some("--data-dir") => data_dir = it.next().map(PathBuf::from),
            Some("--out") => out = it.next().map(PathBuf::from),
            _ => archive = Some(PathBuf::from(arg)),
        }
    }
    let usage = "jonction-relevance ARCHIVE_DIR --judgments FILE --data-dir NEW_DIR --out DIR";
    Ok(Args {
        archive: archive.context(usage)?,
        judgments: judgments.context(usage)?,
        data_dir: data_dir.context(usage)?,
        out: out.context(usage)?,
    })
}

/// One judged query: its text and the Message-IDs of the first message of
/// each thread that answers it.
struct Judged {
    query: String,
    answers: Vec<String>,
}

fn judgments(path: &Path) -> anyhow::Result<Vec<Judged>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("lecture de {}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(query), Some(ids)) = (fields.next(), fields.next()) else { bail!("ligne sans onglet : {line}") };
        out.push(Judged { query: query.trim().to_string(), answers: ids.split_whitespace().map(str::to_string).collect() });
    }
    Ok(out)
}

/// A value in PostgreSQL's COPY text format.
fn copy_field(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = args()?;
    anyhow::ensure!(!args.data_dir.join(app::store::DATABASE_FILE).exists(), "{} doit être un répertoire neuf", args.data_dir.display());
    std::fs::create_dir_all(&args.out)?;
    let judged = judgments(&args.judgments)?;
    let db = app::store::open(&args.data_dir, &Default::default()).await?;
    let admin_id = app::forum::auth::create_admin(&db, "relevance@bench.invalid", "Banc d’essai", "une phrase de passe assez longue")
        .await
        .map_err(|e| anyhow::anyhow!(e.message()))?;
    let session = app::store::sessions::create(&db, admin_id).await?;
    let admin = app::store::sessions::viewer(&db, &session).await?.context("l’administrateur du banc d’essai")?;

    let mut lists: Vec<PathBuf> = std::fs::read_dir(&args.archive)?.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    lists.retain(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')));
    lists.sort();
    let started = Instant::now();
    for list in &lists {
        let name = list.file_name().unwrap().to_string_lossy().to_string();
        let slug = name.split('-').next().unwrap_or(&name).to_string();
        if app::store::tags::by_slug(&db, &slug).await?.is_none() {
            let tag = NewTag::parse(&slug, TagKind::Solution.as_str(), &slug.to_uppercase(), "", "");
            app::forum::tags::create_tag(&db, &admin, tag).await.map_err(|e| anyhow::anyhow!(e.message()))?;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(list)?.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
        files.sort();
        let report = server::import::run(&db, &files, &[slug], Some(name)).await?;
        println!("{}", report.summary().lines().next().unwrap_or_default());
    }
    println!("Importation : {:.0} s", started.elapsed().as_secs_f64());

    let started = Instant::now();
    let threads = app::search::reindex(&db, &args.data_dir).await?.threads;
    let index = app::search::SearchIndex::open(&db, &args.data_dir).await?;
    println!("Index : {threads} fils en {:.0} s", started.elapsed().as_secs_f64());

    let mut corpus = String::new();
    for t in index.documents()? {
        writeln!(corpus, "{}\t{}\t{}", t.id, copy_field(&t.title), copy_field(&t.posts.join("\n\n")))?;
    }
    std::fs::write(args.out.join("corpus.tsv"), corpus)?;

    let (mut queries, mut answers, mut forum) = (String::new(), String::new(), String::new());
    for (n, j) in judged.iter().enumerate() {
        writeln!(queries, "{n}\t{}", copy_field(&j.query))?;
        for id in &j.answers {
            match app::forum::import::imported_post(&db, id).await.map_err(|e| anyhow::anyhow!(e.message()))? {
                Some(post) => writeln!(answers, "{n}\t{}", post.thread_id)?,
                None => bail!("le message {id} (requête « {} ») n’est pas dans l’archive importée", j.query),
            }
        }
        let page = app::forum::search::search(&db, &index, &j.query, "relevance", PageNumber::default())
            .await
            .map_err(|e| anyhow::anyhow!(e.message()))?;
        for (rank, hit) in page.hits.iter().take(10).enumerate() {
            writeln!(forum, "{n}\t{}\t{}", rank + 1, hit.thread.id)?;
        }
    }
    std::fs::write(args.out.join("queries.tsv"), queries)?;
    std::fs::write(args.out.join("judgments.tsv"), answers)?;
    std::fs::write(args.out.join("forum.tsv"), forum)?;
    app::store::close(db).await?;
    Ok(())
}
