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
