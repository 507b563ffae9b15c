//! Importing a mailing list's history: decoded messages (read by the
//! server's `import-mbox`) become archived threads, one post per message,
//! written in transactions of `IMPORT_MESSAGES_PER_TRANSACTION` messages,
//! each with its change-log rows, so a running forum indexes them within
//! seconds. Re-importing the same messages changes nothing. The rules
//! (threading, quotes, addresses) are in `domain::mail_archive`; this applies them.

use super::imported_html;
use crate::domain::limits::{BODY_MAX_CHARS, IMPORT_MESSAGES_PER_TRANSACTION, TAGS_PER_KIND_MAX};
use crate::domain::mail_archive::{self, IMPORTED_MEMBER_PREFIX, MailBody, MailMessage, Placement, Subject, address, threading};
use crate::domain::{FieldError, TagKind};
use crate::error::{AppError, AppResult};
use crate::store::{self, Db, Tx, imports::ImportedPost};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// What the command line asked for.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Shown on each thread (`data-source-list`); subject threading stays within one list.
    pub list_name: String,
    /// Slugs of existing solution or standard tags, given to every thread.
    pub tags: Vec<String>,
}

/// What an import did, for its summary. Messages are counted once written
/// (committed), never before.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportStats {
    pub imported: u64,
    pub already_present: u64,
    pub threads_created: u64,
    /// Threads of earlier imports that received messages.
    pub threads_extended: u64,
}

pub struct Importer<'a> {
    db: &'a Db,
    list: String,
    tag_ids: Vec<i64>,
    pending: Vec<MailMessage>,
    stats: ImportStats,
    /// Threads this import created, and older ones it extended.
    created: BTreeSet<i64>,
    extended: BTreeSet<i64>,
}

/// A list name as typed: trimmed, one line, bounded; it is shown on every thread.
fn list_name(raw: &str) -> AppResult<String> {
    let name: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > crate::domain::limits::TAG_NAME_MAX_CHARS {
        return Err(AppError::invalid(FieldError::new("list-name", "Donnez le nom de la liste (120 caractères au plus).")));
    }
    Ok(address::mask(&name))
}

impl<'a> Importer<'a> {
    /// Checks the options: every tag must exist (a merged one counts as the
    /// tag it became), at most `TAGS_PER_KIND_MAX` of each kind, at least one.
    pub async fn new(db: &'a Db, options: &ImportOptions) -> AppResult<Importer<'a>> {
        let list = list_name(&options.list_name)?;
        let mut tag_ids = Vec::new();
        let mut per_kind = [0usize; 2];
        for slug in &options.tags {
            let tag = store::tags::resolve(db, slug.trim())
                .await?
                .ok_or_else(|| AppError::invalid(FieldError::new("tag", format!("Tag inconnu : « {} ».", slug.trim()))))?;
            if !tag_ids.contains(&tag.id) {
                tag_ids.push(tag.id);
                per_kind[matches!(tag.kind, TagKind::Standard) as usize] += 1;
            }
        }
        if tag_ids.is_empty() || per_kind.iter().any(|n| *n > TAGS_PER_KIND_MAX) {
            return Err(AppError::invalid(FieldError::new(
                "tag",
                format!("Donnez au moins un tag existant (solution ou norme), {TAGS_PER_KIND_MAX} de chaque type au plus."),
            )));
        }
        Ok(Importer { db, list, tag_ids, pending: Vec::new(), stats: ImportStats::default(), created: BTreeSet::new(), extended: BTreeSet::new() })
    }

    /// Queues a message; writes the queue once it is a transaction's worth.
    pub async fn add(&mut self, message: MailMessage) -> AppResult<()> {
        self.pending.push(message);
        if self.pending.len() >= IMPORT_MESSAGES_PER_TRANSACTION {
            self.flush().await?;
        }
        Ok(())
    }

    /// What is committed so far.
    pub fn stats(&self) -> ImportStats {
        ImportStats { threads_created: self.created.len() as u64, threads_extended: self.extended.len() as u64, ..self.stats.clone() }
    }

    /// Writes what is queued and returns the totals.
    pub async fn finish(mut self) -> AppResult<ImportStats> {
        self.flush().await?;
        Ok(self.stats())
    }

    /// One transaction for the queued messages, with one change-log row per
    /// thread touched. Nothing is counted unless the commit succeeds.
    async fn flush(&mut self) -> AppResult<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut tx = store::begin(self.db).await?;
        let mut counts = ImportStats::default();
        let mut created = BTreeSet::new();
        let mut touched = BTreeSet::new();
        for message in std::mem::take(&mut self.pending) {
            match self.write(&mut tx, &message).await? {
                None => counts.already_present += 1,
                Some((thread_id, is_new)) => {
                    counts.imported += 1;
                    touched.insert(thread_id);
                    if is_new {
                        created.insert(thread_id);
                    }
                }
            }
        }
        for thread_id in &touched {
            store::imports::thread_imported(&mut tx, *thread_id).await?;
        }
        tx.commit().await?;
        self.stats.imported += counts.imported;
        self.stats.already_present += counts.already_present;
        for id in touched {
            if !created.contains(&id) && !self.created.contains(&id) {
                self.extended.insert(id);
            }
        }
        self.created.extend(created);
        Ok(())
    }

