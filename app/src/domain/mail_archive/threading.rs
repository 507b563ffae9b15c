//! Where an imported message goes: under the message it answers when that one
//! is known (`In-Reply-To`, `References`), else in the recent thread of the
//! same subject when it is a reply whose client dropped those headers, else
//! it starts a thread.

use super::subject::Subject;
use crate::domain::limits::IMPORT_SUBJECT_WINDOW_SECONDS;

/// An imported message already stored (this run or an earlier one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownPost {
    pub thread_id: i64,
    pub post_id: i64,
}

/// The latest imported thread of a list with a given subject key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownThread {
    pub thread_id: i64,
    /// Date of its latest message (unix seconds).
    pub last_message_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Answers `parent`, in its thread.
    Reply(KnownPost),
    /// Joins the thread by its subject; answers no particular post.
    SameSubject { thread_id: i64 },
    NewThread,
}

/// The rule. `parent` is the nearest message among those it names that is
/// known; `same_subject` the latest thread of its list with its subject key.
pub fn place(date: i64, subject: &Subject, has_references: bool, parent: Option<KnownPost>, same_subject: Option<KnownThread>) -> Placement {
    if let Some(parent) = parent {
        return Placement::Reply(parent);
    }
    match same_subject {
        Some(t) if !subject.key.is_empty()
            && (subject.is_reply || has_references)
            && date.abs_diff(t.last_message_at) <= IMPORT_SUBJECT_WINDOW_SECONDS as u64 =>
        {
            Placement::SameSubject { thread_id: t.thread_id }
        }
        _ => Placement::NewThread,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    const T0: i64 = 1_551_447_235;

    fn recent(days_before: i64) -> Option<KnownThread> {
        Some(KnownThread { thread_id: 7, last_message_at: T0 - days_before * DAY })
    }

    #[test]
    fn a_known_parent_wins_over_everything() {
        let parent = KnownPost { thread_id: 3, post_id: 30 };
        let s = Subject::parse("Autre sujet");
        assert_eq!(place(T0, &s, true, Some(parent), recent(1)), Placement::Reply(parent));
    }

    #[test]
    fn a_reply_without_known_parent_joins_the_recent_thread_of_its_subject() {
        let reply = Subject::parse("Re: [gdal-dev] Reprojection");
        assert_eq!(place(T0, &reply, false, None, recent(2)), Placement::SameSubject { thread_id: 7 });
        // Its client kept `References` to a message that is not in the archive.
        let plain = Subject::parse("Reprojection");
        assert_eq!(place(T0, &plain, true, None, recent(2)), Placement::SameSubject { thread_id: 7 });
    }

    #[test]
    fn the_subject_joins_only_replies_within_the_window() {
        let window_days = IMPORT_SUBJECT_WINDOW_SECONDS / DAY;
        let reply = Subject::parse("Re: Reprojection");
        assert_eq!(place(T0, &reply, false, None, recent(window_days)), Placement::SameSubject { thread_id: 7 });
        assert_eq!(place(T0, &reply, false, None, recent(window_days + 1)), Placement::NewThread, "outside the window");
        let fresh = Subject::parse("Reprojection");
        assert_eq!(place(T0, &fresh, false, None, recent(1)), Placement::NewThread, "a new question with the same title");
        let empty = Subject::parse("Re:");
        assert_eq!(place(T0, &empty, true, None, Some(KnownThread { thread_id: 9, last_message_at: T0 })), Placement::NewThread);
        assert_eq!(place(T0, &reply, true, None, None), Placement::NewThread);
    }
}
