use super::DateTime;
use crate::domain::views::{PostView, permalink};
use leptos::prelude::*;

/// One message of a thread, with the actions its viewer may take. Every
/// action is a link or a form post, so all of it works without JavaScript.
#[component]
pub fn PostCard(
    post: PostView,
    thread_path: String,
    /// The page of the thread the card is on (its reply and quote links stay there).
    page: i64,
    can_reply: bool,
    #[prop(optional)] is_resolution: bool,
) -> impl IntoView {
    let id = post.id;
    let anchor = format!("p{id}");
    let classes = if is_resolution { "post post--resolution" } else { "post" };
    let page_param = if page > 1 { format!("page={page}&") } else { String::new() };
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
                {(can_reply && !post.deleted)
                    .then(|| {
                        view! {
                            <a href=format!("{thread_path}?{page_param}reply_to={id}#reply")>"Répondre"</a>
                            <a href=format!("{thread_path}?{page_param}quote={id}#reply")>"Citer"</a>
                        }
                    })}
                {post
                    .can_edit
                    .then(|| {
                        view! {
                            <a href=format!("/p/{id}/edit")>"Modifier"</a>
                            <form method="post" action=format!("/p/{id}/delete") class="inline-form">
                                <button type="submit" class="link-button">"Supprimer"</button>
                            </form>
                        }
                    })}
                {post
                    .can_mark_resolution
                    .then(|| {
                        view! {
                            <form method="post" action=format!("{thread_path}/resolution") class="inline-form">
                                <input type="hidden" name="post_id" value=id.to_string() />
                                <button type="submit" class="button button--small">"Marquer comme résolution"</button>
                            </form>
                        }
                    })}
            </footer>
        </article>
    }
}
