//! Migration CLI: `DATABASE_URL=… cargo run -p openasp-migrations -- up|down|status|fresh`.
use sea_orm_migration::prelude::*;

#[tokio::main]
async fn main() {
    cli::run_cli(openasp_migrations::Migrator).await;
}
