//! E-forms (issue 6): central form templates and their versions (national), citizens and
//! their portal sessions and pending OpenID Connect sign-ins (national, like accounts), and
//! per municipality: adopted forms, their published versions, drafts, uploads, submissions,
//! public status notes and recorded authorisations to act for someone else.
use sea_orm_migration::prelude::*;

use crate::kit::{column, fk, name, tenant_fk, tenant_table};
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// In creation order.
pub(crate) const EFORMS_TENANT_TABLES: &[&str] = &[
    "municipal_form",
    "municipal_form_version",
    "form_draft",
    "form_upload",
    "form_submission",
    "form_status_note",
    "citizen_mandate",
];

const NATIONAL_TABLES: &[&str] = &[
    "form_template",
    "form_template_version",
    "citizen",
    "citizen_session",
    "oidc_login",
];

fn index(index: &str, table: &str, columns: &[&str], unique: bool) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(index).table(name(table));
    for c in columns {
        statement.col(name(c));
    }
    if unique {
        statement.unique();
    }
    statement.to_owned()
}

fn national_table(
    table: &str,
    id: ColumnDef,
    columns: Vec<ColumnDef>,
    keys: Vec<ForeignKeyCreateStatement>,
) -> TableCreateStatement {
    let mut statement = Table::create();
    let mut id = id;
    statement.table(name(table)).col(id.primary_key());
    for mut c in columns {
        statement.col(&mut c);
    }
    for mut key in keys {
        statement.foreign_key(&mut key);
    }
    statement.to_owned()
}

