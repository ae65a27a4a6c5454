//! Helpers shared by the migrations, so every table follows the same naming.

use sea_orm_migration::prelude::*;

/// A foreign key `fk_<table>_<column>` to `<to>.id`, restricting deletes unless changed.
pub fn fk(
    table: &'static str,
    column: &'static str,
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(table, column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

/// An index `ix_<table>_<name>` on `columns` in order.
pub fn index(
    table: &'static str,
    name: &str,
    columns: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(format!("ix_{table}_{name}")).table(table);
    for c in columns {
        idx.col(*c);
    }
    if unique {
        idx.unique();
    }
    idx.take()
}

/// Drops the index `ix_<table>_<name>` (as [`index`] named it).
pub fn drop_index(table: &'static str, name: &str) -> IndexDropStatement {
    Index::drop()
        .name(format!("ix_{table}_{name}"))
        .table(table)
        .to_owned()
}

/// A table about a case: `id`, `tenant_id`, `case_id` with their foreign keys (the case's
/// cascading), the tenant-leading index ordered by `order_col`, and the global `case` index the
/// cascade uses.
pub async fn case_table(
    m: &SchemaManager<'_>,
    table: &'static str,
    columns: Vec<ColumnDef>,
    order_col: &'static str,
) -> Result<(), DbErr> {
    case_table_with(m, table, columns, order_col, vec![]).await
}

/// [`case_table`] with more foreign keys (SQLite cannot add one to an existing table).
pub async fn case_table_with(
    m: &SchemaManager<'_>,
    table: &'static str,
    columns: Vec<ColumnDef>,
    order_col: &'static str,
    mut foreign_keys: Vec<ForeignKeyCreateStatement>,
) -> Result<(), DbErr> {
    use sea_orm_migration::schema::{pk_uuid, uuid};
    let mut t = Table::create();
    t.table(table)
        .col(pk_uuid("id"))
        .col(uuid("tenant_id"))
        .col(uuid("case_id"));
    for mut c in columns {
        t.col(&mut c);
    }
    t.foreign_key(&mut fk(table, "tenant_id", "organisations"))
        .foreign_key(
            &mut fk(table, "case_id", "cases")
                .on_delete(ForeignKeyAction::Cascade)
                .take(),
        );
    for key in &mut foreign_keys {
        t.foreign_key(key);
    }
    m.create_table(t.take()).await?;
    m.create_index(index(
        table,
        "tenant_case",
        &["tenant_id", "case_id", order_col],
        false,
    ))
    .await?;
    m.create_index(index(table, "case", &["case_id"], false))
        .await?;
    Ok(())
}

/// Adds columns to an existing table, one ALTER TABLE each (SQLite adds one per statement).
pub async fn add_columns(
    m: &SchemaManager<'_>,
    table: &'static str,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for mut column in columns {
        m.alter_table(Table::alter().table(table).add_column(&mut column).take())
            .await?;
    }
    Ok(())
}

/// Drops columns of a table, one ALTER TABLE each.
pub async fn drop_columns(
    m: &SchemaManager<'_>,
    table: &'static str,
    columns: &[&'static str],
) -> Result<(), DbErr> {
    for column in columns {
        m.alter_table(Table::alter().table(table).drop_column(*column).take())
            .await?;
    }
    Ok(())
}

/// Row-level security for tables with `tenant_id` created after migration 11: the same
/// `tenant_isolation` policy for the role `poortwachter_tenant` (PostgreSQL only; SQLite has
/// none).
pub async fn tenant_isolation(m: &SchemaManager<'_>, tables: &[&str]) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
    if m.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let db = m.get_connection();
    for t in tables {
        db.execute_unprepared(&format!(
            "ALTER TABLE {t} ENABLE ROW LEVEL SECURITY; \
             CREATE POLICY tenant_isolation ON {t} TO poortwachter_tenant \
             USING (tenant_id = NULLIF(current_setting('poortwachter.tenant_id', true), '')::uuid) \
             WITH CHECK (tenant_id = NULLIF(current_setting('poortwachter.tenant_id', true), '')::uuid)"
        ))
        .await?;
    }
    Ok(())
}
