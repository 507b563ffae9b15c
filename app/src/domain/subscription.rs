//! What a member follows (a tag, a solution × standard pair, a thread) and
//! how closely (the level). The French words for each level live here, once.

use super::form::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Level {
    /// Every new post (and status change).
    Watching,
    /// Only the threads that start.
    NewThreads,
    /// One mail a day listing new and resolved threads.
    Daily,
    /// One mail a week listing new and resolved threads.
    Weekly,
    /// Nothing, even when another subscription would notify.
    Muted,
}

impl Level {
    pub const ALL: [Level; 5] = [Level::Watching, Level::NewThreads, Level::Daily, Level::Weekly, Level::Muted];
    /// A thread has no "new threads" and no digest: one follows it or mutes it.
    pub const FOR_THREAD: [Level; 2] = [Level::Watching, Level::Muted];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Watching => "watching",
            Self::NewThreads => "new_threads",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::Muted => "muted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Watching => "Chaque message",
            Self::NewThreads => "Nouveaux fils seulement",
            Self::Daily => "Résumé quotidien",
            Self::Weekly => "Résumé hebdomadaire",
            Self::Muted => "Silence",
        }
    }

    /// Among subscriptions of equal precision, the one that decides: muted
    /// first, then the closest following.
    pub(crate) fn precedence(self) -> u8 {
        match self {
            Self::Muted => 5,
            Self::Watching => 4,
            Self::NewThreads => 3,
            Self::Daily => 2,
            Self::Weekly => 1,
        }
    }

    pub fn is_digest(self) -> bool {
        matches!(self, Self::Daily | Self::Weekly)
    }
}

/// What a subscription follows, by ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    Tag(i64),
    Pair { solution: i64, standard: i64 },
    Thread(i64),
}

impl Target {
    /// The unique name stored with the subscription (`subscriptions.target`).
    pub fn key(self) -> String {
        match self {
            Self::Tag(id) => format!("tag:{id}"),
            Self::Pair { solution, standard } => format!("pair:{solution}:{standard}"),
            Self::Thread(id) => format!("thread:{id}"),
        }
    }

    /// The more precise a target, the more its level counts: a thread over a
    /// pair, a pair over a tag.
    pub(crate) fn precision(self) -> u8 {
        match self {
            Self::Tag(_) => 1,
            Self::Pair { .. } => 2,
            Self::Thread(_) => 3,
        }
    }

    pub fn allows(self, level: Level) -> bool {
        match self {
            Self::Thread(_) => Level::FOR_THREAD.contains(&level),
            _ => true,
        }
    }
}

/// A subscription form, as posted: what to follow (by slugs or a thread
/// number) and the level, or `None` to stop following.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionChange {
    pub target: TargetRef,
    pub level: Option<Level>,
}

/// A target as a form names it; the domain resolves the slugs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetRef {
    Tag(String),
    Pair { solution: String, standard: String },
    Thread(i64),
}

impl SubscriptionChange {
    /// From the fields `tag`, or `solution` and `standard`, or `thread`, and
    /// `level` (`none` stops following).
    pub fn parse(tag: &str, solution: &str, standard: &str, thread: &str, level: &str) -> Result<Self, Vec<FieldError>> {
        let target = match (tag.trim(), solution.trim(), standard.trim(), thread.trim()) {
            (t, "", "", "") if !t.is_empty() => TargetRef::Tag(t.to_string()),
            ("", s, t, "") if !s.is_empty() && !t.is_empty() => {
                TargetRef::Pair { solution: s.to_string(), standard: t.to_string() }
            }
            ("", "", "", n) if !n.is_empty() => match super::post_input::parse_id(n) {
                Some(id) => TargetRef::Thread(id),
                None => return Err(vec![FieldError::new("thread", "Numéro de fil invalide.")]),
            },
            _ => return Err(vec![FieldError::new("level", "Choisissez ce que vous voulez suivre.")]),
        };
        let level = match level {
            "none" => None,
            other => match Level::parse(other) {
                Some(l) => Some(l),
                None => return Err(vec![FieldError::new("level", "Niveau de suivi inconnu.")]),
            },
        };
        Ok(Self { target, level })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_round_trip_and_muted_takes_precedence() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
        assert!(Level::ALL.iter().all(|l| *l == Level::Muted || l.precedence() < Level::Muted.precedence()));
        assert_eq!(Target::Pair { solution: 3, standard: 9 }.key(), "pair:3:9");
        assert!(!Target::Thread(1).allows(Level::Daily));
        assert!(Target::Tag(1).allows(Level::NewThreads));
    }

    #[test]
    fn a_form_names_one_target_and_a_known_level() {
        let c = SubscriptionChange::parse("geoserver", "", "", "", "watching").unwrap();
        assert_eq!(c, SubscriptionChange { target: TargetRef::Tag("geoserver".into()), level: Some(Level::Watching) });
        let c = SubscriptionChange::parse("", "qgis", "wfs", "", "none").unwrap();
        assert_eq!(c.level, None);
        assert!(matches!(c.target, TargetRef::Pair { .. }));
        assert_eq!(SubscriptionChange::parse("", "", "", "12", "muted").unwrap().target, TargetRef::Thread(12));
        assert!(SubscriptionChange::parse("", "", "", "", "watching").is_err());
        assert!(SubscriptionChange::parse("geoserver", "", "", "12", "watching").is_err());
        assert!(SubscriptionChange::parse("geoserver", "", "", "", "sometimes").is_err());
        assert!(SubscriptionChange::parse("", "", "", "12abc", "watching").is_err());
    }

    #[test]
    fn only_the_daily_and_weekly_levels_are_digests() {
        let digests: Vec<Level> = Level::ALL.into_iter().filter(|l| l.is_digest()).collect();
        assert_eq!(digests, [Level::Daily, Level::Weekly]);
    }

    #[test]
    fn levels_are_shown_in_french() {
        let labels = Level::ALL.map(Level::label);
        assert_eq!(labels, ["Chaque message", "Nouveaux fils seulement", "Résumé quotidien", "Résumé hebdomadaire", "Silence"]);
    }

    #[test]
    fn a_pair_needs_both_its_solution_and_its_standard() {
        for (solution, standard) in [("qgis", ""), ("", "wfs")] {
            let err = SubscriptionChange::parse("", solution, standard, "", "watching").unwrap_err();
            assert_eq!(err[0].field, "level", "{solution:?} × {standard:?}");
        }
    }

    #[test]
    fn an_empty_form_asks_what_to_follow_rather_than_blaming_the_thread_number() {
        let err = SubscriptionChange::parse(" ", "", "", " ", "watching").unwrap_err();
        assert_eq!(err[0].field, "level");
        assert_eq!(err[0].message, "Choisissez ce que vous voulez suivre.");
    }
}