    /// Writes one message; `None` when it was already imported, else its
    /// thread and whether the message started it.
    async fn write(&self, tx: &mut Tx<'_>, m: &MailMessage) -> AppResult<Option<(i64, bool)>> {
        let key = sha256_hex(&m.key_source());
        if store::imports::known_post(&mut **tx, &key).await?.is_some() {
            return Ok(None);
        }
        let mut parent = None;
        for source in m.parent_key_sources() {
            if let Some(found) = store::imports::known_post(&mut **tx, &sha256_hex(&source)).await? {
                parent = Some(found);
                break;
            }
        }
        let subject = Subject::parse(&address::mask(&m.subject));
        let same_subject = match parent {
            None if !subject.key.is_empty() => store::imports::thread_with_subject(tx, &self.list, &subject.key).await?,
            _ => None,
        };
        let author_id = self.author(tx, m).await?;
        let body = MailBody::parse(&bounded(&m.text), &m.attachments);
        let (text, html) = (body.plain_text(), imported_html::to_safe_html(&body));
        let placement = threading::place(m.date, &subject, m.has_references(), parent, same_subject);
        let (thread_id, parent_id, is_new) = match placement {
            Placement::Reply(p) => (p.thread_id, Some(p.post_id), false),
            Placement::SameSubject { thread_id } => (thread_id, None, false),
            Placement::NewThread => {
                let id = store::imports::insert_thread(tx, subject.thread_title(), author_id, &self.list, &subject.key, m.date).await?;
                for tag_id in &self.tag_ids {
                    store::threads::add_tag(tx, id, *tag_id, "").await?;
                }
                (id, None, true)
            }
        };
        let post = ImportedPost { thread_id, author_id, parent_id, is_opening: is_new, text: &text, html: &html, at: m.date, message_key: &key };
        store::imports::insert_post(tx, &post).await?;
        if !is_new {
            store::imports::extend_thread(tx, thread_id, m.date).await?;
        }
        Ok(Some((thread_id, is_new)))
    }

    /// The imported member for the sender, created on first sight. Keyed on
    /// the hash of the address; the name is the first one seen.
    async fn author(&self, tx: &mut Tx<'_>, m: &MailMessage) -> AppResult<i64> {
        let hash = sha256_hex(&format!("jonction imported member\n{}", m.from_address));
        let key = format!("{IMPORTED_MEMBER_PREFIX}{hash}");
        if let Some(id) = store::imports::member(tx, &key).await? {
            return Ok(id);
        }
        let name = mail_archive::address::display_name(m.from_name.as_deref(), &hash[..6]);
        Ok(store::imports::insert_member(tx, &key, &name, m.date).await?)
    }
}

/// Where the message with this `Message-ID` was imported, if it was: how
/// benchmarks and tests name imported threads across re-imports.
pub async fn imported_post(db: &Db, message_id: &str) -> AppResult<Option<mail_archive::KnownPost>> {
    let probe = MailMessage { message_id: Some(message_id.to_string()), ..MailMessage::default() };
    Ok(store::imports::known_post(db, &sha256_hex(&probe.key_source())).await?)
}

/// The text cut to what a message may hold, saying so.
fn bounded(text: &str) -> String {
    const ROOM_FOR_NOTE: usize = 200;
    let total = text.chars().count();
    if total <= BODY_MAX_CHARS - ROOM_FOR_NOTE {
        return text.to_string();
    }
    let kept: String = text.chars().take(BODY_MAX_CHARS - ROOM_FOR_NOTE).collect();
    format!("{kept}\n\n[Message tronqué à l’importation : {} caractères de plus.]", total - (BODY_MAX_CHARS - ROOM_FOR_NOTE))
}

fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}
