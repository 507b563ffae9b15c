//! `import-mbox` on the fixture archives (`server/tests/fixtures/mail/`):
//! threads rebuilt from references and subjects, every encoding decoded,
//! quotes and signatures folded, re-imports that change nothing, malformed
//! messages skipped with their position, pipermail archives (plain and
//! gzipped), and the command itself on the real binary.

use crate::support::{TestApp, count, html, select, text_of, texts_of};
use app::domain::mail_archive::KnownPost;
use server::import::ImportReport;
use std::path::PathBuf;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mail");

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(FIXTURES).join(name)
}

/// Imports `files` as the list `geo-list`, tagged GeoNetwork × CSW.
pub async fn import(app: &TestApp, files: &[PathBuf]) -> ImportReport {
    let tags = ["geonetwork".to_string(), "csw".to_string()];
    server::import::run(&app.db, files, &tags, Some("geo-list".into())).await.expect("import")
}

/// Where the message `message_id` of the fixtures was imported.
pub async fn post_of(app: &TestApp, message_id: &str) -> KnownPost {
    app::forum::import::imported_post(&app.db, message_id).await.unwrap().unwrap_or_else(|| panic!("{message_id} imported"))
}

pub async fn thread_page(app: &TestApp, thread_id: i64) -> scraper::Html {
    let r = app.get(&format!("/t/{thread_id}")).await;
    assert_eq!(r.status(), 200);
    html(r).await
}

#[tokio::test]
async fn replies_follow_their_references_then_their_subject_within_the_window() {
    let app = TestApp::spawn().await;
    let report = import(&app, &[fixture("list.mbox")]).await;
    assert_eq!((report.read, report.stats.imported, report.stats.threads_created), (12, 10, 6));

    let (a, b, c) = (post_of(&app, "a1@ign.example").await, post_of(&app, "b2@crige.example").await, post_of(&app, "<c3@ign.example>").await);
    assert_eq!((b.thread_id, c.thread_id), (a.thread_id, a.thread_id), "In-Reply-To, then References alone");
    let doc = thread_page(&app, a.thread_id).await;
    assert_eq!(count(&doc, "article.post[data-post]"), 3);
    let parents: Vec<String> = select(&doc, ".post__in-reply[data-parent]").iter().map(|e| e.value().attr("data-parent").unwrap().to_string()).collect();
    assert_eq!(parents, [a.post_id.to_string(), b.post_id.to_string()], "each answers the message it names last");

    let (d, e, f, g) = (
        post_of(&app, "d4@ville.example").await,
        post_of(&app, "e5@sig.example").await,
        post_of(&app, "f6@ville.example").await,
        post_of(&app, "g7@ville.example").await,
    );
    assert_eq!((e.thread_id, f.thread_id), (d.thread_id, d.thread_id), "« RE : » without references, five days later");
    assert_ne!(g.thread_id, d.thread_id, "the same subject three months later starts a thread");
    let doc = thread_page(&app, d.thread_id).await;
    assert_eq!(count(&doc, ".post__in-reply[data-parent]"), 1, "joined by subject, F answers no particular post");
}

#[tokio::test]
async fn messages_are_decoded_whatever_their_encoding() {
    let app = TestApp::spawn().await;
    import(&app, &[fixture("list.mbox")]).await;
    let a = post_of(&app, "a1@ign.example").await;
    let doc = thread_page(&app, a.thread_id).await;
    assert_eq!(text_of(&doc, "h1#thread-title"), "Moissonnage CSW échoue", "UTF-8 encoded word, list tag stripped");
    assert_eq!(texts_of(&doc, ".post__author"), ["Marie Dupont", "José Martin", "Marie Dupont"], "ISO-8859-1 encoded word");
    let bodies = texts_of(&doc, ".post-body");
    assert!(bodies[1].contains("dans la requête GetRecords"), "ISO-8859-1 quoted-printable: {}", bodies[1]);
    assert!(bodies[2].contains("le cœur du problème était l’outputSchema"), "windows-1252 in base64: {}", bodies[2]);

    let d = thread_page(&app, post_of(&app, "d4@ville.example").await.thread_id).await;
    let bodies = texts_of(&d, ".post-body");
    assert!(bodies[0].contains("Les tuiles WMTS du Géoportail sont floues au niveau 18."), "HTML only: {}", bodies[0]);
    assert_eq!(count(&d, ".post-body script, .post-body b"), 0, "its markup is not kept");
    assert_eq!(texts_of(&d, ".post__author")[1], "Élodie Bernard", "base64 encoded word");
    assert_eq!(text_of(&d, ".mail-attachment"), "Pièce jointe non importée : capture-wmts.png (image/png, 3 Ko)");

    let h = thread_page(&app, app.count("SELECT id FROM threads WHERE title = 'Projection Lambert 93 décalée'").await).await;
    assert!(text_of(&h, ".post-body").contains("From the documentation"), "mboxrd's >From is unescaped");
    assert_eq!(count(&h, "details.mail-quote"), 0, "and is not a quote");

    // Original dates: the Date header, else the separator line's.
    assert_eq!(app.count("SELECT created_at FROM threads WHERE title = 'Moissonnage CSW échoue'").await, 1_709_456_400);
    assert_eq!(app.count("SELECT created_at FROM threads WHERE title = 'Date illisible'").await, 1_709_899_200);
}

