//! The command line as operators and CI use it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_poortwachter"))
}

#[test]
fn the_committed_web_schema_is_current() {
    let out = bin().arg("schema").output().unwrap();
    assert!(out.status.success());
    let sdl = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../web/schema.graphql"
    ))
    .unwrap_or_default();
    assert!(
        committed == sdl,
        "web/schema.graphql is stale: run `make schema` and rebuild the web app"
    );
    for name in [
        "login(",
        "refresh(",
        "logout",
        "me:",
        "enrollTotp",
        "confirmTotp",
        "inviteUser(",
        "acceptInvitation(",
        "createEmployee(",
        "employees(",
        "engageProvider(",
    ] {
        assert!(
            sdl.contains(name),
            "contract name {name} missing from the schema"
        );
    }
}

#[test]
fn bad_configuration_stops_start_up_with_the_variable_named() {
    let dir = std::env::temp_dir().join(format!("pw-cli-{}", std::process::id()));
    let out = bin()
        .args(["migrate"])
        .env("POORTWACHTER_DATA_DIR", &dir)
        .env("POORTWACHTER_DATABASE_URL", "mysql://nope")
        .env("POORTWACHTER_LISTEN", "not-an-address")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("POORTWACHTER_DATABASE_URL") || err.contains("invalid socket address"),
        "{err}"
    );
}

#[test]
fn verify_log_finds_a_tampered_row_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("pw-cli-log-{}-{}", std::process::id(), line!()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}/p.db?mode=rwc", dir.display());
    let run = |args: &[&str]| {
        bin()
            .args(args)
            .env("POORTWACHTER_DATA_DIR", &dir)
            .env("POORTWACHTER_DATABASE_URL", &db)
            .env("POORTWACHTER_LOG_FILTER", "error")
            .output()
            .unwrap()
    };
    assert!(run(&["migrate"]).status.success());
    // Write a few entries through the real appender, then tamper with one with plain SQL.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let config = platform::config::Config {
            data_dir: dir.clone(),
            database_url: db.clone(),
            ..platform::config::Config::default()
        };
        let state = gateway::AppState::init(
            config,
            std::sync::Arc::new(platform::clock::SystemClock),
            false,
        )
        .await
        .unwrap();
        for i in 0..3 {
            state
                .log
                .record(
                    &platform::Actor::Anonymous,
                    &platform::RequestMeta::default(),
                    platform::audit::AccessEvent {
                        tenant_id: uuid::Uuid::from_u128(7),
                        subject_employee_id: None,
                        resource_type: "test",
                        resource_id: Some(i.to_string()),
                        action: platform::access::Action::Read,
                        outcome: platform::audit::Outcome::Denied,
                        detail: None,
                    },
                )
                .await
                .unwrap();
        }
        let ok = run(&["verify-log"]);
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stdout)
        );
        use sea_orm::ConnectionTrait;
        state
            .db
            .execute_unprepared("UPDATE access_log SET outcome = 'ALLOWED' WHERE seq = 2")
            .await
            .unwrap();
    });
    let bad = run(&["verify-log"]);
    assert_eq!(bad.status.code(), Some(1));
    let text = String::from_utf8(bad.stdout).unwrap();
    assert!(
        text.contains("TAMPERED") && text.contains("entry 2"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rotate_master_key_moves_the_installation_to_the_new_key() {
    let dir = std::env::temp_dir().join(format!("pw-cli-rot-{}-{}", std::process::id(), line!()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}/p.db?mode=rwc", dir.display());
    let run = |args: &[&str], new_key: Option<&str>| {
        let mut cmd = bin();
        cmd.args(args)
            .env("POORTWACHTER_DATA_DIR", &dir)
            .env("POORTWACHTER_DATABASE_URL", &db)
            .env("POORTWACHTER_LOG_FILTER", "error")
            .env_remove("POORTWACHTER_MASTER_KEY");
        if let Some(k) = new_key {
            cmd.env("POORTWACHTER_NEW_MASTER_KEY", k);
        }
        cmd.output().unwrap()
    };
    assert!(run(&["migrate"], None).status.success());
    let old = std::fs::read_to_string(dir.join("master.key")).unwrap();
    let missing = run(&["rotate-master-key"], None);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "without the new key it refuses"
    );
    let new = platform::crypto::MasterKey::generate().unwrap().to_base64();
    let out = run(&["rotate-master-key"], Some(&new));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("keys re-wrapped"));
    let now = std::fs::read_to_string(dir.join("master.key")).unwrap();
    assert_eq!(
        now.trim(),
        new,
        "the development key file holds the new key"
    );
    assert_ne!(now.trim(), old.trim());
    // The installation starts and its log verifies under the new key.
    let verify = run(&["verify-log"], None);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

/// `remind --once`: one sweep and delivery over the demo tenant, exit 0 when everything due was
/// sent (here into the outbox folder), 1 while the relay is down — and nothing twice.
#[test]
fn remind_once_sends_what_is_due_and_says_when_it_could_not() {
    let dir = std::env::temp_dir().join(format!("pw-remind-{}", uuid::Uuid::new_v4().simple()));
    let url = format!("sqlite://{}/pw.db?mode=rwc", dir.display());
    let config = platform::config::Config {
        database_url: url.clone(),
        data_dir: dir.join("data"),
        storage: format!("file://{}", dir.join("documents").display()),
        ..platform::config::Config::default()
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let clock = std::sync::Arc::new(platform::clock::SystemClock);
        let state = gateway::AppState::init(config, clock, true).await.unwrap();
        demo::seed(&state.demo_env()).await.unwrap();
        state.db.clone().close().await.unwrap();
    });
    let run = |smtp: Option<&str>| {
        let mut cmd = bin();
        cmd.args(["remind", "--once"])
            .env("POORTWACHTER_DATABASE_URL", &url)
            .env("POORTWACHTER_DATA_DIR", dir.join("data"))
            .env(
                "POORTWACHTER_STORAGE",
                format!("file://{}", dir.join("documents").display()),
            );
        if let Some(smtp) = smtp {
            cmd.env("POORTWACHTER_SMTP_URL", smtp);
        }
        cmd.output().unwrap()
    };
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = run(Some(&format!("smtp://127.0.0.1:{dead_port}")));
    let said = String::from_utf8_lossy(&down.stdout);
    assert_eq!(
        down.status.code(),
        Some(1),
        "{said}{}",
        String::from_utf8_lossy(&down.stderr)
    );
    assert!(
        said.contains("0 sent") && !said.contains(" 0 to retry"),
        "{said}"
    );

    let outbox = dir.join("data/outbox");
    let mails = || std::fs::read_dir(&outbox).map(|d| d.count()).unwrap_or(0);
    let up = run(None);
    let said = String::from_utf8_lossy(&up.stdout);
    assert_eq!(
        up.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&up.stderr)
    );
    let sent = mails();
    assert!(sent >= 5, "the demo's due reminders went out: {said}");
    let again = run(None);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(mails(), sent, "a second run sends nothing twice");
    // Daily digests (sent before their hour by `--once`), and a reminder of its own for a
    // step due today once today's digest hour has passed.
    for mail in std::fs::read_dir(&outbox).unwrap().flatten() {
        let text = std::fs::read_to_string(mail.path()).unwrap();
        assert!(
            text.contains("Subject: Poortwachter-overzicht")
                || text.contains("Subject: Herinnering:"),
            "{text}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
