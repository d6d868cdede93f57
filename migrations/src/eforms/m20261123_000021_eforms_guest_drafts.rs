//! E-forms: a visitor's answers before signing in. Forms can be filled in without signing in
//! (only submitting needs it), so the answers of a visitor live in a guest draft keyed by a
//! random token in the visitor's cookie (only its hash is stored). Signing in takes the guest
//! draft over into the citizen's own draft; unclaimed guest drafts expire after a day.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn name(text: &str) -> Alias {
    Alias::new(text)
}

fn column(column: &str, kind: fn(&mut ColumnDef) -> &mut ColumnDef) -> ColumnDef {
    let mut def = ColumnDef::new(name(column));
    kind(&mut def);
    def.not_null();
    def.to_owned()
}

fn tenant_fk(column: &str, target: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_form_guest_draft_{column}"))
        .from_tbl(name("form_guest_draft"))
        .from_col(name("municipality_id"))
        .from_col(name(column))
        .to_tbl(name(target))
        .to_col(name("municipality_id"))
        .to_col(name("id"))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(name("form_guest_draft"))
                    .col(column("municipality_id", ColumnDef::integer))
                    .col(column("id", ColumnDef::big_integer))
                    .col(column("token_hash", ColumnDef::string))
                    .col(column("municipal_form_id", ColumnDef::big_integer))
                    .col(column("form_version_id", ColumnDef::big_integer))
                    .col(column("answers", ColumnDef::text))
                    .col(column("created_at", ColumnDef::timestamp_with_time_zone))
                    .col(column("updated_at", ColumnDef::timestamp_with_time_zone))
                    .primary_key(Index::create().col(name("municipality_id")).col(name("id")))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_form_guest_draft_municipality_id")
                            .from_tbl(name("form_guest_draft"))
                            .from_col(name("municipality_id"))
                            .to_tbl(name("municipality"))
                            .to_col(name("id")),
                    )
                    .foreign_key(&mut tenant_fk("municipal_form_id", "municipal_form"))
                    .foreign_key(&mut tenant_fk("form_version_id", "municipal_form_version"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_form_guest_draft_token")
                    .table(name("form_guest_draft"))
                    .col(name("municipality_id"))
                    .col(name("token_hash"))
                    .col(name("municipal_form_id"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            crate::kit::enable_tenant_rls(manager.get_connection(), &["form_guest_draft"]).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(name("form_guest_draft")).to_owned())
            .await
    }
}
