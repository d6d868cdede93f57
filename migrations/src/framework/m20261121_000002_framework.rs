//! The framework (KERET): connection status of municipalities, clerk accounts, sessions,
//! role grants and substitutions per municipality, and the hash-chained audit log.
//!
//! Tenant tables (`role_grant`, `substitution`, `audit_log`, `audit_chain_head`) lead their
//! primary keys with `municipality_id`. On PostgreSQL they get row-level security, forced
//! also on the owner: a row is visible only while the transaction's `openasp.municipality_id`
//! setting names its municipality (or an audited system handle set `openasp.system_access`);
//! a user may also read their own grants (`openasp.user_id`) to find where they can act.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// This migration's tenant tables, protected by row-level security on PostgreSQL.
pub const FRAMEWORK_TENANT_TABLES: &[&str] = &[
    "role_grant",
    "substitution",
    "audit_chain_head",
    "audit_log",
];

#[derive(DeriveIden)]
enum Municipality {
    Table,
    Id,
    ConnectionStatus,
    PreparationOn,
    ConnectionOn,
    LiveOn,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    Username,
    DisplayName,
    Email,
    PasswordHash,
    TotpSecret,
    TotpEnabled,
    TotpLastStep,
    FailedLogins,
    LockedUntil,
    IsActive,
    CreatedAt,
    PasswordChangedAt,
}

#[derive(DeriveIden)]
enum PlatformRoleGrant {
    Table,
    UserId,
    Role,
    GrantedBy,
    GrantedAt,
}

#[derive(DeriveIden)]
enum UserSession {
    Table,
    Id,
    UserId,
    MunicipalityId,
    Stage,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    Ip,
    UserAgent,
}

#[derive(DeriveIden)]
enum RoleGrant {
    Table,
    MunicipalityId,
    Id,
    UserId,
    Role,
    ValidFrom,
    ValidUntil,
    GrantedBy,
    GrantedAt,
    RevokedAt,
    RevokedBy,
}

