use serde::{Deserialize, Serialize};

/// Where a thread stands in its workflow:
/// open → needs information → confirmed → resolved | won't fix | duplicate of #N;
/// and `Archived`, a past discussion imported from a mailing list (see the
/// migration `mail_imports`), which a moderator may bring into the workflow.
/// Stored as text (`open`, `needs_info`…); a value the code does not know is
/// a decoding error, never silently another status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum ThreadStatus {
    Open,
    NeedsInfo,
    Confirmed,
    Resolved,
    WontFix,
    Duplicate,
    Archived,
}

impl ThreadStatus {
    pub const ALL: [ThreadStatus; 7] = [
        Self::Open,
        Self::NeedsInfo,
        Self::Confirmed,
        Self::Resolved,
        Self::WontFix,
        Self::Duplicate,
        Self::Archived,
    ];

    /// Still waiting for an answer: counted as "open" on the map and tag pages.
    pub const UNSETTLED: [ThreadStatus; 3] = [Self::Open, Self::NeedsInfo, Self::Confirmed];

    /// The value stored in the database and used in URLs (`?status=resolved`).
    /// The same spelling as the database's (`rename_all = "snake_case"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::NeedsInfo => "needs_info",
            Self::Confirmed => "confirmed",
            Self::Resolved => "resolved",
            Self::WontFix => "wont_fix",
            Self::Duplicate => "duplicate",
            Self::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Ouvert",
            Self::NeedsInfo => "Besoin d’informations",
            Self::Confirmed => "Confirmé",
            Self::Resolved => "Résolu",
            Self::WontFix => "Ne sera pas corrigé",
            Self::Duplicate => "Doublon",
            Self::Archived => "Archivé",
        }
    }

    pub fn is_unsettled(self) -> bool {
        Self::UNSETTLED.contains(&self)
    }

    /// A status that can be chosen in the status form. `Resolved` is reached by
    /// marking the reply that resolved the thread, so that a resolution always
    /// has its answer; `Archived` is given by the importer only.
    pub fn is_directly_settable(self) -> bool {
        !matches!(self, Self::Resolved | Self::Archived)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_through_its_stored_form() {
        for st in ThreadStatus::ALL {
            assert_eq!(ThreadStatus::parse(st.as_str()), Some(st));
        }
        assert_eq!(ThreadStatus::parse("closed"), None);
    }

    #[test]
    fn only_the_first_three_statuses_are_unsettled() {
        let unsettled: Vec<_> = ThreadStatus::ALL.into_iter().filter(|s| s.is_unsettled()).collect();
        assert_eq!(unsettled, [ThreadStatus::Open, ThreadStatus::NeedsInfo, ThreadStatus::Confirmed]);
    }
}

/// The stored enums decode only from the values they write: anything else
/// in the database is an error, not a silent default.
#[cfg(all(test, feature = "ssr"))]
mod decoding {
    use crate::domain::{Role, TagKind, ThreadStatus};

    #[tokio::test]
    async fn an_unknown_stored_value_is_an_error() {
        let db = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        let status: ThreadStatus = sqlx::query_scalar("SELECT 'needs_info'").fetch_one(&db).await.unwrap();
        assert_eq!(status, ThreadStatus::NeedsInfo);
        let role: Role = sqlx::query_scalar("SELECT 'moderator'").fetch_one(&db).await.unwrap();
        assert_eq!(role, Role::Moderator);
        let kind: TagKind = sqlx::query_scalar("SELECT 'standard'").fetch_one(&db).await.unwrap();
        assert_eq!(kind, TagKind::Standard);
        assert!(sqlx::query_scalar::<_, ThreadStatus>("SELECT 'closed'").fetch_one(&db).await.is_err());
        assert!(sqlx::query_scalar::<_, Role>("SELECT 'superuser'").fetch_one(&db).await.is_err());
        assert!(sqlx::query_scalar::<_, TagKind>("SELECT 'software'").fetch_one(&db).await.is_err());
    }
}
