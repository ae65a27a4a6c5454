//! E-mail through a real SMTP server (aiosmtpd, started by `make test`), and what happens when
//! the relay is down: a clear error and no invitation that nobody received.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::{Backend, TestApp, error_reason};
use serde_json::json;

const INVITE: &str =
    "mutation($e: String!) { inviteUser(email: $e, name: \"Per Mail\", role: MANAGER) { id } }";

#[tokio::test]
async fn invitations_are_delivered_over_smtp() {
    let Some((addr, dir)) = e2e::smtp_sink() else {
        return;
    };
    let app = TestApp::start(Backend::Sqlite, |c| {
        c.smtp_url = Some(format!("smtp://{addr}"))
    })
    .await;
    let hr = app.login("hr@korenschoof.example").await;
    let address = format!("smtp-{}@korenschoof.example", uuid::Uuid::new_v4().simple());
    let res = app.gql(Some(&hr), INVITE, json!({ "e": address })).await;
    assert!(res.get("errors").is_none(), "{res}");
    let mut found = None;
    for _ in 0..50 {
        found = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .find(|m| m.contains(&address));
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mail = found.expect("the SMTP server received the invitation");
    assert!(mail.contains(&format!("X-Envelope-To: {address}")));
    assert!(mail.contains("Uitnodiging voor Poortwachter"));
    assert!(mail.contains("/uitnodiging/"));
    assert!(
        app.outbox().is_empty(),
        "with SMTP configured nothing goes to the outbox"
    );
}

#[tokio::test]
async fn a_dead_relay_gives_a_clear_error_and_leaves_no_invitation() {
    // A port nobody listens on (bound and released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::start(Backend::Sqlite, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    let hr = app.login("hr@korenschoof.example").await;
    let res = app
        .gql(
            Some(&hr),
            INVITE,
            json!({ "e": "nooit@korenschoof.example" }),
        )
        .await;
    assert_eq!(error_reason(&res).as_deref(), Some("MAIL_FAILED"), "{res}");
    let open = app
        .gql(Some(&hr), "{ invitations { email } }", json!({}))
        .await;
    assert_eq!(
        open["data"]["invitations"],
        json!([]),
        "an invitation exists that nobody received"
    );
}
