//! `poortwachter`: the command line (README "Command line"; integrators rely on its names).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use cases::timeline::SafetyNet;
use chrono::NaiveDate;
use clap::{ArgAction, Args, Parser, Subcommand};
use gateway::AppState;
use platform::clock::{SharedClock, SystemClock};
use platform::config::Config;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Re-wraps every stored key (tenants' data keys, the log's chain key, the TOTP key) from
    /// the current master key to the one in POORTWACHTER_NEW_MASTER_KEY; no data is
    /// re-encrypted. Then run with the new key as POORTWACHTER_MASTER_KEY.
    RotateMasterKey,
    /// Prints docs/access-policy.md (generated from the policy table).
    PolicyDocs,
    /// Prints docs/configuration.md (generated from the configuration).
    ConfigDocs,
    /// Prints the legal deadlines of one case (no database, no configuration needed).
    Timeline(TimelineArgs),
    /// Fills a fresh database with generated employers and open cases for benchmarks (migrates
    /// first); every generated account's password is printed. Never on production data.
    DemoData {
        /// Employers.
        #[arg(long, default_value_t = 1000)]
        tenants: usize,
        /// Employees over all employers (at least one per case).
        #[arg(long, default_value_t = 1_200_000)]
        employees: usize,
        /// Open cases over all employers.
        #[arg(long, default_value_t = 1_000_000)]
        cases: usize,
        /// Cases of the first, largest employer (the rest share the remainder evenly).
        #[arg(long, default_value_t = 100_000)]
        largest: usize,
    },
    /// Runs one reminder sweep and delivers what is due, then exits: 0 when every due reminder
    /// was delivered or already sent, 1 when some wait for a retry or failed.
    Remind {
        /// One sweep and delivery, then exit (the only mode; the worker runs them continuously).
        #[arg(long)]
        once: bool,
        /// The day to sweep for (YYYY-MM-DD); default today.
        #[arg(long)]
        now: Option<chrono::NaiveDate>,
    },
}

