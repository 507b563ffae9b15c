//! The parts of a page that depend on who reads it (the header's account
//! links, the « Suivre » form, a thread's controls), marked in the page rendered for anonymous
//! visitors so that the page cache can answer a signed-in member with that
//! same page and only these parts rendered for them (`regions_for`).
//!
//! A render asked for by the page cache carries a `RegionRecorder` in its
//! request's extensions: each `ViewerRegion` then notes what it needs to be
//! rendered again (`Region`) and brackets its content with two empty
//! `<jonction-v>` elements naming that note (sanitised messages cannot hold
//! such an element: it is no HTML tag). The cache removes them when it stores
//! the page. Without a recorder (any other render) nothing is added.

use super::thread_controls::ControlledThread;
use crate::domain::TargetRef;
use crate::domain::rights::{PostFacts, ThreadFacts};
use leptos::prelude::*;
use std::sync::{Arc, Mutex};

/// What a per-viewer part of a page needs to be rendered for any viewer.
#[derive(Clone, Debug, PartialEq)]
pub enum Region {
    /// The header's links: « Se connecter », or the member's name, unread count and tools.
    Account,
    /// The notice asking a member whose address is not proven to prove it.
    Unverified,
    /// The form of a « Suivre » box (or the invitation to sign in).
    Follow {
        target: TargetRef,
        what: &'static str,
        next: String,
    },
    /// The controls under a post of a thread (`PostActions`).
    PostActions {
        thread: ThreadFacts,
        post: PostFacts,
        thread_path: String,
        page: i64,
    },
    /// The forms at the foot of a thread (`ThreadControls`).
    ThreadControls(ControlledThread),
}

impl Region {
    /// For a region whose HTML depends on its reader only through their
    /// rights on the thread (a post's actions, the thread's forms), those
    /// rights as a small key: two readers with the same key get the same
    /// HTML from `regions_for`, so the page cache keeps it per key (at most
    /// eight per region). `None` for the others (a name, a count, a level).
    pub fn rights_key(&self, viewer: Option<&crate::domain::Viewer>) -> Option<u8> {
        let bits = |flags: [bool; 3]| flags.iter().enumerate().fold(0u8, |key, (i, &on)| key | (u8::from(on) << i));
        match self {
            Region::PostActions { thread, post, .. } => {
                let rights = thread.post_rights(viewer, post);
                Some(bits([rights.can_edit, rights.can_mark_resolution, thread.rights(viewer).can_reply]))
            }
            Region::ThreadControls(thread) => {
                let rights = thread.facts.rights(viewer);
                Some(bits([rights.can_change_status, rights.can_lock, rights.can_reply]))
            }
            Region::Account | Region::Unverified | Region::Follow { .. } => None,
        }
    }
}

/// Where the regions of a page being rendered are noted, in order of their index.
#[derive(Clone, Debug, Default)]
pub struct RegionRecorder(pub Arc<Mutex<Vec<Region>>>);

