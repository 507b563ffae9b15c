//! SQL assembled at run time (a list's filters, an `IN (…)` of ids) with
//! numbered placeholders. sqlx's `QueryBuilder<Any>` writes `?`, which
//! PostgreSQL refuses; this writes `$1, $2…`, which both databases accept.

use sqlx::any::{Any, AnyArguments};
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::{Arguments, Encode, Type};

/// Binds owned values only (ids, the domain's enums).
pub struct SqlBuilder {
    sql: String,
    args: AnyArguments<'static>,
}

impl SqlBuilder {
    pub fn new(sql: &str) -> Self {
        Self { sql: sql.to_string(), args: AnyArguments::default() }
    }

    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Binds `value` and writes its placeholder.
    pub fn push_bind<T: Encode<'static, Any> + Type<Any> + 'static>(&mut self, value: T) -> &mut Self {
        self.args.add(value).expect("the any driver encodes its own types");
        self.sql.push('$');
        self.sql.push_str(&self.args.len().to_string());
        self
    }

    /// Binds every value, their placeholders separated by commas (for `IN (…)`).
    pub fn push_binds<T: Encode<'static, Any> + Type<Any> + 'static>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self.push_bind(value);
        }
        self
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn query(&mut self) -> Query<'_, Any, AnyArguments<'_>> {
        sqlx::query_with(&self.sql, std::mem::take(&mut self.args))
    }

    pub fn query_as<O>(&mut self) -> QueryAs<'_, Any, O, AnyArguments<'_>>
    where
        O: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_as_with(&self.sql, std::mem::take(&mut self.args))
    }

    pub fn query_scalar<O>(&mut self) -> QueryScalar<'_, Any, O, AnyArguments<'_>>
    where
        (O,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_scalar_with(&self.sql, std::mem::take(&mut self.args))
    }
}
