//! Mailing-list messages as the importer reads them: subjects, addresses,
//! the parts of a message's text, and where a message goes among threads.
//! Pure rules, unit-tested here; `forum::import` applies them and writes.

pub mod address;
pub mod body;
pub mod mailman;
pub mod message;
pub mod subject;
pub mod threading;

pub use body::{Block, MailBody};
pub use message::{Attachment, MailMessage};
pub use subject::Subject;
pub use threading::{KnownPost, KnownThread, Placement};

/// How an imported member's `email` column starts: what follows is the
/// SHA-256 of their normalised address, never the address itself. No `@`,
/// so no sign-up, sign-in or ProConnect link can ever match it.
pub const IMPORTED_MEMBER_PREFIX: &str = "imported:";

/// Whether a member's stored `email` is an imported author's key.
pub fn is_imported_member(stored_email: &str) -> bool {
    stored_email.starts_with(IMPORTED_MEMBER_PREFIX)
}
