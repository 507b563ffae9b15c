//! Subscriptions: following a tag, a solution × standard pair or a thread,
//! managing them, the member's defaults, and the unsubscribe links of mails.

use crate::domain::limits::SUBSCRIPTIONS_PER_MEMBER_MAX;
use crate::domain::notify_views::{NotificationSettingsPage, SubscriptionBox, SubscriptionItem, UnsubscribeState};
use crate::domain::views::thread_href;
use crate::domain::{FieldError, Level, Parsed, SubscriptionChange, TagKind, Target, TargetRef, Viewer};
use crate::error::{AppError, AppResult};
use crate::mail::MailSettings;
use crate::mail::unsubscribe::{Source, TokenError};
use crate::store::{self, Db, now};

/// The target a form or a page names, by ids. `None` when a slug or a
/// thread does not exist, or a pair is not a solution and a standard.
pub async fn resolve(db: &Db, target: &TargetRef) -> AppResult<Option<Target>> {
    Ok(match target {
        TargetRef::Tag(slug) => store::tags::resolve(db, slug).await?.map(|t| Target::Tag(t.id)),
        TargetRef::Pair { solution, standard } => {
            match (store::tags::resolve(db, solution).await?, store::tags::resolve(db, standard).await?) {
                (Some(s), Some(t)) if s.kind == TagKind::Solution && t.kind == TagKind::Standard => {
                    Some(Target::Pair { solution: s.id, standard: t.id })
                }
                _ => None,
            }
        }
        TargetRef::Thread(id) => store::threads::exists(db, *id).await?.then_some(Target::Thread(*id)),
    })
}

/// Follows, changes the level of, or stops following a target. Returns the target.
pub async fn change(db: &Db, viewer: &Viewer, change: Parsed<SubscriptionChange>) -> AppResult<Target> {
    let change = change.map_err(AppError::Invalid)?;
    let target = resolve(db, &change.target).await?.ok_or_else(|| AppError::NotFound("Ce que vous voulez suivre n’existe pas.".into()))?;
    match change.level {
        None => {
            store::subscriptions::remove(db, viewer.id, target).await?;
        }
        Some(level) if !target.allows(level) => {
            return Err(AppError::invalid(FieldError::new("level", "Un fil se suit à chaque message ou se met en silence.")));
        }
        Some(level) => {
            let existing = store::subscriptions::level(db, viewer.id, target).await?;
            if existing.is_none() && store::subscriptions::count_for_user(db, viewer.id).await? >= SUBSCRIPTIONS_PER_MEMBER_MAX {
                return Err(AppError::invalid(FieldError::new(
                    "level",
                    format!("Vous suivez déjà {SUBSCRIPTIONS_PER_MEMBER_MAX} éléments : retirez-en avant d’en ajouter."),
                )));
            }
            store::subscriptions::set(db, viewer.id, target, level).await?;
        }
    }
    Ok(target)
}

/// The subscribe box of a tag, pair or thread page; `None` when the target
/// does not exist (a filter naming an unknown tag): no box, and the page's
/// own answer stands.
pub async fn subscription_box(db: &Db, viewer: Option<&Viewer>, target: &TargetRef) -> AppResult<Option<SubscriptionBox>> {
    let Some(target) = resolve(db, target).await? else { return Ok(None) };
    let level = match viewer {
        Some(v) => store::subscriptions::level(db, v.id, target).await?,
        None => None,
    };
    let followers = store::subscriptions::follower_count(db, target).await?;
    Ok(Some(SubscriptionBox { followers, level, signed_in: viewer.is_some() }))
}

/// The level at which `viewer` follows `target` (`None`: not at all, or no such target).
pub async fn viewer_level(db: &Db, viewer: &Viewer, target: &TargetRef) -> AppResult<Option<Level>> {
    let Some(target) = resolve(db, target).await? else { return Ok(None) };
    Ok(store::subscriptions::level(db, viewer.id, target).await?)
}

/// Everything /settings/notifications shows.
pub async fn settings_page(db: &Db, viewer: &Viewer) -> AppResult<NotificationSettingsPage> {
    let s = store::user_mail::settings(db, viewer.id).await?.ok_or(AppError::SignInRequired)?;
    let rows = store::subscriptions::for_user(db, viewer.id, SUBSCRIPTIONS_PER_MEMBER_MAX).await?;
    let subscriptions = rows
        .into_iter()
        .map(|r| {
            let (what, href, fields, levels) = match (r.thread_id, &r.tag_slug, &r.standard_slug) {
                (Some(id), _, _) => {
                    let title = r.thread_title.clone().unwrap_or_default();
                    (format!("Fil n° {id} — {title}"), thread_href(id, &title), vec![("thread".into(), id.to_string())], Level::FOR_THREAD.to_vec())
                }
                (None, Some(sol), Some(std)) => (
                    format!("{} × {}", r.tag_name.clone().unwrap_or_default(), r.standard_name.clone().unwrap_or_default()),
                    format!("/?solution={sol}&standard={std}"),
                    vec![("solution".into(), sol.clone()), ("standard".into(), std.clone())],
                    Level::ALL.to_vec(),
                ),
                (None, Some(slug), None) => (
                    format!("{} {}", r.tag_kind.map(TagKind::label).unwrap_or(""), r.tag_name.clone().unwrap_or_default()),
                    format!("/tags/{slug}"),
                    vec![("tag".into(), slug.clone())],
                    Level::ALL.to_vec(),
                ),
                _ => ("?".into(), "/".into(), vec![], vec![]),
            };
            SubscriptionItem { id: r.id, what, href, level: r.level, levels, fields }
        })
        .collect();
    Ok(NotificationSettingsPage {
        email: s.email,
        auto_watch: s.auto_watch,
        email_notifications: s.email_notifications,
        email_failure: s.email_failed_at.map(|_| s.email_failure.unwrap_or_default()),
        verified: s.email_verified_at.is_some(),
        subscriptions,
    })
}

