use super::viewer_region::{Region, ViewerRegion};
use super::{DateTime, PostActions};
use crate::domain::rights::ThreadFacts;
use crate::domain::views::{PostView, permalink};
use leptos::prelude::*;

/// One message of a thread, with the actions its viewer may take (`PostActions`).
#[component]
pub fn PostCard(
    post: PostView,
    thread_path: String,
    /// The page of the thread the card is on (its reply and quote links stay there).
    page: i64,
    can_reply: bool,
    /// What the rules on the post's controls need to know of its thread.
    thread: ThreadFacts,
    #[prop(optional)] is_resolution: bool,
) -> impl IntoView {
    let id = post.id;
    let anchor = format!("p{id}");
    let classes = if is_resolution { "post post--resolution" } else { "post" };
    let region = Region::PostActions { thread, post: post.facts(), thread_path: thread_path.clone(), page };
    view! {
        <article class=classes id=anchor data-post=id data-deleted=post.deleted.then_some("") aria-labelledby=format!("p{id}-author")>
            <header class="post__header">
                <a class="post__author" id=format!("p{id}-author") href=format!("/u/{}", post.author.id)>
                    {post.author.name.clone()}
                </a>
                {post.author.organisation.clone().map(|o| view! { <span class="post__org">{o}</span> })}
                <a class="post__date" href=permalink(id) data-permalink=id>
                    <DateTime ts=post.created_at />
                </a>
                {post.edited_at.map(|ts| view! { <span class="post__edited" data-edited="" title="modifié">"modifié " <DateTime ts /></span> })}
            </header>
            {post
                .parent
                .clone()
                .map(|(pid, name)| {
                    view! {
                        <p class="post__in-reply" data-parent=pid>
                            <a href=permalink(pid)>{format!("En réponse à {name}")}</a>
                        </p>
                    }
                })}
            {if post.deleted {
                view! { <p class="post__deleted">"Message supprimé."</p> }.into_any()
            } else {
                view! { <div class="post-body" inner_html=post.body_html.clone()></div> }.into_any()
            }}
            <footer class="post__actions">
                <ViewerRegion region>
                    <PostActions post_id=id deleted=post.deleted thread_path page can_reply rights=post.rights />
                </ViewerRegion>
            </footer>
        </article>
    }
}
