//! Column values read as domain types: a status, category, role or time zone the database holds
//! that qiao does not know is an error on the query, never a silent `Draft`, `News` or UTC
//! (vaultwarden's `impl_FromToSqlText!`, on both backends through diesel's generic `FromSql`).
//! Values are written with their `as_str()`/`name()`.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::sql_types::Text;

use crate::domain::{Category, Role, Status, TimeZone};

macro_rules! from_text {
    ($($ty:ty => $parse:expr),* $(,)?) => {$(
        impl<DB> FromSql<Text, DB> for $ty
        where
            DB: Backend,
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let text = String::from_sql(bytes)?;
                let parse: fn(&str) -> Result<$ty, crate::error::Msg> = $parse;
                parse(&text).map_err(|why| {
                    format!(
                        "the database holds {text:?} where a {} belongs: {}",
                        stringify!($ty),
                        crate::error::en(&why)
                    )
                    .into()
                })
            }
        }

        // What `#[derive(FromSqlRow)]` would write: the value is its own row.
        impl<DB> Queryable<Text, DB> for $ty
        where
            DB: Backend,
            Self: FromSql<Text, DB>,
        {
            type Row = Self;

            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }
    )*};
}

from_text!(
    Status => |s| s.parse(),
    Category => |s| s.parse(),
    Role => |s| s.parse(),
    TimeZone => TimeZone::parse,
);
