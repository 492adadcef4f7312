//! Named leases (`instance_leases`): a job that must run in one instance at a time (the mail
//! worker and its scheduler) is done only by the holder of its lease. The holder renews it;
//! when the holder dies the lease expires and another instance takes it over. Each step is one
//! atomic statement, so it works the same on SQLite (writers serialised) and on PostgreSQL (a
//! racing `UPDATE` re-checks its `WHERE` on the row it waited for).

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set, TryInsertResult,
};

use crate::db::entities::instance_leases;

/// The lease of the mail worker and scheduler.
pub const MAIL_WORKER: &str = "mail-worker";

/// One instance's handle on a named lease.
#[derive(Clone, Debug)]
pub struct Lease {
    db: DatabaseConnection,
    name: String,
    holder: String,
    ttl: Duration,
}

impl Lease {
    /// `holder` names this instance (shown in `instance_leases.holder`); `ttl` is how long a
    /// lease lasts unless renewed.
    pub fn new(db: DatabaseConnection, name: &str, holder: &str, ttl: Duration) -> Self {
        Self {
            db,
            name: name.to_owned(),
            holder: holder.to_owned(),
            ttl,
        }
    }

    /// This instance's name.
    pub fn holder(&self) -> &str {
        &self.holder
    }

    /// Renews the lease if this instance holds it, takes it if it is free or expired; `true`
    /// when this instance holds it afterwards (until `now + ttl`).
    pub async fn acquire(&self, now: DateTime<Utc>) -> Result<bool, DbErr> {
        use instance_leases::Column as C;
        let until = now + self.ttl;
        let renewed = instance_leases::Entity::update_many()
            .col_expr(C::ExpiresAt, Expr::value(until))
            .filter(C::Name.eq(self.name.as_str()))
            .filter(C::Holder.eq(self.holder.as_str()))
            .exec(&self.db)
            .await?;
        if renewed.rows_affected == 1 {
            return Ok(true);
        }
        let taken = instance_leases::Entity::update_many()
            .col_expr(C::Holder, Expr::value(self.holder.as_str()))
            .col_expr(C::AcquiredAt, Expr::value(now))
            .col_expr(C::ExpiresAt, Expr::value(until))
            .filter(C::Name.eq(self.name.as_str()))
            .filter(C::ExpiresAt.lt(now))
            .exec(&self.db)
            .await?;
        if taken.rows_affected == 1 {
            tracing::info!(lease = %self.name, holder = %self.holder, "took over an expired lease");
            return Ok(true);
        }
        let inserted = instance_leases::Entity::insert(instance_leases::ActiveModel {
            name: Set(self.name.clone()),
            holder: Set(self.holder.clone()),
            acquired_at: Set(now),
            expires_at: Set(until),
        })
        .on_conflict(OnConflict::column(C::Name).do_nothing().to_owned())
        .try_insert()
        .exec_without_returning(&self.db)
        .await?;
        Ok(matches!(inserted, TryInsertResult::Inserted(1)))
    }

    /// Gives the lease up (if this instance holds it), so another may take it at once.
    pub async fn release(&self) -> Result<(), DbErr> {
        instance_leases::Entity::delete_many()
            .filter(instance_leases::Column::Name.eq(self.name.as_str()))
            .filter(instance_leases::Column::Holder.eq(self.holder.as_str()))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Who holds the lease now, and until when (`None`: nobody).
    pub async fn current(&self) -> Result<Option<instance_leases::Model>, DbErr> {
        instance_leases::Entity::find_by_id(self.name.clone())
            .one(&self.db)
            .await
    }
}