#[tokio::test]
async fn quoted_text_and_signatures_are_folded_away_but_still_searchable() {
    let app = TestApp::spawn().await;
    import(&app, &[fixture("list.mbox")]).await;
    let a = post_of(&app, "a1@ign.example").await;
    let doc = thread_page(&app, a.thread_id).await;
    let opening = format!("#p{}", a.post_id);
    assert_eq!(texts_of(&doc, &format!("{opening} details.mail-signature > summary")), ["Signature"]);
    assert!(text_of(&doc, &format!("{opening} details.mail-signature .mail-text")).contains("Marie Dupont"));
    let reply = format!("#p{}", post_of(&app, "b2@crige.example").await.post_id);
    assert_eq!(texts_of(&doc, &format!("{reply} details.mail-quote > summary")), ["Texte cité (3 lignes)"]);
    let quote = text_of(&doc, &format!("{reply} details.mail-quote .mail-text"));
    assert!(quote.starts_with("Le 3 mars 2024 à 10:00, Marie Dupont") && quote.contains("> depuis la mise à jour."), "{quote}");
    let shown: String = texts_of(&doc, &format!("{reply} .post-body > .mail-text")).concat();
    assert!(shown.contains("outputSchema") && !shown.contains("a écrit") && !shown.contains("> "), "{shown}");
    assert_eq!(count(&doc, "details[open]"), 0, "folded until opened");

    // The index holds the quoted text and the signature too.
    let doc = until_indexed(&app, a.thread_id).await;
    assert!(doc.posts[0].ends_with("Marie Dupont IGN - [adresse masquée]"), "the signature: {}", doc.posts[0]);
    assert!(doc.posts[1].contains("a écrit : Le moissonnage CSW"), "the quote: {}", doc.posts[1]);
}

