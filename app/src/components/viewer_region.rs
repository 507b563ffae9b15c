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
