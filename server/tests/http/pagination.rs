//! Long threads in pages, each post's permanent address, lists paged by
//! cursor, and the counters lists are read from.

use crate::support::*;
use app::domain::limits::{POSTS_PER_PAGE, THREADS_PER_PAGE};
use reqwest::StatusCode;

fn posts(doc: &scraper::Html) -> Vec<i64> {
    select(doc, "section.posts article[data-post]").iter().map(|e| e.value().attr("data-post").unwrap().parse().unwrap()).collect()
}

/// `n` replies written as the forum writes them, by the member `email`.
async fn replies(app: &TestApp, email: &str, thread: i64, n: i64) -> Vec<i64> {
    let user = app::store::users::by_email(&app.db, email).await.unwrap().unwrap();
    let viewer = app::domain::Viewer { id: user.id, name: user.display_name, role: user.role, verified: true };
    let mut ids = Vec::new();
    for i in 0..n {
        let input = app::domain::ReplyInput::parse(&format!("Réponse n° {i}"), "");
        ids.push(app::forum::threads::reply(&app.db, &viewer, thread, input).await.unwrap());
    }
    ids
}

#[tokio::test]
async fn a_long_thread_is_read_in_pages_and_each_post_has_an_address_on_its_page() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = app.start_thread("Un fil très long", "Le premier message").await;
    // Two full pages, then one post more.
    let ids = replies(&app, "anne@ign.example", thread, 2 * POSTS_PER_PAGE).await;
    let reader = app.as_other();

    let first = html(reader.get(&format!("/t/{thread}")).await).await;
    assert_eq!(select(&first, "nav.pager")[0].value().attr("data-pages"), Some("3"));
    assert_eq!(posts(&first).len() as i64, POSTS_PER_PAGE);
    let second = html(reader.get(&format!("/t/{thread}?page=2")).await).await;
    assert_eq!(posts(&second), ids[(POSTS_PER_PAGE - 1) as usize..(2 * POSTS_PER_PAGE - 1) as usize].to_vec());
    let last = html(reader.get(&format!("/t/{thread}?page=3")).await).await;
    assert_eq!(posts(&last), vec![*ids.last().unwrap()]);
    for bad in ["4", "0", "abc", "99999999999"] {
        assert_eq!(reader.get(&format!("/t/{thread}?page={bad}")).await.status(), StatusCode::NOT_FOUND, "page={bad}");
    }

    // A post's address leads to its page, at the post.
    let on_page_2 = ids[POSTS_PER_PAGE as usize];
    let r = reader.get(&format!("/p/{on_page_2}")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).ends_with(&format!("?page=2#p{on_page_2}")), "{}", location(&r));
    assert!(posts(&html(reader.get(&location(&r)).await).await).contains(&on_page_2));
    assert_eq!(reader.get("/p/999999999").await.status(), StatusCode::NOT_FOUND);

    // The resolution, written on page 2, shows at the top of every page;
    // among the posts, only on its own page.
    let r = app.post(&format!("/t/{thread}/resolution"), &[("post_id", &on_page_2.to_string())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let pages_before = [posts(&first), posts(&second), posts(&last)];
    for page in 1..=3 {
        let doc = html(reader.get(&format!("/t/{thread}?page={page}")).await).await;
        let link = attr_of(&doc, "section.resolution [data-permalink]", "data-permalink");
        assert_eq!(link, Some(on_page_2.to_string()), "page {page}");
        assert_eq!(posts(&doc), pages_before[page - 1], "page {page}'s posts");
    }

    // After a reply, the browser lands on the page that shows it.
    let r = app.post(&format!("/t/{thread}/reply"), &[("body", "Encore une"), ("parent_id", "")]).await;
    let to = location(&r);
    assert!(to.contains("?page=3#p"), "{to}");
    let new: i64 = to.rsplit("#p").next().unwrap().parse().unwrap();
    assert_eq!(posts(&html(reader.get(&to).await).await), vec![*ids.last().unwrap(), new]);
}

#[tokio::test]
async fn mails_and_notifications_about_a_reply_on_a_later_page_lead_to_that_page() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = app.start_thread("Un fil suivi par son auteure", "Le premier message").await;
    // The first page full: the next post opens page 2.
    replies(&app, "anne@ign.example", thread, POSTS_PER_PAGE - 1).await;
    let bob = app.as_other();
    bob.sign_up("Bob Durand", "bob@ign.example").await;
    let r = bob.post(&format!("/t/{thread}/reply"), &[("body", "Une réponse sur la deuxième page"), ("parent_id", "")]).await;
    let reply = post_location(&r, thread);
    app.fan_out().await;

    // Anne watches the thread she started: her mail and her notification name the post's address.
    let mail = app.forum_mails_to("anne@ign.example").await.pop().expect("the author is told of the reply");
    let permalink = format!("/p/{reply}");
    assert_eq!(mail.link_path(&app.base, "/p/").as_deref(), Some(permalink.as_str()), "{}", mail.text);
    let notifications = html(app.get("/notifications").await).await;
    let items = select(&notifications, "li[data-notification] a[href^=\"/p/\"]");
    assert_eq!(items.iter().map(|a| a.value().attr("href").unwrap()).collect::<Vec<_>>(), vec![permalink.as_str()]);

    let r = app.as_other().get(&permalink).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).ends_with(&format!("?page=2#p{reply}")), "{}", location(&r));
}

