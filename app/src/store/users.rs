use super::change_log;
use super::{Db, begin, now};
use crate::domain::{Role, views::MemberAdminRow};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub organisation: Option<String>,
    pub siret: Option<String>,
    pub password_hash: Option<String>,
    pub role: Role,
    pub created_at: i64,
}

const USER_COLUMNS: &str = "id, email, display_name, organisation, siret, password_hash, role, created_at";

pub async fn insert(
    db: &Db,
    email: &str,
    display_name: &str,
    organisation: Option<&str>,
    password_hash: Option<&str>,
    role: Role,
    verified: bool,
) -> Result<i64, sqlx::Error> {
    let at = now();
    sqlx::query_scalar(
        "INSERT INTO users (email, display_name, organisation, password_hash, role, created_at, email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(email)
    .bind(display_name)
    .bind(organisation)
    .bind(password_hash)
    .bind(role)
    .bind(at)
    .bind(verified.then_some(at))
    .fetch_one(db)
    .await
}

/// A local account waiting for its address to be proven, in the sign-up's transaction.
pub async fn insert_unverified(
    tx: &mut super::Tx<'_>,
    email: &str,
    display_name: &str,
    organisation: Option<&str>,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, display_name, organisation, password_hash, role, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(email)
    .bind(display_name)
    .bind(organisation)
    .bind(password_hash)
    .bind(Role::Member)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let q = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    sqlx::query_as(&q).bind(email).fetch_optional(db).await
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    let q = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    sqlx::query_as(&q).bind(id).fetch_optional(db).await
}

/// The role shows on the member's page: logged with the change.
pub async fn set_role(db: &Db, id: i64, role: Role) -> Result<bool, sqlx::Error> {
    let mut tx = begin(db).await?;
    let done = sqlx::query("UPDATE users SET role = $1 WHERE id = $2").bind(role).bind(id).execute(&mut *tx).await?;
    if done.rows_affected() == 1 {
        change_log::member_changed(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_password_and_role(db: &Db, id: i64, hash: &str, role: Role) -> Result<(), sqlx::Error> {
    let mut tx = begin(db).await?;
    // The administrator's address is vouched for by whoever runs the command.
    sqlx::query("UPDATE users SET password_hash = $1, role = $2, email_verified_at = COALESCE(email_verified_at, $4) WHERE id = $3")
        .bind(hash)
        .bind(role)
        .bind(id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    change_log::member_changed(&mut tx, id).await?;
    tx.commit().await
}

/// Members for the administration page, newest first, bounded. Authors
/// imported from mailing lists are left out: they never sign in, and an
/// import brings thousands of them.
pub async fn list_for_admin(db: &Db, limit: i64) -> Result<Vec<MemberAdminRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, display_name AS name, email, organisation, role FROM users WHERE email NOT LIKE $2 ORDER BY id DESC LIMIT $1",
    )
        .bind(limit)
        .bind(format!("{}%", crate::domain::mail_archive::IMPORTED_MEMBER_PREFIX))
        .fetch_all(db)
        .await
}

/// A member who signs in only through an identity provider (no password).
pub async fn insert_external(
    tx: &mut super::Tx<'_>,
    email: &str,
    display_name: &str,
    organisation: Option<&str>,
    siret: Option<&str>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, display_name, organisation, siret, password_hash, role, created_at, email_verified_at)
         VALUES ($1, $2, $3, $4, NULL, $5, $6, $6) RETURNING id",
    )
    .bind(email)
    .bind(display_name)
    .bind(organisation)
    .bind(siret)
    .bind(Role::Member)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
}
