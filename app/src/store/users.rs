use super::{Db, now};
use crate::domain::{Role, views::MemberAdminRow};
use sqlx::Row;

#[derive(Debug, Clone)]
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

fn user_from_row(r: &sqlx::sqlite::SqliteRow) -> Result<UserRow, sqlx::Error> {
    let role: String = r.try_get("role")?;
    Ok(UserRow {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        display_name: r.try_get("display_name")?,
        organisation: r.try_get("organisation")?,
        siret: r.try_get("siret")?,
        password_hash: r.try_get("password_hash")?,
        role: Role::parse(&role).unwrap_or(Role::Member),
        created_at: r.try_get("created_at")?,
    })
}

const USER_COLUMNS: &str = "id, email, display_name, organisation, siret, password_hash, role, created_at";

pub async fn insert(
    db: &Db,
    email: &str,
    display_name: &str,
    organisation: Option<&str>,
    password_hash: Option<&str>,
    role: Role,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO users (email, display_name, organisation, password_hash, role, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(email)
    .bind(display_name)
    .bind(organisation)
    .bind(password_hash)
    .bind(role.as_str())
    .bind(now())
    .fetch_one(db)
    .await?;
    row.try_get("id")
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let q = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    sqlx::query(&q).bind(email).fetch_optional(db).await?.map(|r| user_from_row(&r)).transpose()
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    let q = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    sqlx::query(&q).bind(id).fetch_optional(db).await?.map(|r| user_from_row(&r)).transpose()
}

pub async fn set_role(db: &Db, id: i64, role: Role) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET role = $1 WHERE id = $2").bind(role.as_str()).bind(id).execute(db).await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_password_and_role(db: &Db, id: i64, hash: &str, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, role = $2 WHERE id = $3")
        .bind(hash)
        .bind(role.as_str())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Members for the administration page, newest first, bounded.
pub async fn list_for_admin(db: &Db, limit: i64) -> Result<Vec<MemberAdminRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, display_name, email, organisation, role FROM users ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(MemberAdminRow {
                id: r.try_get("id")?,
                name: r.try_get("display_name")?,
                email: r.try_get("email")?,
                organisation: r.try_get("organisation")?,
                role: Role::parse(&role).unwrap_or(Role::Member),
            })
        })
        .collect()
}

/// A member who signs in only through an identity provider (no password).
pub async fn insert_external(
    tx: &mut super::Tx<'_>,
    email: &str,
    display_name: &str,
    organisation: Option<&str>,
    siret: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO users (email, display_name, organisation, siret, password_hash, role, created_at)
         VALUES ($1, $2, $3, $4, NULL, 'member', $5) RETURNING id",
    )
    .bind(email)
    .bind(display_name)
    .bind(organisation)
    .bind(siret)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    row.try_get("id")
}
