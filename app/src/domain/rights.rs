//! Who may do what on a thread and its posts, from who they are and the
//! thread's state. One place for these rules: the domain functions that act
//! check them (`forum::threads`), and a thread's page shows the controls they
//! allow, whether the page is rendered for its reader (`forum::thread_page`)
//! or is the cached page with the reader's controls put in
//! (`components::viewer_region`).

use super::Viewer;
use serde::{Deserialize, Serialize};

/// The author of something, or a moderator, may manage it.
pub fn may_manage(viewer: &Viewer, author_id: i64) -> bool {
    viewer.id == author_id || viewer.role.can_moderate()
}

/// The lock rule: in a locked thread only moderators still reply or change
/// messages. Anyone else (or nobody signed in) may not write in it.
pub fn may_write_in(viewer: Option<&Viewer>, locked: bool) -> bool {
    viewer.is_some_and(|v| !locked || v.role.can_moderate())
}

/// What the rules need to know of a thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadFacts {
    pub author_id: i64,
    pub locked: bool,
    /// The post last marked as the resolution, if any (kept when the thread is reopened).
    pub resolution_post_id: Option<i64>,
}

/// What the rules need to know of a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostFacts {
    pub id: i64,
    pub author_id: i64,
    pub is_opening: bool,
    pub deleted: bool,
}

/// The thread-wide controls its viewer is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadRights {
    pub can_change_status: bool,
    pub can_lock: bool,
    pub can_reply: bool,
}

/// The controls under one post.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRights {
    pub can_edit: bool,
    pub can_mark_resolution: bool,
}

impl ThreadFacts {
    pub fn rights(&self, viewer: Option<&Viewer>) -> ThreadRights {
        ThreadRights {
            can_change_status: viewer.is_some_and(|v| may_manage(v, self.author_id)),
            can_lock: viewer.is_some_and(|v| v.role.can_moderate()),
            can_reply: may_write_in(viewer, self.locked),
        }
    }

    pub fn post_rights(&self, viewer: Option<&Viewer>, post: &PostFacts) -> PostRights {
        let shown = !post.deleted;
        PostRights {
            can_edit: shown && may_write_in(viewer, self.locked) && viewer.is_some_and(|v| may_manage(v, post.author_id)),
            can_mark_resolution: shown
                && !post.is_opening
                && viewer.is_some_and(|v| may_manage(v, self.author_id))
                && self.resolution_post_id != Some(post.id),
        }
    }
}
