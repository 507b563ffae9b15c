//! Members' pages and roles: what a member page lists, role changes by
//! administrators only, and which member a mention names.

use super::{Forum, invalid_fields, refused};
use crate::domain::Role;
use crate::domain::limits::MEMBER_PAGE_ITEMS;
use crate::forum::members;
use crate::store;
use crate::testing;
use http::StatusCode;

#[tokio::test]
async fn a_member_page_lists_their_threads_replies_and_resolutions() {
    let f = Forum::new().await;
    let (own, _) = f.thread_by(&f.stranger, "Le fil de Sam", &[f.qgis]).await;
    let deleted = testing::reply(&f.db, f.thread, f.stranger.id, "Retiré.").await;
    testing::delete(&f.db, deleted).await;
    testing::resolve(&f.db, f.thread, f.answer).await;

    let page = members::member_page(&f.db, f.stranger.id).await.unwrap();
    assert_eq!((page.id, page.name.as_str(), page.role), (f.stranger.id, "Sam Passant", Role::Member));
    assert_eq!(page.threads.iter().map(|t| t.id).collect::<Vec<_>>(), [own], "only threads they started");
    assert_eq!(page.replies.iter().map(|r| r.post_id).collect::<Vec<_>>(), [f.answer], "not deleted, not opening posts");
    assert_eq!(page.resolutions.iter().map(|r| (r.post_id, r.thread_id)).collect::<Vec<_>>(), [(f.answer, f.thread)]);

    let author = members::member_page(&f.db, f.author.id).await.unwrap();
    assert_eq!(author.threads.iter().map(|t| t.id).collect::<Vec<_>>(), [f.thread]);
    assert!(author.replies.is_empty() && author.resolutions.is_empty());
    refused(members::member_page(&f.db, f.admin.id + 100).await, StatusCode::NOT_FOUND);
}

/// A member's replies come newest first, the newest `MEMBER_PAGE_ITEMS`
/// shown, each with its thread's title, and the page says there are more.
#[tokio::test]
async fn a_member_page_shows_their_latest_replies_newest_first() {
    let f = Forum::new().await;
    let (other, _) = f.thread_by(&f.author, "Un autre fil", &[f.qgis]).await;
    let mut posted = Vec::new();
    for i in 0..MEMBER_PAGE_ITEMS + 2 {
        let thread = if i % 2 == 0 { f.thread } else { other };
        posted.push((testing::reply(&f.db, thread, f.stranger.id, &format!("Réponse {i}")).await, thread));
    }
    let page = members::member_page(&f.db, f.stranger.id).await.unwrap();
    let newest: Vec<(i64, i64)> = posted.iter().rev().take(MEMBER_PAGE_ITEMS as usize).copied().collect();
    assert_eq!(page.replies.iter().map(|r| (r.post_id, r.thread_id)).collect::<Vec<_>>(), newest);
    assert!(page.more_replies);
    let title = |thread: i64| page.replies.iter().find(|r| r.thread_id == thread).map(|r| r.thread_title.clone());
    assert_eq!(title(other).as_deref(), Some("Un autre fil"));
}

#[tokio::test]
async fn only_administrators_list_members() {
    let f = Forum::new().await;
    for viewer in [&f.moderator, &f.author] {
        refused(members::admin_list(&f.db, viewer).await, StatusCode::FORBIDDEN);
    }
    let rows = members::admin_list(&f.db, &f.admin).await.unwrap();
    let listed: Vec<_> = rows.iter().map(|m| (m.id, m.role)).collect();
    assert_eq!(
        listed,
        [(f.stranger.id, Role::Member), (f.author.id, Role::Member), (f.moderator.id, Role::Moderator), (f.admin.id, Role::Admin)],
        "newest first"
    );
}

#[tokio::test]
async fn an_administrator_changes_the_role_of_another_member() {
    let f = Forum::new().await;
    let db = &f.db;
    let role = |id| async move { store::users::by_id(db, id).await.unwrap().unwrap().role };
    members::set_role(&f.db, &f.admin, f.stranger.id, Role::parse_field("moderator")).await.unwrap();
    assert_eq!(role(f.stranger.id).await, Role::Moderator);
    members::set_role(&f.db, &f.admin, f.moderator.id, Role::parse_field("member")).await.unwrap();
    assert_eq!(role(f.moderator.id).await, Role::Member);

    // Not a moderator, not oneself (the last administrator stays one).
    refused(members::set_role(&f.db, &f.stranger, f.author.id, Ok(Role::Admin)).await, StatusCode::FORBIDDEN);
    refused(members::set_role(&f.db, &f.author, f.author.id, Ok(Role::Admin)).await, StatusCode::FORBIDDEN);
    refused(members::set_role(&f.db, &f.admin, f.admin.id, Ok(Role::Member)).await, StatusCode::FORBIDDEN);
    refused(members::set_role(&f.db, &f.author, f.author.id, Role::parse_field("superuser")).await, StatusCode::FORBIDDEN);
    assert_eq!(invalid_fields(members::set_role(&f.db, &f.admin, f.author.id, Role::parse_field("superuser")).await), ["role"]);
    refused(members::set_role(&f.db, &f.admin, f.admin.id + 100, Ok(Role::Moderator)).await, StatusCode::NOT_FOUND);
    assert_eq!((role(f.author.id).await, role(f.admin.id).await), (Role::Member, Role::Admin));
}

/// A handle names a member only when one member bears that name: two members
/// who share a display name are both left out, like a name nobody bears.
#[tokio::test]
async fn a_name_two_members_share_is_no_mention_of_either() {
    let f = Forum::new().await;
    for email in ["claire.roy@example.fr", "claire.roy@autre.example.fr"] {
        crate::store::users::insert(&f.db, email, "Claire Roy", None, None, Role::Member, true).await.expect("member");
    }
    let handles: Vec<String> = ["Claire_Roy", "Anne_Autrice", "Personne_Inconnue"].map(String::from).to_vec();
    let found = crate::forum::mentions::resolve(&f.db, &handles).await.expect("resolved");
    assert_eq!(found, std::collections::HashMap::from([("Anne_Autrice".to_string(), f.author.id)]));
}