/// `poortwachter timeline`: a what-if on dates (README "Command line").
#[derive(Args)]
struct TimelineArgs {
    /// First sick day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    sick_since: NaiveDate,
    /// First day fit after a period of sickness; repeatable, each paired in order with a
    /// --resick. The last one may stand alone: a final recovery, after which nothing is pending.
    #[arg(long, value_name = "DATE", action = ArgAction::Append)]
    recovered: Vec<NaiveDate>,
    /// First day of the next sickness after the matching --recovered; repeatable.
    #[arg(long, value_name = "DATE", action = ArgAction::Append)]
    resick: Vec<NaiveDate>,
    /// Pregnancy and maternity leave (WAZO), both days inclusive; repeatable. The clock stands
    /// still; the sickness goes on after UNTIL unless a --recovered follows.
    #[arg(long, num_args = 2, value_names = ["FROM", "UNTIL"], action = ArgAction::Append)]
    leave: Vec<NaiveDate>,
    /// When the problem analysis was made (the plan of action is due 2 weeks later).
    #[arg(long, value_name = "DATE")]
    problem_analysis: Option<NaiveDate>,
    /// When the WIA application was made (a late one extends wage payment).
    #[arg(long, value_name = "DATE")]
    wia_applied: Option<NaiveDate>,
    /// The Ziektewet safety net that applies: PREGNANCY, ORGAN_DONATION, NO_RISK_POLICY or
    /// UNDISCLOSED (one applies, the kind is not recorded).
    #[arg(long, value_name = "KIND", value_parser = safety_net_kind)]
    safety_net: Option<SafetyNet>,
    /// The last day of employment, when it ends during the sickness.
    #[arg(long, value_name = "DATE")]
    employment_ends: Option<NaiveDate>,
    /// The employer carries its own Ziektewet risk (eigenrisicodrager).
    #[arg(long)]
    own_risk_carrier: bool,
    /// Voluntary extension of wage payment in weeks (0 for none, else at least 13).
    #[arg(long, value_name = "N", default_value_t = 0)]
    extension_weeks: u32,
    /// Wage sanction in weeks (at most 52).
    #[arg(long, value_name = "N", default_value_t = 0)]
    sanction_weeks: u32,
    /// Reference date: adds each deadline's status as of this day.
    #[arg(long, value_name = "DATE")]
    today: Option<NaiveDate>,
    /// Print the JSON document instead of a Dutch table.
    #[arg(long)]
    json: bool,
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
        Command::Timeline(args) => return timeline(&args),
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

/// What a command ends with: its exit code, or the error `main` reports (exit 1).
type Outcome = Result<ExitCode, Box<dyn std::error::Error>>;

async fn run(command: Command, config: Config) -> Outcome {
    let clock: SharedClock = Arc::new(SystemClock);
    match command {
        Command::Migrate => migrate(config, clock).await,
        Command::Serve {
            demo, no_worker, ..
        } => serve(config, clock, demo, no_worker).await,
        Command::DemoData {
            tenants,
            employees,
            cases,
            largest,
        } => {
            let shape = demo::bench::Shape {
                tenants,
                employees,
                cases,
                largest,
            };
            demo_data(config, clock, shape).await
        }
        Command::Worker => worker(config, clock).await,
        Command::VerifyLog => verify_log(config, clock).await,
        Command::RotateMasterKey => rotate_master_key(config, clock).await,
        Command::Remind { once, now } => remind(config, clock, once, now).await,
        Command::Schema | Command::PolicyDocs | Command::ConfigDocs | Command::Timeline(_) => {
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `poortwachter migrate`.
async fn migrate(config: Config, clock: SharedClock) -> Outcome {
    let state = AppState::init(config, clock, true).await?;
    // The job queue's tables too, so a migration job leaves nothing for workers to do.
    gateway::worker::Queue::open(&state.config).await?;
    println!("migrations applied");
    Ok(ExitCode::SUCCESS)
}

/// `poortwachter serve`: the gateway, with the worker in-process unless `no_worker`.
async fn serve(config: Config, clock: SharedClock, with_demo: bool, no_worker: bool) -> Outcome {
    let state = AppState::init(config, clock, true).await?;
    if with_demo {
        demo::seed(&state.demo_env()).await?;
        println!("{}", demo::accounts_table());
    }
    if !state.config.web_dir.join("index.html").exists() {
        tracing::warn!(dir = %state.config.web_dir.display(), "web app not built; run `make web`");
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    // The queue opens before the gateway listens: a worker that cannot start is a
    // failed start, not a server that silently sends no reminders.
    let queue = match no_worker {
        true => None,
        false => Some(gateway::worker::Queue::open(&state.config).await?),
    };
    let worker = queue.map(|queue| {
        let state = state.clone();
        let mut rx = stop_rx.clone();
        tokio::spawn(async move {
            let stop = async move {
                let _ = rx.wait_for(|stop| *stop).await;
            };
            if let Err(e) = gateway::worker::run(state, queue, stop).await {
                tracing::error!(error = %e, "worker failed");
            }
        })
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
    Ok(ExitCode::SUCCESS)
}

/// `poortwachter demo-data`: generates `shape` and prints what was written.
async fn demo_data(config: Config, clock: SharedClock, shape: demo::bench::Shape) -> Outcome {
    let state = AppState::init(config, clock, true).await?;
    let w = demo::bench::generate(&state.demo_env(), shape, |line| println!("  {line}")).await?;
    println!(
        "{} employers, {} employees, {} open cases ({} open deadlines, {} steps done, {} plans, {} workability advice, {} documents, {} access-log entries) in {:.0} s",
        w.tenants,
        w.employees,
        w.cases,
        w.deadlines,
        w.milestones,
        w.plans,
        w.advice,
        w.documents,
        w.log_entries,
        w.seconds
    );
    println!(
        "log in as {} (the largest employer) or hr@werkgever<N>.bench.example, password {}",
        demo::bench::hr_email(0),
        demo::bench::PASSWORD
    );
    state.db.clone().close().await?;
    Ok(ExitCode::SUCCESS)
}

/// `poortwachter worker`: the background worker until SIGTERM or Ctrl-C.
async fn worker(config: Config, clock: SharedClock) -> Outcome {
    let state = AppState::init(config, clock, false).await?;
    let queue = gateway::worker::Queue::open(&state.config).await?;
    gateway::worker::run(state.clone(), queue, shutdown_signal()).await?;
    state.db.clone().close().await?;
    Ok(ExitCode::SUCCESS)
}

/// `poortwachter verify-log`: exit 1 when a chain is broken.
async fn verify_log(config: Config, clock: SharedClock) -> Outcome {
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
    Ok(ExitCode::SUCCESS)
}

/// `poortwachter rotate-master-key`: exit 2 without a valid POORTWACHTER_NEW_MASTER_KEY.
async fn rotate_master_key(config: Config, clock: SharedClock) -> Outcome {
    let Ok(text) = std::env::var("POORTWACHTER_NEW_MASTER_KEY") else {
        eprintln!(
            "poortwachter: set POORTWACHTER_NEW_MASTER_KEY to the new key (32 bytes, base64)"
        );
        return Ok(ExitCode::from(2));
    };
    let Ok(new) = platform::crypto::MasterKey::from_base64(text.trim()) else {
        eprintln!("poortwachter: POORTWACHTER_NEW_MASTER_KEY: must be 32 bytes in base64");
        return Ok(ExitCode::from(2));
    };
    let key_file = config
        .master_key
        .is_none()
        .then(|| config.data_dir.join("master.key"));
    let old = gateway::keys::master_key(&config)?;
    // Booting once creates any stored key that does not exist yet, under the old key.
    let state = AppState::init(config, clock.clone(), true).await?;
    let n = platform::keyring::rewrap_all(&state.db, &clock, &old, &new).await?;
    println!(
        "{n} keys re-wrapped from master key {} to {}",
        old.fingerprint(),
        new.fingerprint()
    );
    if let Some(path) = key_file {
        // Development: the key lives in the data folder; replace it there.
        std::fs::write(&path, new.to_base64())?;
        println!("{} now holds the new key", path.display());
    } else {
        println!("now set POORTWACHTER_MASTER_KEY to the new key and restart");
    }
    Ok(ExitCode::SUCCESS)
}

/// `poortwachter remind --once`: exit 1 when some reminder waits for a retry or failed, 2
/// without `--once`.
async fn remind(config: Config, clock: SharedClock, once: bool, now: Option<NaiveDate>) -> Outcome {
    if !once {
        eprintln!("poortwachter: use `remind --once` (the worker sends reminders continuously)");
        return Ok(ExitCode::from(2));
    }
    let clock: SharedClock = match now {
        Some(day) => Arc::new(platform::clock::FixedClock::new(
            day.and_time(chrono::Utc::now().time()).and_utc(),
        )),
        None => clock,
    };
    let state = AppState::init(config, clock, true).await?;
    let (swept, delivered) = gateway::worker::remind(&state, true).await?;
    println!(
        "{} deadlines looked at, news for {} people ({} daily digests added), {} reminders alone; {} sent, {} to retry, {} failed, {} no longer due",
        swept.deadlines,
        swept.news,
        swept.digests,
        swept.queued,
        delivered.sent,
        delivered.retrying,
        delivered.failed,
        delivered.cancelled
    );
    state.db.clone().close().await?;
    if delivered.retrying > 0 || delivered.failed > 0 {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints one case's deadlines; exit 2 on input the clock refuses.
fn timeline(args: &TimelineArgs) -> ExitCode {
    use cases::timeline::{ClockInput, Leave, Recovery, Sanction, compute};

    // Only the last --recovered may stand without a --resick (a final recovery).
    let (recovered, resick) = (args.recovered.len(), args.resick.len());
    if resick != recovered && resick + 1 != recovered {
        eprintln!(
            "poortwachter: every --recovered but the last needs a matching --resick (got {recovered} and {resick})"
        );
        return ExitCode::from(2);
    }
    let mut input = ClockInput::new(args.sick_since);
    input.recoveries = args
        .recovered
        .iter()
        .enumerate()
        .map(|(i, recovered_on)| Recovery {
            recovered_on: *recovered_on,
            resick_on: args.resick.get(i).copied(),
        })
        .collect();
    input.leaves = args
        .leave
        .chunks_exact(2)
        .map(|pair| Leave {
            from: pair[0],
            until: pair[1],
        })
        .collect();
    input.extension_weeks = args.extension_weeks;
    input.sanction = (args.sanction_weeks > 0).then(|| Sanction::of_weeks(args.sanction_weeks));
    input.safety_net = args.safety_net;
    input.employment_ends_on = args.employment_ends;
    input.own_risk_carrier = args.own_risk_carrier;
    input.events.problem_analysis_on = args.problem_analysis;
    input.events.wia_application_on = args.wia_applied;
    // Without --today the statuses are left out, so any reference date gives the same output.
    let timeline = match compute(&input, args.today.unwrap_or(args.sick_since)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("poortwachter: {e}");
            return ExitCode::from(2);
        }
    };
    let with_status = args.today.is_some();
    if args.json {
        match serde_json::to_string(&timeline.to_json(with_status)) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("poortwachter: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", timeline.to_table_nl(with_status));
    }
    ExitCode::SUCCESS
}

/// Parses `--safety-net`, naming the kinds when the word is unknown.
fn safety_net_kind(raw: &str) -> Result<SafetyNet, String> {
    use sea_orm::Iterable;
    SafetyNet::parse(raw).ok_or_else(|| {
        let kinds: Vec<&str> = SafetyNet::iter().map(SafetyNet::as_str).collect();
        format!("one of {}", kinds.join(", "))
    })
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