#[derive(DeriveIden)]
enum Substitution {
    Table,
    MunicipalityId,
    Id,
    AbsentUserId,
    SubstituteUserId,
    Role,
    ValidFrom,
    ValidUntil,
    CreatedBy,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuditChainHead {
    Table,
    MunicipalityId,
    LastSeq,
    LastHash,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    MunicipalityId,
    Seq,
    OccurredAt,
    ActorUserId,
    ActorName,
    Action,
    ObjectType,
    ObjectId,
    Summary,
    Ip,
    RequestId,
    PrevHash,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            ColumnDef::new(Municipality::ConnectionStatus)
                .string()
                .not_null()
                .default("preparation")
                .to_owned(),
            ColumnDef::new(Municipality::PreparationOn)
                .date()
                .null()
                .to_owned(),
            ColumnDef::new(Municipality::ConnectionOn)
                .date()
                .null()
                .to_owned(),
            ColumnDef::new(Municipality::LiveOn)
                .date()
                .null()
                .to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Municipality::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .col(
                        ColumnDef::new(AppUser::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AppUser::Username)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(AppUser::DisplayName).string().not_null())
                    .col(ColumnDef::new(AppUser::Email).string().null())
                    .col(ColumnDef::new(AppUser::PasswordHash).string().not_null())
                    .col(ColumnDef::new(AppUser::TotpSecret).string().null())
                    .col(
                        ColumnDef::new(AppUser::TotpEnabled)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    // The last accepted one-time code's time step: a code is never accepted twice.
                    .col(ColumnDef::new(AppUser::TotpLastStep).big_integer().null())
                    .col(
                        ColumnDef::new(AppUser::FailedLogins)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(AppUser::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(AppUser::IsActive)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        ColumnDef::new(AppUser::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AppUser::PasswordChangedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlatformRoleGrant::Table)
                    .col(
                        ColumnDef::new(PlatformRoleGrant::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PlatformRoleGrant::Role).string().not_null())
                    .col(
                        ColumnDef::new(PlatformRoleGrant::GrantedBy)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(PlatformRoleGrant::GrantedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(PlatformRoleGrant::UserId)
                            .col(PlatformRoleGrant::Role),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_platform_role_grant_user")
                            .from(PlatformRoleGrant::Table, PlatformRoleGrant::UserId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserSession::Table)
                    // SHA-256 of the cookie token: a leaked table does not leak sessions.
                    .col(
                        ColumnDef::new(UserSession::Id)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(UserSession::UserId).big_integer().not_null())
                    .col(ColumnDef::new(UserSession::MunicipalityId).integer().null())
                    .col(ColumnDef::new(UserSession::Stage).string().not_null())
                    .col(
                        ColumnDef::new(UserSession::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UserSession::LastSeenAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UserSession::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(UserSession::Ip).string().null())
                    .col(ColumnDef::new(UserSession::UserAgent).string().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_session_user")
                            .from(UserSession::Table, UserSession::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_user_session_user")
                    .table(UserSession::Table)
                    .col(UserSession::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RoleGrant::Table)
                    .col(
                        ColumnDef::new(RoleGrant::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(RoleGrant::Id).big_integer().not_null())
                    .col(ColumnDef::new(RoleGrant::UserId).big_integer().not_null())
                    .col(ColumnDef::new(RoleGrant::Role).string().not_null())
                    .col(
                        ColumnDef::new(RoleGrant::ValidFrom)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RoleGrant::ValidUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(RoleGrant::GrantedBy).big_integer().null())
                    .col(
                        ColumnDef::new(RoleGrant::GrantedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RoleGrant::RevokedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(RoleGrant::RevokedBy).big_integer().null())
                    .primary_key(
                        Index::create()
                            .col(RoleGrant::MunicipalityId)
                            .col(RoleGrant::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_role_grant_municipality")
                            .from(RoleGrant::Table, RoleGrant::MunicipalityId)
                            .to(Municipality::Table, Municipality::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_role_grant_user")
                            .from(RoleGrant::Table, RoleGrant::UserId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_role_grant_user")
                    .table(RoleGrant::Table)
                    .col(RoleGrant::MunicipalityId)
                    .col(RoleGrant::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Substitution::Table)
                    .col(
                        ColumnDef::new(Substitution::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Substitution::Id).big_integer().not_null())
                    .col(
                        ColumnDef::new(Substitution::AbsentUserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Substitution::SubstituteUserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Substitution::Role).string().not_null())
                    .col(
                        ColumnDef::new(Substitution::ValidFrom)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Substitution::ValidUntil)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Substitution::CreatedBy)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Substitution::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Substitution::RevokedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(Substitution::MunicipalityId)
                            .col(Substitution::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_substitution_municipality")
                            .from(Substitution::Table, Substitution::MunicipalityId)
                            .to(Municipality::Table, Municipality::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_substitution_absent_user")
                            .from(Substitution::Table, Substitution::AbsentUserId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_substitution_substitute_user")
                            .from(Substitution::Table, Substitution::SubstituteUserId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;

        // The audit log belongs to a municipality's chain; chain 0 is the platform's own.
        // No foreign keys: the log must outlive whatever it mentions.
        manager
            .create_table(
                Table::create()
                    .table(AuditChainHead::Table)
                    .col(
                        ColumnDef::new(AuditChainHead::MunicipalityId)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AuditChainHead::LastSeq)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AuditChainHead::LastHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(
                        ColumnDef::new(AuditLog::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(AuditLog::Seq).big_integer().not_null())
                    .col(
                        ColumnDef::new(AuditLog::OccurredAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(AuditLog::ActorUserId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::ActorName).string().not_null())
                    .col(ColumnDef::new(AuditLog::Action).string().not_null())
                    .col(ColumnDef::new(AuditLog::ObjectType).string().not_null())
                    .col(ColumnDef::new(AuditLog::ObjectId).string().null())
                    .col(ColumnDef::new(AuditLog::Summary).text().not_null())
                    .col(ColumnDef::new(AuditLog::Ip).string().null())
                    .col(ColumnDef::new(AuditLog::RequestId).string().null())
                    .col(ColumnDef::new(AuditLog::PrevHash).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLog::Hash).string_len(64).not_null())
                    .primary_key(
                        Index::create()
                            .col(AuditLog::MunicipalityId)
                            .col(AuditLog::Seq),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_time")
                    .table(AuditLog::Table)
                    .col(AuditLog::MunicipalityId)
                    .col(AuditLog::OccurredAt)
                    .to_owned(),
            )
            .await?;

        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            crate::kit::enable_tenant_rls(db, FRAMEWORK_TENANT_TABLES).await?;
            // A signed-in user may read their own grants and substitutions in every
            // municipality (to list where they can act), but never write them elsewhere.
            db.execute_unprepared(
                "CREATE POLICY own_grants ON role_grant FOR SELECT
                   USING (user_id = NULLIF(current_setting('openasp.user_id', true), '')::bigint);
                 CREATE POLICY own_substitutions ON substitution FOR SELECT
                   USING (substitute_user_id = NULLIF(current_setting('openasp.user_id', true), '')::bigint);",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "audit_log",
            "audit_chain_head",
            "substitution",
            "role_grant",
            "user_session",
            "platform_role_grant",
            "app_user",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        for column in [
            Municipality::ConnectionStatus,
            Municipality::PreparationOn,
            Municipality::ConnectionOn,
            Municipality::LiveOn,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Municipality::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
