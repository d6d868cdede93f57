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
