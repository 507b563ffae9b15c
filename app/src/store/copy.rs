//! `jonction migrate-to-postgres`: a SQLite forum copied into an empty,
//! migrated PostgreSQL database, every table and every row with its id, each
//! identity sequence moved past the copied ids, and the row counts compared
//! at the end.
//!
//! Tables and columns are read from the two schemas, not listed here, so the
//! tables later migrations add are copied too; the two must match (same
//! migrations applied). SQLite is read in one read transaction (a consistent
//! snapshot, even while a forum still writes); PostgreSQL is written in one
//! transaction with its foreign keys deferred to the commit (they are
//! `DEFERRABLE`), so tables go in any order and a tag may be merged into a
//! later one. Nothing is written unless everything is.

use super::{Db, SqlBuilder};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// Rows per `INSERT`, at most (fewer for wide tables: PostgreSQL takes at most
/// 65,535 parameters per statement).
const ROWS_PER_INSERT: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(
        "la base PostgreSQL n’est pas vide ({0}) : migrate-to-postgres ne copie que dans une base neuve. \
         Créez une base vide (createdb) et recommencez"
    )]
    NotEmpty(String),
    #[error("les deux bases n’ont pas le même schéma : {0}. Mettez les deux à jour avec la même version de jonction")]
    Schema(String),
    #[error("table {table}, ligne {rowid}, colonne {column} : {source}")]
    Value { table: String, rowid: i64, column: String, source: sqlx::Error },
    #[error("vérification : la table {table} a {sqlite} lignes dans SQLite et {postgres} dans PostgreSQL")]
    Count { table: String, sqlite: i64, postgres: i64 },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A PostgreSQL column: its name, type, and whether it is an identity.
#[derive(Clone, Debug, sqlx::FromRow)]
struct Column {
    name: String,
    data_type: String,
    is_identity: String,
}

/// The rows copied, per table.
#[derive(Debug, Default)]
pub struct CopyReport {
    pub tables: BTreeMap<String, i64>,
}

/// Tables whose rows a new database already has, written by its migrations
/// (the map's text, one row): replaced by SQLite's in the copy's
/// transaction, and not counted as a sign that the database is in use.
const FILLED_BY_MIGRATIONS: [&str; 1] = ["map_text"];

pub async fn sqlite_to_postgres(sqlite: &Db, postgres: &Db) -> Result<CopyReport, CopyError> {
    let tables = matching_tables(sqlite, postgres).await?;
    refuse_non_empty(postgres, tables.keys().filter(|t| !FILLED_BY_MIGRATIONS.contains(&t.as_str()))).await?;
    let mut source = sqlite.acquire().await?;
    sqlx::query("BEGIN").execute(&mut *source).await?;
    let mut target = super::begin(postgres).await?;
    sqlx::query("SET CONSTRAINTS ALL DEFERRED").execute(&mut *target).await?;
    for table in FILLED_BY_MIGRATIONS {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *target).await?;
    }
    let mut report = CopyReport::default();
    for (table, columns) in &tables {
        let mut after = i64::MIN;
        let mut copied = 0;
        loop {
            let batch = ROWS_PER_INSERT.min(60_000 / columns.len().max(1));
            let names = columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
            let read = columns.iter().map(read_expression).collect::<Vec<_>>().join(", ");
            let rows: Vec<AnyRow> =
                sqlx::query(&format!("SELECT rowid AS copy_rowid, {read} FROM {table} WHERE rowid > $1 ORDER BY rowid LIMIT $2"))
                    .bind(after)
                    .bind(batch as i64)
                    .fetch_all(&mut *source)
                    .await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get("copy_rowid")?;
            let mut insert = SqlBuilder::new(&format!("INSERT INTO {table} ({names}) VALUES "));
            for (i, row) in rows.iter().enumerate() {
                insert.push(if i == 0 { "(" } else { ", (" });
                for (j, column) in columns.iter().enumerate() {
                    if j > 0 {
                        insert.push(", ");
                    }
                    bind(&mut insert, row, table, column)?;
                }
                insert.push(")");
            }
            insert.query().execute(&mut *target).await?;
            copied += rows.len() as i64;
        }
        let sqlite_count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut *source).await?;
        if sqlite_count != copied {
            return Err(CopyError::Count { table: table.clone(), sqlite: sqlite_count, postgres: copied });
        }
        for id in columns.iter().filter(|c| c.is_identity == "YES") {
            // The next id PostgreSQL hands out follows the copied ones.
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{0}'), COALESCE(MAX({0}), 0) + 1, false) FROM {table}",
                id.name
            ))
            .execute(&mut *target)
            .await?;
        }
        report.tables.insert(table.clone(), copied);
    }
    target.commit().await?;
    let _ = sqlx::query("ROLLBACK").execute(&mut *source).await;
    verify(postgres, &report).await?;
    Ok(report)
}

