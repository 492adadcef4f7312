//! Shorthands the migrations share for creating indexes and dropping tables.

use sea_orm_migration::prelude::*;

/// Creates the index `name` on `table` over `cols`, in that order.
pub(crate) async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoTableRef,
    cols: impl IntoIterator<Item = impl IntoIden>,
) -> Result<(), DbErr> {
    manager
        .create_index(index_statement(name, table, cols))
        .await
}

/// Creates the unique index `name` on `table` over `cols`, in that order.
pub(crate) async fn unique_index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoTableRef,
    cols: impl IntoIterator<Item = impl IntoIden>,
) -> Result<(), DbErr> {
    manager
        .create_index(index_statement(name, table, cols).unique().to_owned())
        .await
}

/// Drops `tables` one by one, in the given order (dependents first).
pub(crate) async fn drop_tables(
    manager: &SchemaManager<'_>,
    tables: &[&(dyn Iden + Sync)],
) -> Result<(), DbErr> {
    for table in tables {
        manager
            .drop_table(Table::drop().table(table.to_string()).to_owned())
            .await?;
    }
    Ok(())
}

/// `CREATE INDEX name ON table (cols...)`, not yet unique.
fn index_statement(
    name: &str,
    table: impl IntoTableRef,
    cols: impl IntoIterator<Item = impl IntoIden>,
) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for col in cols {
        statement.col(col);
    }
    statement
}
