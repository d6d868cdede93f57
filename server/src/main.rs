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
    let db = database::connect(&config).await?;
    database::prepare(&db).await?;
    println!("database is up to date");
    Ok(())
}