impl RegionRecorder {
    pub fn regions(&self) -> Vec<Region> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// The element name of the markers (start: `data-start`, end: `data-end`, both the region's index).
pub const MARKER: &str = "jonction-v";

fn record(region: Region) -> Option<usize> {
    #[cfg(feature = "ssr")]
    {
        let recorder = use_context::<http::request::Parts>()?
            .extensions
            .get::<RegionRecorder>()
            .cloned()?;
        let mut regions = recorder.0.lock().unwrap_or_else(|p| p.into_inner());
        regions.push(region);
        Some(regions.len() - 1)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = region;
        None
    }
}

/// `children`, marked as `region` when the page cache records this render.
#[component]
pub fn ViewerRegion(region: Region, children: Children) -> impl IntoView {
    match record(region) {
        Some(i) => view! { <jonction-v data-start=i></jonction-v> {children()} <jonction-v data-end=i></jonction-v> }.into_any(),
        None => children().into_any(),
    }
}

/// The HTML of each region for `viewer` (its unread count as the session
/// middleware read it), made with the components the page itself uses.
#[cfg(feature = "ssr")]
pub async fn regions_for(
    db: &crate::store::Db,
    regions: &[Region],
    viewer: Option<&crate::domain::Viewer>,
    unread: Option<i64>,
    auth: crate::domain::AuthOptions,
) -> crate::error::AppResult<Vec<String>> {
    use super::site_header::AccountLinks;
    use super::subscribe_box::FollowForm;
    use super::thread_controls::{ReplyStart, ThreadControls};
    use super::unverified_notice::UnverifiedText;
    use super::PostActions;
    // The data first (a region may need a query), then the views, synchronously.
    let mut levels = Vec::with_capacity(regions.len());
    for region in regions {
        levels.push(match (region, viewer) {
            (Region::Follow { target, .. }, Some(v)) => {
                crate::forum::subscriptions::viewer_level(db, v, target).await?
            }
            _ => None,
        });
    }
    let owner = Owner::new();
    let html = owner.with(|| {
        regions
            .iter()
            .zip(levels)
            .map(|(region, level)| match region {
                Region::Account => view! { <AccountLinks viewer=viewer.cloned() unread=unread.unwrap_or(0) local_signup=auth.local_signup /> }
                    .to_html(),
                Region::Unverified => view! { <UnverifiedText unverified=viewer.is_some_and(|v| !v.verified) /> }.to_html(),
                Region::Follow { target, what, next } => {
                    view! { <FollowForm target=target.clone() what signed_in=viewer.is_some() level next=next.clone() /> }.to_html()
                }
                Region::PostActions { thread, post, thread_path, page } => {
                    let rights = thread.post_rights(viewer, post);
                    let can_reply = thread.rights(viewer).can_reply;
                    view! {
                        <PostActions post_id=post.id deleted=post.deleted thread_path=thread_path.clone() page=*page can_reply rights />
                    }
                        .to_html()
                }
                // The reply box empty: a page that starts it otherwise (`?quote=`) is never spliced.
                Region::ThreadControls(thread) => {
                    let rights = thread.facts.rights(viewer);
                    view! { <ThreadControls thread=thread.clone() rights start=ReplyStart::default() /> }.to_html()
                }
            })
            .collect()
    });
    Ok(html)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::components::ControlledThread;
    use crate::domain::{AuthOptions, Role, ThreadStatus, Viewer};

    fn viewer(id: i64, role: Role) -> Option<Viewer> {
        Some(Viewer { id, name: format!("Membre {id}"), role, verified: true })
    }

    /// What the page cache relies on to keep a region per rights key: any
    /// two readers with the same key are given the same HTML.
    #[tokio::test]
    async fn readers_with_the_same_rights_key_get_the_same_html() {
        let forum = crate::testing::TempForum::new().await;
        // Thread author 12, post author 11, another member 10, a moderator, an administrator.
        let readers = [
            None,
            viewer(10, Role::Member),
            viewer(11, Role::Member),
            viewer(12, Role::Member),
            viewer(13, Role::Moderator),
            viewer(14, Role::Admin),
        ];
        let mut regions = Vec::new();
        for locked in [false, true] {
            for resolution_post_id in [None, Some(5)] {
                let facts = ThreadFacts { author_id: 12, locked, resolution_post_id };
                for (is_opening, deleted) in [(false, false), (true, false), (false, true)] {
                    let post = PostFacts { id: 5, author_id: 11, is_opening, deleted };
                    regions.push(Region::PostActions { thread: facts, post, thread_path: "/t/3".into(), page: 2 });
                }
                let title = "Un fil".to_string();
                regions.push(Region::ThreadControls(ControlledThread { id: 3, title, status: ThreadStatus::Open, page: 2, facts }));
            }
        }
        let mut keys_seen = std::collections::BTreeSet::new();
        for region in &regions {
            let mut by_key: std::collections::HashMap<u8, String> = Default::default();
            for reader in &readers {
                let key = region.rights_key(reader.as_ref()).expect("a thread's controls have a rights key");
                let html = regions_for(&forum.db, std::slice::from_ref(region), reader.as_ref(), Some(0), AuthOptions::default())
                    .await
                    .unwrap()
                    .remove(0);
                let first = by_key.entry(key).or_insert_with(|| html.clone());
                assert_eq!(*first, html, "{region:?}, key {key}, reader {reader:?}");
                keys_seen.insert((matches!(region, Region::ThreadControls(_)), key));
            }
        }
        assert!(keys_seen.len() >= 8, "the readers cover many combinations of rights: {keys_seen:?}");
        for reader in &readers {
            assert_eq!(Region::Account.rights_key(reader.as_ref()), None, "a name and a count are the reader's own");
        }
    }
}