fn row_ids(doc: &scraper::Html) -> Vec<String> {
    select(doc, ".thread-list .thread-row").iter().map(|e| e.value().attr("data-thread").unwrap().to_string()).collect()
}

fn link(doc: &scraper::Html, rel: &str) -> Option<String> {
    select(doc, &format!(".pager a[rel={rel}]")).first().map(|a| a.value().attr("href").unwrap().to_string())
}

#[tokio::test]
async fn lists_go_from_page_to_page_by_cursor_and_back() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    for i in 0..THREADS_PER_PAGE {
        app.start_thread(&format!("Fil de liste {i:02}"), "texte").await;
    }
    let first = html(app.get("/").await).await;
    let total: i64 = attr_of(&first, ".list-count", "data-total").unwrap().parse().unwrap();
    assert_eq!(total, app.count("SELECT COUNT(*) FROM threads").await, "the total, from the counters");
    assert_eq!(row_ids(&first).len() as i64, THREADS_PER_PAGE);
    assert_eq!(link(&first, "prev"), None);
    let next = link(&first, "next").expect("a second page");
    assert!(next.contains("after="), "{next}");

    let second = html(app.get(&next).await).await;
    assert_eq!(select(&second, "nav.pager")[0].value().attr("data-page"), Some("2"));
    let (a, b) = (row_ids(&first), row_ids(&second));
    assert!(b.iter().all(|id| !a.contains(id)), "no thread on both pages");
    assert_eq!((a.len() + b.len()) as i64, total, "every thread on one of the two");
    let back = html(app.get(&link(&second, "prev").expect("back")).await).await;
    assert_eq!(row_ids(&back), a, "back to the first page");

    // Only the first page has no cursor; a cursor past the end or malformed names nothing.
    for bad in ["/?page=2", "/?after=1.1", "/?after=abc", "/?after=1.1&before=2.2"] {
        assert_eq!(app.get(bad).await.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}

/// Every thread's rows, recomputed from the threads and their tags (`e`).
const EXPECTED: &str = "
    WITH sol (thread_id, tag_id) AS (
        SELECT id, 0 FROM threads UNION ALL
        SELECT tt.thread_id, tt.tag_id FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id WHERE g.kind = 'solution'),
    std (thread_id, tag_id) AS (
        SELECT id, 0 FROM threads UNION ALL
        SELECT tt.thread_id, tt.tag_id FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id WHERE g.kind = 'standard'),
    e AS (
        SELECT t.id AS thread_id, sol.tag_id AS solution_id, std.tag_id AS standard_id, t.status AS status,
               t.last_activity_at AS last_activity_at
        FROM threads t JOIN sol ON sol.thread_id = t.id JOIN std ON std.thread_id = t.id)";

#[tokio::test]
async fn list_rows_and_counters_follow_every_kind_of_change() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let a = app.start_thread("Premier fil", "texte").await;
    let b = app.start_thread("Second fil", "texte").await;
    replies(&app, "anne@ign.example", a, 2).await;
    let admin = app.admin().await;
    assert_eq!(admin.post(&format!("/t/{b}/status"), &[("status", "duplicate"), ("duplicate_of", &a.to_string())]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(admin.post(&format!("/t/{a}/status"), &[("status", "needs_info"), ("duplicate_of", "")]).await.status(), StatusCode::SEE_OTHER);
    // GeoServer merged into QGIS: every GeoServer thread moves.
    assert_eq!(admin.post("/admin/tags/geoserver/merge", &[("into", "qgis")]).await.status(), StatusCode::SEE_OTHER);

    type Row = (i64, i64, i64, String, i64);
    let expected: Vec<Row> = sqlx::query_as(&format!("{EXPECTED} SELECT * FROM e ORDER BY 1, 2, 3")).fetch_all(&app.db).await.unwrap();
    let stored: Vec<Row> = sqlx::query_as(
        "SELECT thread_id, solution_id, standard_id, status, last_activity_at FROM thread_facets ORDER BY 1, 2, 3",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(stored, expected);
    let counted: Vec<(i64, i64, String, i64)> = sqlx::query_as(&format!(
        "{EXPECTED} SELECT solution_id, standard_id, status, COUNT(*) FROM e GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    ))
    .fetch_all(&app.db)
    .await
    .unwrap();
    let counters: Vec<(i64, i64, String, i64)> = sqlx::query_as(
        "SELECT solution_id, standard_id, status, threads FROM facet_counts WHERE threads <> 0 ORDER BY 1, 2, 3",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(counters, counted);
    assert_eq!(app.count("SELECT COUNT(*) FROM facet_counts WHERE threads < 0").await, 0);

    // The map's cells: per pair, the threads, the unsettled and the resolved ones.
    let cells_counted: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(&format!(
        "{EXPECTED} SELECT solution_id, standard_id, COUNT(*),
                SUM(CASE WHEN status IN ('open', 'needs_info', 'confirmed') THEN 1 ELSE 0 END),
                SUM(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END)
         FROM e WHERE solution_id <> 0 AND standard_id <> 0 GROUP BY 1, 2 ORDER BY 1, 2"
    ))
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert!(!cells_counted.is_empty(), "the threads carry a solution and a standard");
    let cells: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT solution_id, standard_id, threads, unsettled, resolved FROM map_counts WHERE threads <> 0 ORDER BY 1, 2",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(cells, cells_counted);
    assert_eq!(app.count("SELECT COUNT(*) FROM map_counts WHERE threads < 0 OR unsettled < 0 OR resolved < 0").await, 0);
}

#[tokio::test]
async fn a_members_page_shows_the_latest_of_each_list_and_says_when_there_are_more() {
    use app::domain::limits::MEMBER_PAGE_ITEMS;
    let app = TestApp::spawn().await;
    let first = app.anne_thread("Fil d’Anne n° 0", "texte").await;
    let mut ids = vec![first];
    for i in 1..=MEMBER_PAGE_ITEMS {
        ids.push(app.start_thread(&format!("Fil d’Anne n° {i}"), "texte").await);
    }
    let anne = app::store::users::by_email(&app.db, "anne@ign.example").await.unwrap().unwrap().id;
    let doc = html(app.get(&format!("/u/{anne}")).await).await;
    let shown: Vec<i64> =
        select(&doc, "[data-list=threads] [data-thread]").iter().map(|e| e.value().attr("data-thread").unwrap().parse().unwrap()).collect();
    let newest: Vec<i64> = ids.iter().rev().take(MEMBER_PAGE_ITEMS as usize).copied().collect();
    assert_eq!(shown, newest, "the latest threads, newest first");
    // Ten replies (which make the first thread the most recently active): as many as shown, so no note.
    replies(&app, "anne@ign.example", first, MEMBER_PAGE_ITEMS).await;
    let doc = html(app.get(&format!("/u/{anne}")).await).await;
    assert_eq!(count(&doc, "[data-list=replies] .reply-list li"), MEMBER_PAGE_ITEMS as usize);
    assert_eq!(count(&doc, "[data-list=replies] [data-more]"), 0, "all the replies are shown");
    assert_eq!(count(&doc, "[data-list=resolutions] [data-more]"), 0);
    // The threads' list says there are more, and links to a search that finds them all.
    let all = attr_of(&doc, "[data-list=threads] [data-more=threads] a", "href").expect("a link to all of them");
    assert_eq!(all, "/search?q=author%3A%22Anne%20Martin%22&sort=newest");
    let started = std::time::Instant::now();
    loop {
        let found = html(app.get(&all).await).await;
        if attr_of(&found, ".list-count", "data-total") == Some(ids.len().to_string()) {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "the search finds all of Anne's threads");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // One reply more and the replies' list says so too.
    replies(&app, "anne@ign.example", first, 1).await;
    let doc = html(app.get(&format!("/u/{anne}")).await).await;
    assert_eq!(count(&doc, "[data-list=replies] .reply-list li"), MEMBER_PAGE_ITEMS as usize);
    assert_eq!(count(&doc, "[data-list=replies] [data-more=replies]"), 1);
}
