//! Importing a mailing list's archive (`forum::import`): the list's name,
//! threads joined by reply and by subject, counts that say only what was
//! committed, and a second import of the same messages.

use super::{Forum, invalid_fields};
use crate::domain::limits::{IMPORT_MESSAGES_PER_TRANSACTION, IMPORT_SUBJECT_WINDOW_SECONDS, TAG_NAME_MAX_CHARS};
use crate::domain::mail_archive::MailMessage;
use crate::forum::import::{ImportOptions, ImportStats, Importer, imported_post};
use crate::store;

const T0: i64 = 1_767_261_600; // 2026-01-01, 10:00 UTC

fn options(list_name: &str) -> ImportOptions {
    ImportOptions { list_name: list_name.into(), tags: vec!["geoserver".into()] }
}

fn message(id: &str, subject: &str, date: i64, in_reply_to: Option<&str>) -> MailMessage {
    MailMessage {
        position: format!("test:{id}"),
        message_id: Some(format!("{id}@liste.example")),
        in_reply_to: in_reply_to.map(|p| format!("{p}@liste.example")).into_iter().collect(),
        subject: subject.into(),
        date,
        from_address: "claire@ddt.example".into(),
        from_name: Some("Claire Durand".into()),
        text: format!("Message {id}."),
        ..MailMessage::default()
    }
}

async fn import(f: &Forum, messages: Vec<MailMessage>) -> ImportStats {
    let mut importer = Importer::new(&f.db, &options("georchestra-dev")).await.unwrap();
    for m in messages {
        importer.add(m).await.unwrap();
    }
    importer.finish().await.unwrap()
}

async fn thread_of(f: &Forum, id: &str) -> i64 {
    imported_post(&f.db, &format!("{id}@liste.example")).await.unwrap().unwrap_or_else(|| panic!("{id} imported")).thread_id
}

#[tokio::test]
async fn a_list_needs_a_name_of_at_most_a_tag_names_length_kept_on_one_line() {
    let f = Forum::new().await;
    for bad in ["", "   ", &"x".repeat(TAG_NAME_MAX_CHARS + 1)] {
        assert_eq!(invalid_fields(Importer::new(&f.db, &options(bad)).await.map(|_| ())), ["list-name"], "{bad:?}");
    }
    assert!(Importer::new(&f.db, &options(&"x".repeat(TAG_NAME_MAX_CHARS))).await.is_ok());
    let mut importer = Importer::new(&f.db, &options("  geOrchestra \n  dev ")).await.unwrap();
    importer.add(message("a", "Sujet", T0, None)).await.unwrap();
    importer.finish().await.unwrap();
    let thread = store::threads::get(&f.db, thread_of(&f, "a").await).await.unwrap().unwrap();
    assert_eq!(thread.source_list.as_deref(), Some("geOrchestra dev"));
}

#[tokio::test]
async fn replies_join_their_thread_by_reference_or_by_subject_within_the_window() {
    let f = Forum::new().await;
    let after_window = T0 + IMPORT_SUBJECT_WINDOW_SECONDS + 86_400;
    let stats = import(&f, vec![
        message("a", "Projection décalée", T0, None),
        message("b", "Re: Projection décalée", T0 + 60, Some("a")),
        // Its client dropped the references: joined by subject.
        message("c", "Re: Projection décalée", T0 + 3_600, None),
        // Same subject, weeks later: a new thread.
        message("d", "Re: Projection décalée", after_window, None),
    ])
    .await;
    let a = thread_of(&f, "a").await;
    assert_eq!((thread_of(&f, "b").await, thread_of(&f, "c").await), (a, a));
    assert_ne!(thread_of(&f, "d").await, a);
    assert_eq!(stats, ImportStats { imported: 4, already_present: 0, threads_created: 2, threads_extended: 0 });
}

#[tokio::test]
async fn importing_again_counts_what_is_already_there_and_the_threads_it_extends() {
    let f = Forum::new().await;
    import(&f, vec![message("a", "Moissonnage CSW", T0, None), message("b", "Re: Moissonnage CSW", T0 + 60, Some("a"))]).await;
    let again = import(&f, vec![
        message("a", "Moissonnage CSW", T0, None),
        message("b", "Re: Moissonnage CSW", T0 + 60, Some("a")),
        message("c", "Re: Moissonnage CSW", T0 + 120, Some("b")),
        message("d", "Nouveau sujet", T0 + 180, None),
    ])
    .await;
    assert_eq!(again, ImportStats { imported: 2, already_present: 2, threads_created: 1, threads_extended: 1 });
}

#[tokio::test]
async fn messages_are_committed_a_transactions_worth_at_a_time_and_counted_once_committed() {
    let f = Forum::new().await;
    let mut importer = Importer::new(&f.db, &options("georchestra-dev")).await.unwrap();
    importer.add(message("first", "Un sujet", T0, None)).await.unwrap();
    assert_eq!(importer.stats(), ImportStats::default(), "nothing committed yet");
    for i in 1..IMPORT_MESSAGES_PER_TRANSACTION {
        importer.add(message(&format!("m{i}"), "Re: Un sujet", T0 + i as i64, Some("first"))).await.unwrap();
    }
    let committed = importer.stats();
    assert_eq!((committed.imported, committed.threads_created), (IMPORT_MESSAGES_PER_TRANSACTION as u64, 1));
    assert!(imported_post(&f.db, "first@liste.example").await.unwrap().is_some(), "in the database before the end");
    importer.add(message("last", "Autre sujet", T0, None)).await.unwrap();
    let done = importer.finish().await.unwrap();
    assert_eq!((done.imported, done.threads_created), (IMPORT_MESSAGES_PER_TRANSACTION as u64 + 1, 2));
}

#[tokio::test]
async fn a_reply_moves_its_thread_forward_and_a_message_too_long_is_cut_saying_so() {
    use crate::domain::limits::BODY_MAX_CHARS;
    let f = Forum::new().await;
    // Exactly as long as a message may be: with the note, it would be longer, so it is cut.
    let mut long = message("long", "Journal complet", T0 + 600, Some("a"));
    long.text = "é".repeat(BODY_MAX_CHARS);
    let mut opening = message("a", "Journal complet", T0, None);
    opening.text = "Le journal du moissonneur. ".repeat(40);
    import(&f, vec![opening, long]).await;
    let thread = store::threads::get(&f.db, thread_of(&f, "a").await).await.unwrap().unwrap().summary;
    assert_eq!((thread.reply_count, thread.last_activity_at), (1, T0 + 600), "the reply counted and dated");
    let body = |opening: bool| {
        sqlx::query_scalar::<_, String>("SELECT body_md FROM posts WHERE thread_id = $1 AND is_opening = $2")
            .bind(thread.id)
            .bind(opening)
            .fetch_one(&f.db)
    };
    assert_eq!(body(true).await.unwrap(), "Le journal du moissonneur. ".repeat(40), "a shorter message is kept whole");
    let cut = body(false).await.unwrap();
    // 200 characters are left for the note.
    let kept = BODY_MAX_CHARS - 200;
    assert!(cut.starts_with(&"é".repeat(kept)), "the beginning kept");
    assert!(!cut.contains(&"é".repeat(kept + 1)));
    assert!(cut.ends_with("[Message tronqué à l’importation : 200 caractères de plus.]"));
    assert!(cut.chars().count() <= BODY_MAX_CHARS);
}
