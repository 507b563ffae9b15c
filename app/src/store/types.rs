//! What the `any` driver needs besides its own types: booleans read from
//! either database, and the domain's enums stored as text.

use crate::domain::{Level, Role, TagKind, ThreadStatus};
use sqlx::any::{Any, AnyTypeInfo, AnyValueRef};
use sqlx::decode::Decode;
use sqlx::error::BoxDynError;
use sqlx::Type;

/// A `BOOLEAN` column as either database returns it: PostgreSQL a boolean,
/// SQLite (which has no boolean type) the integer 0 or 1. A `bool` field of a
/// row reads it with `#[sqlx(try_from = "crate::store::Flag")]`, the column
/// being selected as `CAST(col AS BOOLEAN) AS col` (rule 3 in `store`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <bool as Type<Any>>::compatible(ty) || <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        if <bool as Type<Any>>::compatible(&sqlx::ValueRef::type_info(&value)) {
            return Ok(Flag(<bool as Decode<Any>>::decode(value)?));
        }
        match <i64 as Decode<Any>>::decode(value)? {
            0 => Ok(Flag(false)),
            1 => Ok(Flag(true)),
            other => Err(format!("{other} is not a boolean (0 or 1)").into()),
        }
    }
}

/// The text enums derive `sqlx::Type` and `Decode` for each database but not
/// for `Any` (the derive does not know it); they are text there too, read by
/// their own `parse` (the spelling their `as_str` writes). Their `Encode` is
/// the derive's, generic over the database.
macro_rules! text_for_any {
    ($($t:ty),*) => {$(
        impl Type<Any> for $t {
            fn type_info() -> AnyTypeInfo {
                <str as Type<Any>>::type_info()
            }

            fn compatible(ty: &AnyTypeInfo) -> bool {
                <str as Type<Any>>::compatible(ty)
            }
        }

        impl<'r> Decode<'r, Any> for $t {
            fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&str as Decode<Any>>::decode(value)?;
                <$t>::parse(text).ok_or_else(|| format!("invalid value {text:?} for {}", stringify!($t)).into())
            }
        }
    )*};
}

text_for_any!(ThreadStatus, Role, TagKind, Level, super::account_tokens::Purpose);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(try_from = "Flag")]
        locked: bool,
    }

    #[tokio::test]
    async fn a_boolean_column_reads_as_bool_on_the_backend_under_test() {
        let (db, _dir) = testing::database().await;
        let author: i64 = sqlx::query_scalar("INSERT INTO users (email, display_name, created_at) VALUES ('a@b.fr', 'A', 0) RETURNING id")
            .fetch_one(&db)
            .await
            .unwrap();
        for locked in [true, false] {
            sqlx::query("INSERT INTO threads (title, author_id, locked, created_at, last_activity_at) VALUES ('t', $1, $2, 0, 0)")
                .bind(author)
                .bind(locked)
                .execute(&db)
                .await
                .unwrap();
        }
        let rows: Vec<Row> =
            sqlx::query_as("SELECT CAST(locked AS BOOLEAN) AS locked FROM threads ORDER BY id").fetch_all(&db).await.unwrap();
        assert_eq!(rows.iter().map(|r| r.locked).collect::<Vec<_>>(), [true, false]);
    }

    #[tokio::test]
    async fn the_stored_enums_round_trip_and_refuse_unknown_values() {
        let (db, _dir) = testing::database().await;
        let status: ThreadStatus = sqlx::query_scalar("SELECT CAST($1 AS TEXT)").bind(ThreadStatus::NeedsInfo).fetch_one(&db).await.unwrap();
        assert_eq!(status, ThreadStatus::NeedsInfo);
        let role: Role = sqlx::query_scalar("SELECT CAST('moderator' AS TEXT)").fetch_one(&db).await.unwrap();
        assert_eq!(role, Role::Moderator);
        let kind: TagKind = sqlx::query_scalar("SELECT CAST('standard' AS TEXT)").fetch_one(&db).await.unwrap();
        assert_eq!(kind, TagKind::Standard);
        assert!(sqlx::query_scalar::<_, ThreadStatus>("SELECT CAST('closed' AS TEXT)").fetch_one(&db).await.is_err());
        assert!(sqlx::query_scalar::<_, Role>("SELECT CAST('superuser' AS TEXT)").fetch_one(&db).await.is_err());
    }
}
