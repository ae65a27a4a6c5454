//! `poortwachter`: the command line of API-CONTRACT.md.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use gateway::AppState;
use platform::clock::SystemClock;
use platform::config::Config;

#[derive(Parser)]
#[command(
    name = "poortwachter",
    version,
    about = "Sickness absence and re-integration case management (Wet verbetering Poortwachter)"
)]
struct Cli {
    /// TOML configuration file (also POORTWACHTER_CONFIG).
    #[arg(long, global = true, env = "POORTWACHTER_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the gateway and (unless --no-worker) an in-process worker; migrates first.
    Serve {
        /// Seed the demo tenant (idempotent) and print the demo accounts.
        #[arg(long)]
        demo: bool,
        /// Listen address (overrides POORTWACHTER_LISTEN).
        #[arg(long)]
        listen: Option<SocketAddr>,
        /// Do not run the worker in this process (when `poortwachter worker` runs separately).
        #[arg(long)]
        no_worker: bool,
    },
    /// Runs only the background worker.
    Worker,
    /// Applies the database migrations and exits.
    Migrate,
    /// Prints the GraphQL SDL.
    Schema,
    /// Checks the access log's hash chains; exit 1 with the first bad entry when tampered.
    VerifyLog,
    /// Prints docs/access-policy.md (generated from the policy table).
    PolicyDocs,
    /// Prints docs/configuration.md (generated from the configuration).
    ConfigDocs,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Schema => {
            print!("{}", gateway::schema::sdl());
            return ExitCode::SUCCESS;
        }
        Command::PolicyDocs => {
            print!("{}", platform::access::markdown());
            return ExitCode::SUCCESS;
        }
        Command::ConfigDocs => {
            print!("{}", Config::markdown());
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let mut config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("poortwachter: {e}");
            return ExitCode::from(2);
        }
    };
    if let Command::Serve {
        listen: Some(addr), ..
    } = &cli.command
    {
        config.listen = *addr;
    }
    gateway::telemetry::init(&config);
    match run(cli.command, config).await {
        Ok(code) => code,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("poortwachter: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let clock = Arc::new(SystemClock);
    match command {
        Command::Migrate => {
            AppState::init(config, clock, true).await?;
            println!("migrations applied");
        }
        Command::Serve {
            demo, no_worker, ..
        } => {
            let state = AppState::init(config, clock, true).await?;
            if demo {
                gateway::demo::seed(&state).await?;
                println!("{}", gateway::demo::accounts_table());
            }
            if !state.config.web_dir.join("index.html").exists() {
                tracing::warn!(dir = %state.config.web_dir.display(), "web app not built; run `make web`");
            }
            let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
            let worker = (!no_worker).then(|| {
                let state = state.clone();
                let mut rx = stop_rx.clone();
                tokio::spawn(gateway::worker::run(state, async move {
                    let _ = rx.wait_for(|stop| *stop).await;
                }))
            });
            let listener = tokio::net::TcpListener::bind(state.config.listen).await?;
            let addr = listener.local_addr()?;
            tracing::info!(%addr, "listening");
            println!("Poortwachter listens on http://{addr}");
            let app = gateway::http::router(state.clone());
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown_signal())
            .await?;
            let _ = stop_tx.send(true);
            if let Some(worker) = worker {
                let _ = worker.await;
            }
            state.db.clone().close().await?;
            tracing::info!("stopped");
        }
        Command::Worker => {
            let state = AppState::init(config, clock, false).await?;
            gateway::worker::run(state.clone(), shutdown_signal()).await;
            state.db.clone().close().await?;
        }
        Command::VerifyLog => {
            let state = AppState::init(config, clock, false).await?;
            let report = state.log.verify().await?;
            println!(
                "{} entries in {} chains checked",
                report.entries,
                report.heads.len()
            );
            for (tenant, seq, hash) in &report.heads {
                println!("  chain {tenant}: {seq} entries, head {hash}");
            }
            if let Some(b) = report.first_break {
                println!(
                    "TAMPERED: chain {} entry {} (id {}): {}",
                    b.tenant_id, b.seq, b.id, b.problem
                );
                return Ok(ExitCode::FAILURE);
            }
            println!("access log intact");
        }
        Command::Schema | Command::PolicyDocs | Command::ConfigDocs => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves on SIGTERM (orchestrators) or Ctrl-C (people).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