type Kind = fn(&mut ColumnDef) -> &mut ColumnDef;
const BIG: Kind = ColumnDef::big_integer;
const INT: Kind = ColumnDef::integer;
const STR: Kind = ColumnDef::string;
const TEXT: Kind = ColumnDef::text;
const TS: Kind = ColumnDef::timestamp_with_time_zone;
const BOOL: Kind = ColumnDef::boolean;
const BLOB: Kind = ColumnDef::blob;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let c = column;
        // National: the operator's central templates.
        manager
            .create_table(national_table(
                "form_template",
                c("id", BIG, false),
                vec![
                    c("code", STR, false),
                    c("category", STR, false),
                    c("title", STR, false),
                    c("latest_version", INT, false),
                    c("created_at", TS, false),
                ],
                vec![],
            ))
            .await?;
        manager
            .create_index(index(
                "ux_form_template_code",
                "form_template",
                &["code"],
                true,
            ))
            .await?;
        // A published version is never changed: municipalities pin the one they adopted.
        manager
            .create_table(national_table(
                "form_template_version",
                c("id", BIG, false),
                vec![
                    c("template_id", BIG, false),
                    c("version", INT, false),
                    c("definition", TEXT, false),
                    c("change_note", TEXT, true),
                    c("published_at", TS, false),
                ],
                vec![fk(
                    "form_template_version",
                    &["template_id"],
                    "form_template",
                    &["id"],
                )],
            ))
            .await?;
        manager
            .create_index(index(
                "ux_form_template_version",
                "form_template_version",
                &["template_id", "version"],
                true,
            ))
            .await?;
        // National: a citizen is one person for every municipality (like an account).
        manager
            .create_table(national_table(
                "citizen",
                c("id", BIG, false),
                vec![
                    c("issuer", STR, false),
                    c("subject", STR, false),
                    c("family_name", STR, false),
                    c("given_name", STR, false),
                    c("birth_name", STR, true),
                    c("mother_birth_name", STR, true),
                    c("birth_place", STR, true),
                    c("birth_date", STR, true),
                    c("email", STR, true),
                    c("terms_accepted_at", TS, false),
                    c("created_at", TS, false),
                    c("last_login_at", TS, false),
                ],
                vec![],
            ))
            .await?;
        manager
            .create_index(index(
                "ux_citizen_subject",
                "citizen",
                &["issuer", "subject"],
                true,
            ))
            .await?;
        manager
            .create_table(national_table(
                "citizen_session",
                c("id", STR, false),
                vec![
                    c("citizen_id", BIG, false),
                    c("created_at", TS, false),
                    c("last_seen_at", TS, false),
                    c("expires_at", TS, false),
                ],
                vec![fk("citizen_session", &["citizen_id"], "citizen", &["id"])],
            ))
            .await?;
        // A sign-in under way: the state, PKCE verifier and nonce of one authorization
        // request, and (after the provider answered) the verified identity awaiting the
        // acceptance of the terms on a first visit.
        manager
            .create_table(national_table(
                "oidc_login",
                c("state", STR, false),
                vec![
                    c("pkce_verifier", STR, false),
                    c("nonce", STR, false),
                    c("return_to", STR, false),
                    c("created_at", TS, false),
                    c("identity", TEXT, true),
                ],
                vec![],
            ))
            .await?;

        // Tenant: a municipality's adoption of a central template.
        manager
            .create_table(tenant_table(
                "municipal_form",
                vec![
                    c("template_id", BIG, false),
                    c("template_version_id", BIG, false),
                    c("adjustments", TEXT, false),
                    c("routing_unit_id", BIG, true),
                    c("routing_user_id", BIG, true),
                    c("routing_case_category_id", BIG, true),
                    c("published_version_id", BIG, true),
                    c("published", BOOL, false),
                    c("created_at", TS, false),
                    c("updated_at", TS, false),
                ],
                vec![
                    fk("municipal_form", &["template_id"], "form_template", &["id"]),
                    fk(
                        "municipal_form",
                        &["template_version_id"],
                        "form_template_version",
                        &["id"],
                    ),
                    tenant_fk("municipal_form", "routing_unit_id", "org_unit"),
                    tenant_fk(
                        "municipal_form",
                        "routing_case_category_id",
                        "case_category",
                    ),
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "ux_municipal_form_template",
                "municipal_form",
                &["municipality_id", "template_id"],
                true,
            ))
            .await?;
        // What a citizen fills in and submits: immutable once written.
        manager
            .create_table(tenant_table(
                "municipal_form_version",
                vec![
                    c("municipal_form_id", BIG, false),
                    c("version", INT, false),
                    c("template_version_id", BIG, false),
                    c("definition", TEXT, false),
                    c("adjustments", TEXT, false),
                    c("published_at", TS, false),
                    c("published_by", BIG, true),
                ],
                vec![
                    tenant_fk(
                        "municipal_form_version",
                        "municipal_form_id",
                        "municipal_form",
                    ),
                    fk(
                        "municipal_form_version",
                        &["template_version_id"],
                        "form_template_version",
                        &["id"],
                    ),
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "ux_municipal_form_version",
                "municipal_form_version",
                &["municipality_id", "municipal_form_id", "version"],
                true,
            ))
            .await?;
        manager
            .create_table(tenant_table(
                "form_draft",
                vec![
                    c("citizen_id", BIG, false),
                    c("municipal_form_id", BIG, false),
                    c("form_version_id", BIG, false),
                    c("answers", TEXT, false),
                    c("created_at", TS, false),
                    c("updated_at", TS, false),
                ],
                vec![
                    fk("form_draft", &["citizen_id"], "citizen", &["id"]),
                    tenant_fk("form_draft", "municipal_form_id", "municipal_form"),
                    tenant_fk("form_draft", "form_version_id", "municipal_form_version"),
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "ux_form_draft_citizen",
                "form_draft",
                &["municipality_id", "citizen_id", "municipal_form_id"],
                true,
            ))
            .await?;
        manager
            .create_table(tenant_table(
                "form_upload",
                vec![
                    c("citizen_id", BIG, false),
                    c("field_path", STR, false),
                    c("file_name", STR, false),
                    c("content_type", STR, false),
                    c("size", BIG, false),
                    c("sha256", STR, false),
                    c("content", BLOB, false),
                    c("created_at", TS, false),
                ],
                vec![fk("form_upload", &["citizen_id"], "citizen", &["id"])],
            ))
            .await?;
        manager
            .create_table(tenant_table(
                "form_submission",
                vec![
                    c("citizen_id", BIG, false),
                    c("municipal_form_id", BIG, false),
                    c("form_version_id", BIG, false),
                    c("answers", TEXT, false),
                    c("on_behalf_of", STR, true),
                    c("registry_number", STR, false),
                    c("case_file_id", BIG, false),
                    c("document_id", BIG, false),
                    c("status", STR, false),
                    c("submitted_at", TS, false),
                    c("updated_at", TS, false),
                ],
                vec![
                    fk("form_submission", &["citizen_id"], "citizen", &["id"]),
                    tenant_fk("form_submission", "municipal_form_id", "municipal_form"),
                    tenant_fk(
                        "form_submission",
                        "form_version_id",
                        "municipal_form_version",
                    ),
                    tenant_fk("form_submission", "case_file_id", "case_file"),
                    tenant_fk("form_submission", "document_id", "document"),
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_form_submission_citizen",
                "form_submission",
                &["municipality_id", "citizen_id", "submitted_at"],
                false,
            ))
            .await?;
        manager
            .create_table(tenant_table(
                "form_status_note",
                vec![
                    c("submission_id", BIG, false),
                    c("status", STR, false),
                    c("note", TEXT, true),
                    c("at", TS, false),
                    c("user_id", BIG, true),
                ],
                vec![tenant_fk(
                    "form_status_note",
                    "submission_id",
                    "form_submission",
                )],
            ))
            .await?;
        manager
            .create_table(tenant_table(
                "citizen_mandate",
                vec![
                    c("citizen_id", BIG, false),
                    c("represented_kind", STR, false),
                    c("represented_name", STR, false),
                    c("represented_identifier", STR, false),
                    c("recorded_by", BIG, true),
                    c("recorded_at", TS, false),
                    c("revoked_at", TS, true),
                ],
                vec![fk("citizen_mandate", &["citizen_id"], "citizen", &["id"])],
            ))
            .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            crate::kit::enable_tenant_rls(manager.get_connection(), EFORMS_TENANT_TABLES).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in EFORMS_TENANT_TABLES
            .iter()
            .rev()
            .chain(NATIONAL_TABLES.iter().rev())
        {
            manager
                .drop_table(Table::drop().table(name(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