/// The thread as the search index holds it, once the indexer has applied the import.
pub async fn until_indexed(app: &TestApp, thread_id: i64) -> app::search::ThreadText {
    let started = std::time::Instant::now();
    loop {
        if let Some(t) = app.search.documents().unwrap().into_iter().find(|t| t.id == thread_id) {
            return t;
        }
        assert!(started.elapsed().as_secs() < 5, "thread {thread_id} indexed within 5 s");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Row counts of every table an import writes, and the last change-log id.
async fn snapshot(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for table in ["users", "threads", "posts", "thread_tags", "import_threads", "import_messages", "change_log"] {
        out.push(app.count(&format!("SELECT COUNT(*) FROM {table}")).await);
    }
    out.push(app.count("SELECT COALESCE(MAX(id), 0) FROM change_log").await);
    out.push(app.count("SELECT CAST(SUM(reply_count) + SUM(last_activity_at) AS BIGINT) FROM threads").await);
    out
}

#[tokio::test]
async fn importing_the_same_files_again_changes_no_row_and_new_replies_extend_their_thread() {
    let app = TestApp::spawn().await;
    let files = [fixture("list.mbox"), fixture("2024-March.txt")];
    import(&app, &files).await;
    let before = snapshot(&app).await;
    let again = import(&app, &files).await;
    assert_eq!(snapshot(&app).await, before, "no row added or changed");
    assert_eq!((again.stats.imported, again.stats.already_present, again.skipped), (0, 12, 2));
    assert_eq!((again.stats.threads_created, again.stats.threads_extended), (0, 0));

    let dir = tempfile::tempdir().unwrap();
    let later = dir.path().join("later.mbox");
    std::fs::write(
        &later,
        "From paul@ville.example  Fri Jun 21 10:00:00 2024\nFrom: Paul Durand <paul@ville.example>\nSubject: Re: Tuiles WMTS floues\n\
         Date: Fri, 21 Jun 2024 12:00:00 +0200\nMessage-ID: <later@ville.example>\nIn-Reply-To: <g7@ville.example>\n\nRéglé en vidant le cache.\n",
    )
    .unwrap();
    let extended = import(&app, &[later]).await;
    assert_eq!((extended.stats.imported, extended.stats.threads_created, extended.stats.threads_extended), (1, 0, 1));
    assert_eq!(post_of(&app, "later@ville.example").await.thread_id, post_of(&app, "g7@ville.example").await.thread_id);
}

#[tokio::test]
async fn malformed_messages_are_skipped_with_their_position_and_the_rest_imported() {
    let app = TestApp::spawn().await;
    let report = import(&app, &[fixture("list.mbox")]).await;
    let file = fixture("list.mbox").display().to_string();
    assert_eq!(
        report.skipped_listed,
        [format!("{file}:178 : pas d’en-tête de message au début"), format!("{file}:183 : adresse de l’expéditeur absente ou illisible")]
    );
    assert_eq!(report.skipped, 2);
    post_of(&app, "j10@crige.example").await; // the message after them
    assert!(report.summary().contains("12 messages lus, 10 importés, 0 déjà présents, 2 ignorés"), "{}", report.summary());
}

#[tokio::test]
async fn pipermail_archives_are_read_plain_or_gzipped() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("2024-March.txt.gz");
    let mut encoder = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::default());
    encoder.write_all(&std::fs::read(fixture("2024-March.txt")).unwrap()).unwrap();
    encoder.finish().unwrap();
    for file in [fixture("2024-March.txt"), gz] {
        let app = TestApp::spawn().await;
        let report = import(&app, std::slice::from_ref(&file)).await;
        assert_eq!((report.stats.imported, report.stats.threads_created), (2, 1), "{}", file.display());
        let doc = thread_page(&app, post_of(&app, "p1@region.example").await.thread_id).await;
        assert_eq!(texts_of(&doc, ".post__author"), ["Claire Petit", "Bruno Leroy"], "names of `user at host (Name)`");
        let bodies = texts_of(&doc, ".post-body");
        assert!(bodies[0].contains("Écrire à [adresse masquée]"), "{}", bodies[0]);
        assert!(bodies[1].starts_with("Réglé dans la version 4.2"), "undeclared windows-1252: {}", bodies[1]);
        assert!(!bodies[1].contains("mailing list") && !bodies[0].contains("attachment.html"), "footer and notices removed");
        assert_eq!(text_of(&doc, ".mail-attachment"), "Pièce jointe non importée : requete-getfeature.xml (application/xml, 2 Ko)");
        assert_eq!(count(&doc, "details.mail-quote"), 1);
    }
}

#[tokio::test]
async fn the_command_reports_on_stdout_and_draws_no_progress_when_not_on_a_terminal() {
    let data = tempfile::tempdir().unwrap();
    let jonction = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jonction"))
            .args(args)
            .arg("--data-dir")
            .arg(data.path())
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    assert!(jonction(&["seed-demo"]).status.success());
    let mbox = fixture("list.mbox").display().to_string();
    let out = jonction(&["import-mbox", &mbox, "--tag", "geonetwork", "--tag", "csw"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("Liste « mail », 1 fichier(s) : 12 messages lus, 10 importés"), "list named after the directory: {stdout}");
    assert!(stderr.contains(&format!("ignoré : {mbox}:178 :")), "{stderr}");
    assert!(!stderr.contains('\r') && !stderr.contains('\u{1b}'), "no progress line off a terminal: {stderr:?}");

    let refused = jonction(&["import-mbox", &mbox, "--tag", "inexistant"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Tag inconnu : « inexistant »"));
}
