//! The mails of forum events, in French: a new thread in a followed tag or
//! pair, a reply in a watched thread, a status change or resolution, a
//! mention. Each carries the post (sanitised HTML and its Markdown as the
//! plain text), the tags, the author and organisation, a link to the post,
//! threading headers and, in its footer, why it was sent and a link that
//! stops exactly that.

use super::layout::{absolute_links, action, esc, html_document, link, tag_label, text_document};
use super::message::{BuildError, Outgoing, Spec, build};
use super::unsubscribe::{Source, Unsubscribe};
use super::{MailSettings, headers};
use crate::domain::recipients::Reason;
use crate::domain::views::{TagRef, permalink, thread_href};
use crate::domain::{Level, TagKind, ThreadEventKind};

/// The thread an event happened in.
#[derive(Clone, Debug)]
pub struct ThreadInfo {
    pub id: i64,
    pub title: String,
    pub tags: Vec<TagRef>,
    /// Its opening post: the root every mail of the thread refers to.
    pub opening_post_id: i64,
}

/// A post as mails show it.
#[derive(Clone, Debug)]
pub struct PostInfo {
    pub id: i64,
    pub author_name: String,
    pub author_organisation: Option<String>,
    pub body_html: String,
    pub body_md: String,
    /// The earlier post it answers.
    pub parent_id: Option<i64>,
}

#[derive(Clone, Debug)]
pub enum ForumEvent {
    NewThread { post: PostInfo },
    Reply { post: PostInfo },
    Status { event_id: i64, actor_name: String, change: ThreadEventKind },
}

/// One recipient, and why.
#[derive(Clone, Debug)]
pub struct Addressee {
    pub user_id: i64,
    pub name: String,
    pub address: String,
    pub reason: Reason,
    /// What the subscription that decided follows, in words
    /// (« la solution GeoServer »), with its level; `None` for a mention.
    pub followed: Option<(String, Level)>,
    /// What the unsubscribe link stops.
    pub source: Source,
}

fn kind_label(kind: TagKind) -> &'static str {
    match kind {
        TagKind::Solution => "Solution",
        TagKind::Standard => "Norme",
    }
}

fn slugs(tags: &[TagRef], kind: TagKind) -> String {
    tags.iter().filter(|t| t.kind == kind).map(|t| t.slug.as_str()).collect::<Vec<_>>().join(", ")
}

fn who(name: &str, organisation: Option<&str>) -> String {
    match organisation {
        Some(o) if !o.is_empty() => format!("{name} ({o})"),
        _ => name.to_string(),
    }
}

