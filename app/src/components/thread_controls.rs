//! The forms at the foot of a thread that its reader may use: change its
//! status, lock it, answer it (or, for anyone who may not, why not).
//! Rendered for each member into the cached page (`Region::ThreadControls`).

use super::{ErrorSummary, Field, MessageField, echo_for};
use crate::domain::rights::{ThreadFacts, ThreadRights};
use crate::domain::views::thread_page_href;
use crate::domain::{SafeNext, ThreadStatus};
use leptos::prelude::*;

/// The thread the controls act on.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlledThread {
    pub id: i64,
    pub title: String,
    pub status: ThreadStatus,
    /// The page of the thread being read.
    pub page: i64,
    /// What the rules on its controls need to know of it.
    pub facts: ThreadFacts,
}

impl ControlledThread {
    /// The address its forms post to (`/t/{id}/…`).
    pub fn path(&self) -> String {
        format!("/t/{}", self.id)
    }
}

/// Where the reply box starts: the post it answers (with its author's name)
/// and the text already in it (a quote, or what a refused reply held).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplyStart {
    pub parent_id: String,
    pub answering: Option<(i64, String)>,
    pub body: String,
}

#[component]
pub fn ThreadControls(thread: ControlledThread, rights: ThreadRights, start: ReplyStart) -> impl IntoView {
    let path = thread.path();
    view! {
        {rights.can_change_status.then(|| view! { <StatusForm path=path.clone() status=thread.status /> })}
        {rights.can_lock.then(|| view! { <LockForm path=path.clone() locked=thread.facts.locked /> })}
        <ReplyForm thread=thread.clone() can_reply=rights.can_reply start />
    }
}

#[component]
fn StatusForm(path: String, status: ThreadStatus) -> impl IntoView {
    let action = format!("{path}/status");
    let echo = echo_for(&action);
    let duplicate_of = echo.as_ref().and_then(|e| e.value("duplicate_of")).unwrap_or_default().to_string();
    view! {
        <section class="workflow" id="workflow" aria-labelledby="workflow-title">
            <h2 id="workflow-title">"Faire avancer le fil"</h2>
            <ErrorSummary echo=echo.clone() />
            <form method="post" action=action class="inline-fields">
                <div class="field">
                    <label for="status">"Statut"</label>
                    <select id="status" name="status">
                        {ThreadStatus::ALL.into_iter().filter(|s| s.is_directly_settable()).map(|s| view! {
                            <option value=s.as_str() selected=s == status>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field id="duplicate_of" name="duplicate_of" label="Doublon du fil n°" kind="number" value=duplicate_of
                    echo=echo.clone() />
                <button type="submit" class="button button--secondary">"Changer le statut"</button>
            </form>
            <p class="hint">"Pour résoudre le fil, utilisez « Marquer comme résolution » sous la réponse qui l’a résolu."</p>
        </section>
    }
}

#[component]
fn LockForm(path: String, locked: bool) -> impl IntoView {
    view! {
        <form method="post" action=format!("{path}/lock") class="inline-form moderation">
            <input type="hidden" name="locked" value=if locked { "0" } else { "1" } />
            <button type="submit" class="button button--secondary">
                {if locked { "Déverrouiller le fil" } else { "Verrouiller le fil" }}
            </button>
        </form>
    }
}

/// The reply form, or why there is none.
#[component]
fn ReplyForm(thread: ControlledThread, can_reply: bool, start: ReplyStart) -> impl IntoView {
    let path = thread.path();
    if !can_reply {
        let text = if thread.facts.locked {
            view! { <p class="notice">"Ce fil est verrouillé : on ne peut plus y répondre."</p> }.into_any()
        } else {
            view! {
                <p class="notice">
                    <a href=SafeNext::parse(&path).login_href()>"Connectez-vous"</a> " pour répondre."
                </p>
            }
                .into_any()
        };
        return view! { <section id="reply" class="reply">{text}</section> }.into_any();
    }
    let action = format!("{path}/reply");
    let echo = echo_for(&action);
    let preview = echo.as_ref().and_then(|e| e.preview_html.clone());
    let here = thread_page_href(thread.id, &thread.title, thread.page);
    view! {
        <section id="reply" class="reply" aria-labelledby="reply-title">
            <h2 id="reply-title">"Répondre"</h2>
            <ErrorSummary echo=echo.clone() />
            {start.answering.map(|(id, name)| view! {
                <p class="answering">
                    <a href=format!("#p{id}")>{format!("En réponse à {name}")}</a>
                    " · " <a href=format!("{here}#reply")>"répondre au fil plutôt"</a>
                </p>
            })}
            {preview.map(|html| view! {
                <section class="preview" aria-labelledby="reply-preview-title">
                    <h3 id="reply-preview-title">"Aperçu"</h3>
                    <div class="post-body" inner_html=html></div>
                </section>
            })}
            <form method="post" action=action class="stack">
                <input type="hidden" name="parent_id" value=start.parent_id />
                <MessageField id="reply-body" label="Votre réponse" initial=start.body rows=8 echo=echo.clone() />
                <div class="form-actions">
                    <button type="submit" name="intent" value="publish" class="button">"Publier la réponse"</button>
                    <button type="submit" name="intent" value="preview" class="button button--secondary">"Prévisualiser"</button>
                </div>
            </form>
        </section>
    }
        .into_any()
}
