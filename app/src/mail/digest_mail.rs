//! The digest: one mail per period per member, listing the threads started
//! and the threads resolved in their subscribed tags and pairs.

use super::forum_mail::{Addressee, footer};
use super::layout::{esc, html_document, link, text_document};
use super::message::{BuildError, Outgoing, Spec, build};
use super::unsubscribe::Unsubscribe;
use super::{MailSettings, headers};
use crate::domain::digest_period::DigestPeriod;
use crate::domain::limits::DIGEST_THREADS_MAX;
use crate::domain::views::{ThreadSummary, thread_href};

/// What one member's digest lists.
pub struct DigestContent<'a> {
    pub new: Vec<&'a ThreadSummary>,
    pub resolved: Vec<&'a ThreadSummary>,
}

fn section(settings: &MailSettings, title: &str, threads: &[&ThreadSummary]) -> (String, String) {
    if threads.is_empty() {
        return (String::new(), String::new());
    }
    let shown = &threads[..threads.len().min(DIGEST_THREADS_MAX)];
    let mut html = format!("<h2 style=\"font-size:18px;margin:24px 0 8px\">{} ({})</h2><ul style=\"padding-left:20px\">", esc(title), threads.len());
    let mut text = format!("{title} ({})\n", threads.len());
    for t in shown {
        let url = settings.url(&thread_href(t.id, &t.title));
        let tags = t.tags.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", ");
        html.push_str(&format!(
            "<li style=\"margin-bottom:8px\">{} <span style=\"color:#555555\">— {} · {}</span></li>",
            link(&url, &t.title),
            esc(&t.author_name),
            esc(&tags)
        ));
        text.push_str(&format!("- {} — {} · {}\n  {url}\n", t.title, t.author_name, tags));
    }
    html.push_str("</ul>");
    if threads.len() > shown.len() {
        let more = format!("… et {} autres.", threads.len() - shown.len());
        html.push_str(&format!("<p>{}</p>", esc(&more)));
        text.push_str(&format!("{more}\n"));
    }
    (html, text)
}

pub fn compose(
    settings: &MailSettings,
    period: &DigestPeriod,
    content: &DigestContent<'_>,
    to: &Addressee,
    unsubscribe_expires_at: i64,
) -> Result<Outgoing, BuildError> {
    let heading = format!("Résumé {} sur Jonction", period.text());
    let counts = match (content.new.len(), content.resolved.len()) {
        (n, 0) => format!("{n} nouveau{}", if n > 1 { "x fils" } else { " fil" }),
        (0, r) => format!("{r} fil{} résolu{}", plural(r), plural(r)),
        (n, r) => format!("{n} nouveau{}, {r} résolu{}", if n > 1 { "x fils" } else { " fil" }, plural(r)),
    };
    let (new_html, new_text) = section(settings, "Nouveaux fils", &content.new);
    let (res_html, res_text) = section(settings, "Fils résolus", &content.resolved);
    let unsubscribe = settings.key.sign(&Unsubscribe { user_id: to.user_id, source: to.source, expires_at: unsubscribe_expires_at });
    let unsubscribe_url = settings.url(&format!("/unsubscribe/{unsubscribe}"));
    let (footer_html, footer_text) = footer(settings, to, &unsubscribe_url);
    let html = format!("<h1 style=\"font-size:20px;margin:0\">{}</h1>{new_html}{res_html}", esc(&heading));
    let text = format!("{heading}\n\n{new_text}\n{res_text}");
    build(
        settings,
        Spec {
            from_name: "Jonction".into(),
            to_name: to.name.clone(),
            to_address: to.address.clone(),
            subject: format!("[Jonction] Résumé {} : {counts}", period.text()),
            message_id: headers::digest_message_id(&period.key(), to.user_id, &settings.host),
            in_reply_to: None,
            references: vec![],
            unsubscribe_url: Some(unsubscribe_url),
            list: true,
            extra: vec![("X-Jonction-Event", "digest".into()), ("X-Jonction-Digest", period.key())],
            text: text_document(&text, &footer_text),
            html: html_document(&html, &footer_html),
        },
    )
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}
