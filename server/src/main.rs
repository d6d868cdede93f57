use chrono::Datelike;
use clap::Parser;
use openasp_server::config::{Cli, Command};
use openasp_server::{database, startup::Application, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.config.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.config).await,
        Command::Migrate => migrate(cli.config).await,
        Command::VerifyAudit => verify_audit(cli.config).await,
        Command::SeedRecords {
            municipality,
            documents,
            first_year,
            seed,
        } => seed_records(cli.config, municipality, documents, first_year, seed).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "openasp stopped with an error");
            eprintln!("openasp: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve(
    config: openasp_server::config::Config,
) -> Result<(), openasp_server::error::StartupError> {
    let app = Application::build(config).await?;
    println!("openasp is listening on http://{}", app.local_addr());
    app.run_until_stopped(openasp_server::startup::shutdown_signal())
        .await
}

async fn migrate(
    config: openasp_server::config::Config,
) -> Result<(), openasp_server::error::StartupError> {
    let owner = database::connect_owner(&config).await?;
    database::prepare(&owner).await?;
    if !config.is_sqlite() {
        let app = database::connect(&config).await?;
        database::grant_app_role(&owner, &app).await?;
    }
    println!("database is up to date");
    Ok(())
}

async fn verify_audit(
    config: openasp_server::config::Config,
) -> Result<(), openasp_server::error::StartupError> {
    use openasp_server::error::StartupError;
    let db = database::connect(&config).await?;
    let results = openasp_app::framework::audit::verify_all(&db)
        .await
        .map_err(|e| StartupError::Config(format!("audit verification: {e}")))?;
    let mut broken = 0;
    for (chain, result) in &results {
        match result {
            Ok(entries) => println!("chain {chain}: ok ({entries} entries)"),
            Err(problem) => {
                broken += 1;
                println!("chain {chain}: BROKEN {problem:?}");
            }
        }
    }
    println!("{} chains checked, {broken} broken", results.len());
    if broken > 0 {
        return Err(StartupError::Config(format!(
            "{broken} audit chains are broken"
        )));
    }
    Ok(())
}

async fn seed_records(
    config: openasp_server::config::Config,
    municipality: i32,
    documents: u64,
    first_year: i32,
    seed: u64,
) -> Result<(), openasp_server::error::StartupError> {
    use openasp_app::framework::tenancy::{Actor, SystemPurpose, SystemTx};
    use openasp_app::records::seed::{SeedPlan, seed_municipality};
    use openasp_core::ids::MunicipalityId;
    use openasp_server::error::StartupError;
    let owner = database::connect_owner(&config).await?;
    database::prepare(&owner).await?;
    let db = database::connect(&config).await?;
    if !config.is_sqlite() {
        database::grant_app_role(&owner, &db).await?;
    }
    let started = std::time::Instant::now();
    let fail =
        |e: openasp_core::error::AppError| StartupError::Config(format!("seed-records: {e}"));
    let tx = SystemTx::begin(&db, Actor::system("seed-records"), SystemPurpose::BulkSeed)
        .await
        .map_err(fail)?;
    let last_year = chrono::Utc::now().year();
    let report = seed_municipality(
        &tx,
        MunicipalityId(municipality),
        SeedPlan {
            documents,
            first_year: first_year.min(last_year),
            last_year,
            seed,
        },
    )
    .await
    .map_err(fail)?;
    tx.commit().await.map_err(fail)?;
    // The owner may refresh the statistics of every table (the application role may not).
    openasp_app::records::seed::refresh_statistics(&owner)
        .await
        .map_err(fail)?;
    println!(
        "seeded municipality {municipality}: {} case files, {} documents, {} partners in {:.1} s",
        report.case_files,
        report.documents,
        report.partners,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