/// How a column is read from SQLite: as itself, except a `BOOLEAN`, which
/// the `any` driver reads only as an expression (rule 3 in `store`).
fn read_expression(column: &Column) -> String {
    match column.data_type.as_str() {
        "boolean" => format!("CAST({0} AS BOOLEAN) AS {0}", column.name),
        _ => column.name.clone(),
    }
}

/// The value of `column` in `row`, bound as PostgreSQL's column type wants it
/// (SQLite keeps booleans as 0 and 1, and accepts any value in any column: a
/// value of the wrong kind is an error naming its place).
fn bind(insert: &mut SqlBuilder, row: &AnyRow, table: &str, column: &Column) -> Result<(), CopyError> {
    let name = column.name.as_str();
    let bound = match column.data_type.as_str() {
        "bigint" | "integer" | "smallint" => row.try_get::<Option<i64>, _>(name).map(|v| insert.push_bind(v)),
        "boolean" => row.try_get::<Option<super::Flag>, _>(name).map(|v| insert.push_bind(v.map(bool::from))),
        "bytea" => row.try_get::<Option<Vec<u8>>, _>(name).map(|v| insert.push_bind(v)),
        "double precision" | "real" => row.try_get::<Option<f64>, _>(name).map(|v| insert.push_bind(v)),
        _ => row.try_get::<Option<String>, _>(name).map(|v| insert.push_bind(v)),
    };
    bound.map(|_| ()).map_err(|source| CopyError::Value {
        table: table.to_string(),
        rowid: row.try_get("copy_rowid").unwrap_or_default(),
        column: column.name.clone(),
        source,
    })
}

/// The tables of both schemas (the migrations' bookkeeping aside) with
/// PostgreSQL's columns, once checked that every SQLite column exists there.
async fn matching_tables(sqlite: &Db, postgres: &Db) -> Result<BTreeMap<String, Vec<Column>>, CopyError> {
    let in_sqlite: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(sqlite)
    .await?;
    let in_postgres: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations' ORDER BY 1",
    )
    .fetch_all(postgres)
    .await?;
    if in_sqlite != in_postgres {
        return Err(CopyError::Schema(format!("tables SQLite {in_sqlite:?}, PostgreSQL {in_postgres:?}")));
    }
    let mut tables = BTreeMap::new();
    for table in in_sqlite {
        let sqlite_columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid").bind(&table).fetch_all(sqlite).await?;
        let postgres_columns: Vec<Column> = sqlx::query_as(
            "SELECT CAST(column_name AS TEXT) AS name, CAST(data_type AS TEXT) AS data_type, CAST(is_identity AS TEXT) AS is_identity
             FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(&table)
        .fetch_all(postgres)
        .await?;
        let mut columns = Vec::new();
        for name in sqlite_columns {
            match postgres_columns.iter().find(|c| c.name == name) {
                Some(c) => columns.push(c.clone()),
                None => return Err(CopyError::Schema(format!("la colonne {table}.{name} manque dans PostgreSQL"))),
            }
        }
        tables.insert(table, columns);
    }
    Ok(tables)
}

async fn refuse_non_empty<'a>(postgres: &Db, tables: impl Iterator<Item = &'a String>) -> Result<(), CopyError> {
    let mut filled = Vec::new();
    for table in tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(postgres).await?;
        if n > 0 {
            filled.push(format!("{table} : {n} lignes"));
        }
    }
    if filled.is_empty() { Ok(()) } else { Err(CopyError::NotEmpty(filled.join(", "))) }
}

/// Counts every table again, after the commit, on PostgreSQL's side.
async fn verify(postgres: &Db, report: &CopyReport) -> Result<(), CopyError> {
    for (table, copied) in &report.tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(postgres).await?;
        if n != *copied {
            return Err(CopyError::Count { table: table.clone(), sqlite: *copied, postgres: n });
        }
    }
    Ok(())
}
