//! `jonction import-mbox`: reads archive files (a thread of its own, so
//! decoding overlaps the database's writes), hands each decoded message to
//! `forum::import::Importer`, reports skipped messages by `file:line`, shows
//! progress on a terminal and ends with a summary. It never touches the
//! search index: a running forum's indexer picks the imported threads up
//! from the change log.

pub mod mbox;
pub mod mime;

use anyhow::Context;
use app::domain::limits::{IMPORT_MESSAGES_PER_TRANSACTION, IMPORT_PROGRESS_MILLISECONDS};
use app::domain::mail_archive::MailMessage;
use app::forum::import::{ImportOptions, ImportStats, Importer};
use app::store::Db;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Skipped messages listed in the summary; past this they are only counted
/// (each is also reported on standard error as it is met).
pub const SKIPPED_LISTED_MAX: usize = 1_000;

#[derive(Debug, Default)]
pub struct ImportReport {
    pub list_name: String,
    pub files: usize,
    pub read: u64,
    pub stats: ImportStats,
    pub skipped: u64,
    /// `file:line : reason`, the first `SKIPPED_LISTED_MAX`.
    pub skipped_listed: Vec<String>,
    pub elapsed: Duration,
}

impl ImportReport {
    pub fn summary(&self) -> String {
        let mut out = format!(
            "Liste « {} », {} fichier(s) : {} messages lus, {} importés, {} déjà présents, {} ignorés ; \
             {} fils créés, {} fils prolongés ; {:.1} s.",
            self.list_name,
            self.files,
            self.read,
            self.stats.imported,
            self.stats.already_present,
            self.skipped,
            self.stats.threads_created,
            self.stats.threads_extended,
            self.elapsed.as_secs_f64()
        );
        for line in &self.skipped_listed {
            out.push_str(&format!("\n  ignoré : {line}"));
        }
        if self.skipped > self.skipped_listed.len() as u64 {
            out.push_str(&format!("\n  … et {} autres", self.skipped - self.skipped_listed.len() as u64));
        }
        out
    }
}

/// What the reading thread sends.
enum Read {
    Message(Box<MailMessage>),
    Skipped(String),
    Failed(String),
}

/// Imports `files` (read oldest first, by the date of their first message)
/// as threads of the list `list_name` (default: the directory of the first
/// file) tagged with `tags`.
pub async fn run(db: &Db, files: &[PathBuf], tags: &[String], list_name: Option<String>) -> anyhow::Result<ImportReport> {
    let list_name = match list_name {
        Some(name) => name,
        None => default_list_name(files).context("donnez le nom de la liste avec --list-name")?,
    };
    let options = ImportOptions { list_name: list_name.clone(), tags: tags.to_vec() };
    let mut importer = Importer::new(db, &options).await.map_err(|e| anyhow::anyhow!(e.message()))?;
    let files = oldest_first(files)?;
    let started = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::channel(IMPORT_MESSAGES_PER_TRANSACTION);
    let reader = tokio::task::spawn_blocking({
        let files = files.clone();
        move || read_all(&files, &tx)
    });
    let mut report = ImportReport { list_name, files: files.len(), ..Default::default() };
    let mut progress = Progress::new();
    let mut failure = None;
    while let Some(item) = rx.recv().await {
        match item {
            Read::Message(m) => {
                report.read += 1;
                importer.add(*m).await.map_err(|e| anyhow::anyhow!("écriture refusée : {}", e.message()))?;
            }
            Read::Skipped(line) => {
                report.read += 1;
                report.skipped += 1;
                progress.clear();
                eprintln!("ignoré : {line}");
                if report.skipped_listed.len() < SKIPPED_LISTED_MAX {
                    report.skipped_listed.push(line);
                }
            }
            Read::Failed(e) => failure = Some(e),
        }
        progress.show(report.read, importer.stats().imported);
    }
    progress.clear();
    reader.await.context("lecture des fichiers")?;
    report.stats = importer.finish().await.map_err(|e| anyhow::anyhow!("écriture refusée : {}", e.message()))?;
    report.elapsed = started.elapsed();
    match failure {
        Some(e) => Err(anyhow::anyhow!("{e}\n(avant l’erreur : {})", report.summary())),
        None => Ok(report),
    }
}

/// Runs on a blocking thread: every message of every file, decoded or skipped.
fn read_all(files: &[PathBuf], tx: &tokio::sync::mpsc::Sender<Read>) {
    for path in files {
        let reader = match mbox::MboxReader::open(path) {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.blocking_send(Read::Failed(format!("lecture de {} impossible : {e}", path.display())));
                return;
            }
        };
        for raw in reader {
            let item = match raw {
                Ok(raw) => {
                    let position = format!("{}:{}", path.display(), raw.line);
                    match mime::decode(&raw, position.clone()) {
                        Ok(m) => Read::Message(Box::new(m)),
                        Err(reason) => Read::Skipped(format!("{position} : {reason}")),
                    }
                }
                Err(e) => Read::Failed(format!("lecture de {} interrompue : {e}", path.display())),
            };
            let failed = matches!(item, Read::Failed(_));
            if tx.blocking_send(item).is_err() || failed {
                return;
            }
        }
    }
}

/// The name of the directory holding the first file (`…/gdal-dev/2019-March.txt` → `gdal-dev`).
fn default_list_name(files: &[PathBuf]) -> Option<String> {
    let first = files.first()?.canonicalize().ok()?;
    first.parent()?.file_name()?.to_str().map(str::to_string)
}

/// The files sorted by the date of their first message (a file without one
/// last), after checking each can be opened.
fn oldest_first(files: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut dated = Vec::new();
    for path in files {
        std::fs::File::open(path).with_context(|| format!("lecture de {} impossible", path.display()))?;
        dated.push((mbox::first_date(path).unwrap_or(i64::MAX), path.clone()));
    }
    dated.sort_by_key(|(date, _)| *date);
    Ok(dated.into_iter().map(|(_, p)| p).collect())
}

/// One self-overwriting line on standard error, only when it is a terminal.
struct Progress {
    on: bool,
    last: Instant,
}

impl Progress {
    fn new() -> Self {
        Progress { on: std::io::stderr().is_terminal(), last: Instant::now() }
    }

    fn show(&mut self, read: u64, imported: u64) {
        if self.on && self.last.elapsed() >= Duration::from_millis(IMPORT_PROGRESS_MILLISECONDS) {
            self.last = Instant::now();
            let _ = write!(std::io::stderr(), "\r\x1b[2K{read} messages lus, {imported} écrits…");
        }
    }

    fn clear(&mut self) {
        if self.on {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}
