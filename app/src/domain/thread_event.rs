//! What happened in a thread's workflow, as its history shows it. Stored as
//! a kind and a detail (`status` / `confirmed`, `duplicate` / `12`…); the
//! French sentence for each is written here, once.

use super::ThreadStatus;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThreadEventKind {
    Status(ThreadStatus),
    Duplicate { of: i64 },
    Resolution { post_id: i64 },
    Lock,
    Unlock,
}

impl ThreadEventKind {
    /// (kind, detail) as stored in `thread_events`.
    pub fn stored(self) -> (&'static str, String) {
        match self {
            Self::Status(s) => ("status", s.as_str().to_string()),
            Self::Duplicate { of } => ("duplicate", of.to_string()),
            Self::Resolution { post_id } => ("resolution", post_id.to_string()),
            Self::Lock => ("lock", String::new()),
            Self::Unlock => ("unlock", String::new()),
        }
    }

    /// The event a stored row stands for; None for a row this code does not know.
    pub fn from_stored(kind: &str, detail: &str) -> Option<Self> {
        match kind {
            "status" => ThreadStatus::parse(detail).map(Self::Status),
            "duplicate" => detail.parse().ok().map(|of| Self::Duplicate { of }),
            "resolution" => detail.parse().ok().map(|post_id| Self::Resolution { post_id }),
            "lock" => Some(Self::Lock),
            "unlock" => Some(Self::Unlock),
            _ => None,
        }
    }

    /// The sentence after the actor's name in the history.
    pub fn text(self) -> String {
        match self {
            Self::Status(s) => format!("a changé le statut en « {} »", s.label()),
            Self::Duplicate { of } => format!("a marqué ce fil comme doublon du fil n° {of}"),
            Self::Resolution { .. } => "a marqué une réponse comme résolution".to_string(),
            Self::Lock => "a verrouillé le fil".to_string(),
            Self::Unlock => "a déverrouillé le fil".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_round_trips_through_its_stored_form() {
        let all = [
            ThreadEventKind::Status(ThreadStatus::Confirmed),
            ThreadEventKind::Duplicate { of: 12 },
            ThreadEventKind::Resolution { post_id: 7 },
            ThreadEventKind::Lock,
            ThreadEventKind::Unlock,
        ];
        for e in all {
            let (kind, detail) = e.stored();
            assert_eq!(ThreadEventKind::from_stored(kind, &detail), Some(e));
        }
        assert_eq!(ThreadEventKind::from_stored("renamed", ""), None);
        assert_eq!(ThreadEventKind::from_stored("status", "closed"), None);
        assert_eq!(ThreadEventKind::Status(ThreadStatus::WontFix).text(), "a changé le statut en « Ne sera pas corrigé »");
    }
}
