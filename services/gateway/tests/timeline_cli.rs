//! `poortwachter timeline` as integrators call it (README "Command line"): no database, no config.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

use serde_json::Value;

fn timeline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_poortwachter"))
        .arg("timeline")
        .args(args)
        // A configuration that could not load proves the command never reads one.
        .env("POORTWACHTER_DATABASE_URL", "mysql://nope")
        .env("POORTWACHTER_LISTEN", "not-an-address")
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> Value {
    let out = timeline(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn due(doc: &Value, kind: &str) -> String {
    let found: Vec<&Value> = doc["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == kind)
        .collect();
    assert_eq!(found.len(), 1, "{kind}: {found:?}");
    found[0]["due"].as_str().unwrap().to_owned()
}

#[test]
fn the_contract_example() {
    let doc = json(&["--sick-since", "2026-01-05", "--json"]);
    assert_eq!(doc["periods"][0]["start"], "2026-01-05", "{doc}");
    assert_eq!(doc["periods"][0]["end"], Value::Null);
    assert_eq!(doc["periods"].as_array().unwrap().len(), 1);
    assert_eq!(doc["firstDay"], "2026-01-05");
    let first = &doc["deadlines"][0];
    assert_eq!(first["kind"], "PROBLEM_ANALYSIS");
    assert_eq!(first["due"], "2026-02-15");
    assert_eq!(first["week"], 6);
    assert!(first.get("status").is_none(), "no status without --today");
    for (kind, date) in [
        ("PLAN_OF_ACTION", "2026-03-01"),
        ("UWV_42_WEEK_REPORT", "2026-10-26"),
        ("FIRST_YEAR_EVALUATION", "2027-01-03"),
        ("TRACK2_START", "2027-02-14"),
        ("CURRENT_ASSESSMENT", "2027-10-03"),
        ("FINAL_EVALUATION", "2027-10-03"),
        ("RIV_TO_EMPLOYEE", "2027-10-03"),
        ("WIA_APPLICATION", "2027-10-17"),
        ("END_OF_WAGE_PAYMENT", "2028-01-02"),
    ] {
        assert_eq!(due(&doc, kind), date, "{kind}");
    }
    let evaluations = doc["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "PLAN_EVALUATION")
        .count();
    assert_eq!(evaluations, 16, "weeks 14, 20, …, 104");
}

#[test]
fn a_relapse_within_4_weeks_shifts_the_deadlines() {
    let doc = json(&[
        "--sick-since",
        "2026-01-05",
        "--recovered",
        "2026-01-20",
        "--resick",
        "2026-01-30",
        "--json",
    ]);
    let periods = doc["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2);
    assert_eq!(periods[0]["end"], "2026-01-19");
    assert_eq!(periods[1]["start"], "2026-01-30");
    assert_eq!(periods[1]["countsWithPrevious"], true);
    assert_eq!(doc["firstDay"], "2026-01-05");
    assert_eq!(due(&doc, "PROBLEM_ANALYSIS"), "2026-02-25");
    assert_eq!(due(&doc, "END_OF_WAGE_PAYMENT"), "2028-01-12");

    // Two pairs, matched in order; the second gap (40 days) starts a new period.
    let doc = json(&[
        "--sick-since",
        "2026-01-05",
        "--recovered",
        "2026-01-20",
        "--resick",
        "2026-01-30",
        "--recovered",
        "2026-02-10",
        "--resick",
        "2026-03-22",
        "--json",
    ]);
    assert_eq!(doc["periods"].as_array().unwrap().len(), 3);
    assert_eq!(doc["firstDay"], "2026-03-22");
    assert_eq!(due(&doc, "PROBLEM_ANALYSIS"), "2026-05-02");
}

#[test]
fn extension_sanction_and_statuses() {
    let doc = json(&[
        "--sick-since",
        "2026-01-05",
        "--extension-weeks",
        "13",
        "--sanction-weeks",
        "52",
        "--today",
        "2026-02-01",
        "--json",
    ]);
    assert_eq!(due(&doc, "WIA_APPLICATION"), "2028-01-16");
    assert_eq!(due(&doc, "END_OF_WAGE_PAYMENT"), "2029-04-01");
    assert_eq!(doc["deadlines"][0]["status"], "DUE_SOON");
    assert_eq!(doc["deadlines"][1]["status"], "UPCOMING");
}

#[test]
fn without_json_a_dutch_table() {
    let out = timeline(&["--sick-since", "2026-01-05"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("Eerste ziektedag (dag 1): ma 5 jan 2026"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("Probleemanalyse") && l.ends_with("zo 15 feb 2026")),
        "{table}"
    );
    assert!(table.contains("42e-weeksmelding UWV"), "{table}");
}

#[test]
fn invalid_input_exits_2_with_a_message() {
    let cases: [&[&str]; 9] = [
        // A recovery without its new sick report that is not the last.
        &[
            "--sick-since",
            "2026-01-05",
            "--recovered",
            "2026-01-20",
            "--recovered",
            "2026-02-20",
            "--json",
        ],
        // A leave starting on the first sick day (no sickness before it).
        &[
            "--sick-since",
            "2026-01-05",
            "--leave",
            "2026-01-05",
            "2026-04-26",
            "--json",
        ],
        // A leave with one date.
        &["--sick-since", "2026-01-05", "--leave", "2026-03-02"],
        // An unknown safety net.
        &["--sick-since", "2026-01-05", "--safety-net", "FLU"],
        // A new sick report before its recovery.
        &[
            "--sick-since",
            "2026-01-05",
            "--recovered",
            "2026-01-20",
            "--resick",
            "2026-01-10",
            "--json",
        ],
        &[
            "--sick-since",
            "2026-01-05",
            "--extension-weeks",
            "12",
            "--json",
        ],
        &[
            "--sick-since",
            "2026-01-05",
            "--sanction-weeks",
            "53",
            "--json",
        ],
        &["--sick-since", "2026-13-01", "--json"],
        &["--json"],
    ];
    for args in cases {
        let out = timeline(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let out = timeline(&["--sick-since", "2026-01-05", "--sanction-weeks", "53"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("at most 52 weeks"), "{err}");
}

#[test]
fn a_final_recovery_leaves_nothing_pending() {
    let doc = json(&[
        "--sick-since",
        "2026-01-05",
        "--recovered",
        "2026-02-01",
        "--today",
        "2026-03-01",
        "--json",
    ]);
    assert_eq!(doc["periods"][0]["recoveredOn"], "2026-02-01", "{doc}");
    let deadlines = doc["deadlines"].as_array().unwrap();
    assert!(
        deadlines
            .iter()
            .all(|d| d["due"].as_str().unwrap() < "2026-02-01"),
        "{doc}"
    );
}

#[test]
fn leave_problem_analysis_wia_and_safety_net() {
    // A 16-week WAZO leave: the clock stands still for 112 days.
    let doc = json(&[
        "--sick-since",
        "2026-01-05",
        "--leave",
        "2026-03-02",
        "2026-06-21",
        "--problem-analysis",
        "2026-01-20",
        "--json",
    ]);
    assert_eq!(due(&doc, "PLAN_OF_ACTION"), "2026-02-03");
    assert_eq!(due(&doc, "FIRST_YEAR_EVALUATION"), "2027-04-25");
    assert_eq!(due(&doc, "END_OF_WAGE_PAYMENT"), "2028-04-23");

    // A WIA application 10 days late extends wage payment by 10 days.
    let doc = json(&[
        "--sick-since",
        "2026-01-05",
        "--wia-applied",
        "2027-10-27",
        "--json",
    ]);
    assert_eq!(due(&doc, "END_OF_WAGE_PAYMENT"), "2028-01-12");

    // A safety net: its own report, no 42-week report.
    let doc = json(&[
        "--sick-since",
        "2026-01-05",
        "--safety-net",
        "PREGNANCY",
        "--json",
    ]);
    assert_eq!(due(&doc, "SAFETY_NET_REPORT"), "2026-02-15");
    assert!(
        !doc["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "UWV_42_WEEK_REPORT")
    );

    // Leaving employment after 116 days: report and full RIV on the last day.
    let doc = json(&[
        "--sick-since",
        "2026-01-05",
        "--employment-ends",
        "2026-04-30",
        "--json",
    ]);
    assert_eq!(doc["rivOnLeaving"], "FULL");
    assert_eq!(due(&doc, "EMPLOYMENT_END_REPORT"), "2026-04-30");
}

#[test]
fn help_lists_every_safety_net_kind() {
    use sea_orm::Iterable;
    let out = Command::new(env!("CARGO_BIN_EXE_poortwachter"))
        .args(["timeline", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for kind in cases::timeline::SafetyNet::iter() {
        assert!(
            help.contains(kind.as_str()),
            "{kind:?} missing from:\n{help}"
        );
    }
    assert!(help.contains("--leave <FROM> <UNTIL>"), "{help}");
}