pub async fn set_defaults(db: &Db, viewer: &Viewer, auto_watch: bool, email_notifications: bool) -> AppResult<()> {
    store::user_mail::set_defaults(db, viewer.id, auto_watch, email_notifications).await?;
    Ok(())
}

/// Turns mail back on after a permanent delivery failure (the member fixed their mailbox).
pub async fn resume_mail(db: &Db, viewer: &Viewer) -> AppResult<()> {
    store::user_mail::clear_failure(db, viewer.id).await?;
    Ok(())
}

/// What an unsubscribe link stops, in words, and whether it still works.
pub async fn unsubscribe_state(db: &Db, mail: &MailSettings, token: &str) -> AppResult<UnsubscribeState> {
    let request = match mail.key.verify(token, now()) {
        Ok(r) => r,
        Err(TokenError::Expired) => return Ok(UnsubscribeState::Expired),
        Err(TokenError::Invalid) => return Ok(UnsubscribeState::Invalid),
    };
    Ok(match request.source {
        Source::Subscription(id) => match store::subscriptions::by_id(db, id).await? {
            Some((owner, c)) if owner == request.user_id => UnsubscribeState::Valid { what: describe(db, c.target, c.level).await? },
            _ => UnsubscribeState::AlreadyGone,
        },
        Source::Thread(id) => match store::threads::get(db, id).await? {
            Some(t) => UnsubscribeState::Valid { what: format!("les courriels du fil « {} »", t.summary.title) },
            None => UnsubscribeState::AlreadyGone,
        },
        Source::Digest(level) => UnsubscribeState::Valid { what: format!("le « {} » de tous vos abonnements", level.label()) },
    })
}

/// Follows an unsubscribe link (its POST): removes exactly what the mail
/// came from; returns what it stopped, in words.
pub async fn unsubscribe(db: &Db, mail: &MailSettings, token: &str) -> AppResult<String> {
    let request = mail.key.verify(token, now()).map_err(|e| match e {
        TokenError::Expired => AppError::Forbidden(
            "Ce lien de désabonnement a expiré. Connectez-vous pour gérer vos abonnements dans « Notifications ».".into(),
        ),
        TokenError::Invalid => AppError::NotFound("Ce lien de désabonnement n’est pas valable.".into()),
    })?;
    let what = match unsubscribe_state(db, mail, token).await? {
        UnsubscribeState::Valid { what } => what,
        _ => return Ok("rien : cet abonnement n’existait plus".into()),
    };
    match request.source {
        Source::Subscription(id) => {
            store::subscriptions::remove_by_id(db, request.user_id, id).await?;
        }
        Source::Thread(id) => store::subscriptions::set(db, request.user_id, Target::Thread(id), Level::Muted).await?,
        Source::Digest(level) => {
            store::subscriptions::remove_level(db, request.user_id, level).await?;
        }
    }
    tracing::info!(member = request.user_id, "unsubscribed by a mail's link");
    Ok(what)
}

/// « la solution GeoServer (Chaque message) ».
async fn describe(db: &Db, target: Target, level: Level) -> AppResult<String> {
    let tag = |id: i64| async move { store::tags::by_id(db, id).await.map(|t| t.map(|t| (t.kind, t.name))) };
    let what = match target {
        Target::Tag(id) => match tag(id).await? {
            Some((TagKind::Solution, name)) => format!("la solution {name}"),
            Some((TagKind::Standard, name)) => format!("la norme {name}"),
            None => "un tag supprimé".into(),
        },
        Target::Pair { solution, standard } => {
            let s = tag(solution).await?.map(|t| t.1).unwrap_or_default();
            let t = tag(standard).await?.map(|t| t.1).unwrap_or_default();
            format!("la solution {s} avec la norme {t}")
        }
        Target::Thread(id) => match store::threads::get(db, id).await? {
            Some(t) => format!("le fil « {} »", t.summary.title),
            None => "un fil supprimé".into(),
        },
    };
    Ok(format!("{what} ({})", level.label()))
}
