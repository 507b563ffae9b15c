//! `jonction migrate-to-postgres` (the real binary) copying a SQLite forum
//! into an empty PostgreSQL database: every table and row, ids kept, the
//! sequences moved past them, and a second copy refused. PostgreSQL runs only.

use app::store::testing;
use std::path::Path;
use std::process::{Command, Output};

const JONCTION: &str = env!("CARGO_BIN_EXE_jonction");

/// `jonction ARGS DIR`, on SQLite or on `database_url`.
fn jonction(args: &[&str], dir: &Path, database_url: Option<&str>) -> Output {
    let mut command = Command::new(JONCTION);
    command.args(args).arg(dir).env_remove("DATABASE_URL");
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    command.output().unwrap()
}

async fn connect(url: &str) -> app::store::Db {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url).await.unwrap()
}

async fn count(db: &app::store::Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn the_demo_forum_with_edits_deletions_and_merged_tags_is_copied_whole_and_only_once() {
    let cluster = postgres_only!();
    let data = tempfile::tempdir().unwrap();
    let out = jonction(&["seed-demo", "--data-dir"], data.path(), None);
    assert!(out.status.success(), "seed-demo on SQLite: {}", String::from_utf8_lossy(&out.stderr));
    let sqlite = connect(&format!("sqlite://{}", data.path().join(app::store::DATABASE_FILE).display())).await;
    // A post edited, another deleted, and the first solution tag merged into
    // the last one (a reference to a later row: the copy defers its checks).
    let (edited, deleted): (i64, i64) = sqlx::query_as("SELECT MIN(id), MAX(id) FROM posts WHERE is_opening = 0").fetch_one(&sqlite).await.unwrap();
    sqlx::query("UPDATE posts SET body_md = 'Texte corrigé.', edited_at = 5 WHERE id = $1").bind(edited).execute(&sqlite).await.unwrap();
    sqlx::query("UPDATE posts SET deleted_at = 6 WHERE id = $1").bind(deleted).execute(&sqlite).await.unwrap();
    let (from, into): (i64, i64) =
        sqlx::query_as("SELECT MIN(id), MAX(id) FROM tags WHERE kind = 'solution'").fetch_one(&sqlite).await.unwrap();
    sqlx::query("UPDATE tags SET merged_into = $2 WHERE id = $1").bind(from).bind(into).execute(&sqlite).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&sqlite)
    .await
    .unwrap();

    let target = testing::create_empty_database(&cluster).await.unwrap();
    let out = jonction(&["migrate-to-postgres", "--from-data-dir"], data.path(), Some(&target.url));
    assert!(out.status.success(), "migrate-to-postgres: {}", String::from_utf8_lossy(&out.stderr));
    let postgres = connect(&target.url).await;
    assert!(count(&sqlite, "posts").await > 0 && count(&sqlite, "users").await > 0);
    for table in &tables {
        assert_eq!(count(&postgres, table).await, count(&sqlite, table).await, "rows of {table}");
    }
    let body: String = sqlx::query_scalar("SELECT body_md FROM posts WHERE id = $1").bind(edited).fetch_one(&postgres).await.unwrap();
    assert_eq!(body, "Texte corrigé.");
    let gone: Option<i64> = sqlx::query_scalar("SELECT deleted_at FROM posts WHERE id = $1").bind(deleted).fetch_one(&postgres).await.unwrap();
    assert_eq!(gone, Some(6));
    let merged: Option<i64> = sqlx::query_scalar("SELECT merged_into FROM tags WHERE id = $1").bind(from).fetch_one(&postgres).await.unwrap();
    assert_eq!(merged, Some(into));
    // A new row takes an id after the copied ones.
    let max_user: i64 = sqlx::query_scalar("SELECT MAX(id) FROM users").fetch_one(&sqlite).await.unwrap();
    let new_user: i64 = sqlx::query_scalar("INSERT INTO users (email, display_name, created_at) VALUES ('neuf@ign.example', 'Neuf', 0) RETURNING id")
        .fetch_one(&postgres)
        .await
        .unwrap();
    assert!(new_user > max_user, "user {new_user} after {max_user}");

    let again = jonction(&["migrate-to-postgres", "--from-data-dir"], data.path(), Some(&target.url));
    assert!(!again.status.success(), "a database that is not empty is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("n’est pas vide"), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(count(&postgres, "users").await, count(&sqlite, "users").await + 1, "nothing written by the refused copy");
}
