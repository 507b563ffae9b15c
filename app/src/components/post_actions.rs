use crate::domain::rights::PostRights;
use leptos::prelude::*;

/// The controls under one post that its reader may use: answer or quote it,
/// change or delete it, mark it as the thread's resolution. Links and form
/// posts, so all of it works without JavaScript. Rendered for each member
/// into the cached page (`Region::PostActions`).
#[component]
pub fn PostActions(
    post_id: i64,
    deleted: bool,
    thread_path: String,
    /// The page of the thread the post is on (its reply and quote links stay there).
    page: i64,
    can_reply: bool,
    rights: PostRights,
) -> impl IntoView {
    let id = post_id;
    let page_param = if page > 1 { format!("page={page}&") } else { String::new() };
    view! {
        {(can_reply && !deleted)
            .then(|| {
                view! {
                    <a href=format!("{thread_path}?{page_param}reply_to={id}#reply")>"Répondre"</a>
                    <a href=format!("{thread_path}?{page_param}quote={id}#reply")>"Citer"</a>
                }
            })}
        {rights
            .can_edit
            .then(|| {
                view! {
                    <a href=format!("/p/{id}/edit")>"Modifier"</a>
                    <form method="post" action=format!("/p/{id}/delete") class="inline-form">
                        <button type="submit" class="link-button">"Supprimer"</button>
                    </form>
                }
            })}
        {rights
            .can_mark_resolution
            .then(|| {
                view! {
                    <form method="post" action=format!("{thread_path}/resolution") class="inline-form">
                        <input type="hidden" name="post_id" value=id.to_string() />
                        <button type="submit" class="button button--small">"Marquer comme résolution"</button>
                    </form>
                }
            })}
    }
}