/// The mail telling `to` about `event` in `thread`.
pub fn compose(
    settings: &MailSettings,
    thread: &ThreadInfo,
    event: &ForumEvent,
    to: &Addressee,
    unsubscribe_expires_at: i64,
) -> Result<Outgoing, BuildError> {
    let host = &settings.host;
    let root = headers::post_message_id(thread.opening_post_id, host);
    let thread_url = settings.url(&thread_href(thread.id, &thread.title));
    let (message_id, in_reply_to, intro, from_name, body, post_url, event_kind) = match event {
        ForumEvent::NewThread { post } => (
            root.clone(),
            None,
            format!("{} a ouvert un fil", who(&post.author_name, post.author_organisation.as_deref())),
            post.author_name.clone(),
            Some(post),
            thread_url.clone(),
            "new_thread",
        ),
        ForumEvent::Reply { post } => {
            let parent = post.parent_id.filter(|p| *p != thread.opening_post_id);
            (
                headers::post_message_id(post.id, host),
                Some(parent.map(|p| headers::post_message_id(p, host)).unwrap_or_else(|| root.clone())),
                format!("{} a répondu", who(&post.author_name, post.author_organisation.as_deref())),
                post.author_name.clone(),
                Some(post),
                settings.url(&permalink(post.id)),
                "reply",
            )
        }
        ForumEvent::Status { event_id, actor_name, change } => (
            headers::status_message_id(*event_id, host),
            Some(root.clone()),
            format!("{actor_name} {}", change.text().replace("ce fil", "le fil")),
            actor_name.clone(),
            None,
            match change {
                ThreadEventKind::Resolution { post_id } => settings.url(&permalink(*post_id)),
                _ => thread_url.clone(),
            },
            "status",
        ),
    };
    let intro = if to.reason == Reason::Mention { format!("{intro} et vous y mentionne") } else { intro };
    let subject = match event {
        ForumEvent::NewThread { .. } => format!("[Jonction] {}", thread.title),
        _ => format!("Re: [Jonction] {}", thread.title),
    };
    let unsubscribe = settings.key.sign(&Unsubscribe { user_id: to.user_id, source: to.source, expires_at: unsubscribe_expires_at });
    let unsubscribe_url = settings.url(&format!("/unsubscribe/{unsubscribe}"));
    let (footer_html, footer_text) = footer(settings, to, &unsubscribe_url);

    let tags_html: String = thread.tags.iter().map(|t| tag_label(kind_label(t.kind), &t.name, &t.detail)).collect();
    let tags_text = thread
        .tags
        .iter()
        .map(|t| if t.detail.is_empty() { format!("{} : {}", kind_label(t.kind), t.name) } else { format!("{} : {} {}", kind_label(t.kind), t.name, t.detail) })
        .collect::<Vec<_>>()
        .join(" · ");
    let body_html = body.map(|p| absolute_links(&p.body_html, &settings.public_url)).unwrap_or_default();
    let html = format!(
        "<p style=\"margin:0 0 8px;color:#555555;font-size:14px\">{}</p>\
         <h1 style=\"font-size:20px;margin:0 0 8px\">{}</h1><div>{tags_html}</div>\
         <div style=\"margin-top:16px\">{body_html}</div>{}",
        esc(&intro),
        link(&thread_url, &thread.title),
        action(&post_url, "Voir sur Jonction"),
    );
    let text = format!(
        "{intro}\n\n{}\n{tags_text}\n\n{}Voir sur Jonction : {post_url}\n",
        thread.title,
        body.map(|p| format!("{}\n\n", p.body_md.trim_end())).unwrap_or_default(),
    );
    let mut extra = vec![
        ("X-Jonction-Thread", thread.id.to_string()),
        ("X-Jonction-Event", event_kind.to_string()),
        ("X-Jonction-Reason", to.reason.as_str().to_string()),
    ];
    for (name, kind) in [("X-Jonction-Solutions", TagKind::Solution), ("X-Jonction-Standards", TagKind::Standard)] {
        let value = slugs(&thread.tags, kind);
        if !value.is_empty() {
            extra.push((name, value));
        }
    }
    let references = if message_id == root { vec![] } else { vec![root] };
    build(
        settings,
        Spec {
            from_name: format!("{from_name} via Jonction"),
            to_name: to.name.clone(),
            to_address: to.address.clone(),
            subject,
            message_id,
            in_reply_to,
            references,
            unsubscribe_url: Some(unsubscribe_url),
            list: true,
            extra,
            text: text_document(&text, &footer_text),
            html: html_document(&html, &footer_html),
        },
    )
}

/// Why this mail was sent and how to stop it, in HTML and text.
pub(crate) fn footer(settings: &MailSettings, to: &Addressee, unsubscribe_url: &str) -> (String, String) {
    let why = match (&to.followed, to.reason) {
        (_, Reason::Mention) => "Vous recevez ce courriel parce qu’on vous a mentionné dans ce fil.".to_string(),
        (Some((what, level)), _) => format!("Vous recevez ce courriel parce que vous suivez {what} (« {} »).", level.label()),
        (None, _) => "Vous recevez ce courriel parce que vous suivez ce fil.".to_string(),
    };
    let stop = match to.source {
        Source::Subscription(_) => match &to.followed {
            Some((what, _)) => format!("Ne plus suivre {what}"),
            None => "Ne plus suivre ce fil".to_string(),
        },
        Source::Thread(_) => "Ne plus recevoir de courriel de ce fil".to_string(),
        Source::Digest(level) => format!("Arrêter le {}", level.label().to_lowercase()),
    };
    let settings_url = settings.url("/settings/notifications");
    let html = format!(
        "<p style=\"margin:0 0 4px\">{}</p><p style=\"margin:0\">{} · {}</p>",
        esc(&why),
        link(unsubscribe_url, &stop),
        link(&settings_url, "Gérer mes abonnements")
    );
    let text = format!("{why}\n{stop} : {unsubscribe_url}\nGérer mes abonnements : {settings_url}");
    (html, text)
}
