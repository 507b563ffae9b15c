use serde::{Deserialize, Serialize};

/// Where a thread stands in its workflow:
/// open → needs information → confirmed → resolved | won't fix | duplicate of #N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ThreadStatus {
    Open,
    NeedsInfo,
    Confirmed,
    Resolved,
    WontFix,
    Duplicate,
}

impl ThreadStatus {
    pub const ALL: [ThreadStatus; 6] = [
        Self::Open,
        Self::NeedsInfo,
        Self::Confirmed,
        Self::Resolved,
        Self::WontFix,
        Self::Duplicate,
    ];

    /// The value stored in the database and used in URLs (`?status=resolved`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::NeedsInfo => "needs_info",
            Self::Confirmed => "confirmed",
            Self::Resolved => "resolved",
            Self::WontFix => "wont_fix",
            Self::Duplicate => "duplicate",
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
        }
    }

    /// Still waiting for an answer: counted as "open" on the map and tag pages.
    pub fn is_unsettled(self) -> bool {
        matches!(self, Self::Open | Self::NeedsInfo | Self::Confirmed)
    }

    /// A status that can be chosen in the status form. `Resolved` is reached by
    /// marking the reply that resolved the thread, so that a resolution always
    /// has its answer.
    pub fn is_directly_settable(self) -> bool {
        self != Self::Resolved
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
