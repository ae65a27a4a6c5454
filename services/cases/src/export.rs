//! `GET /api/cases.csv`: the employer's cases as CSV for the accountant, the absence insurer or
//! the works council — the case list's reach and columns, never a medical field (there is
//! none to take: the case holds no diagnosis). Dutch headers and semicolons by default, as
//! Excel-NL opens them; `lang=en` gives English headers and commas.

use std::collections::HashMap;

use chrono::NaiveDate;
use platform::access::{Action, DataClass};
use platform::context::Target;
use platform::{AppError, AppResult, Ctx, OrganisationKind};
use uuid::Uuid;

use crate::model::CaseStatus;
use crate::repo::{CaseListFilter, CaseOrder};
use crate::service;
use crate::timeline::DeadlineKind;

/// Cases read per page while writing the file.
const PAGE: u64 = 500;

/// The language of the headers and the separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvLanguage {
    /// Dutch headers, `;` (Excel-NL).
    Dutch,
    /// English headers, `,`.
    English,
}

const HEADERS: [(&str, &str); 12] = [
    ("dossier", "case"),
    ("personeelsnummer", "employeeNumber"),
    ("naam", "name"),
    ("ziek sinds", "sickSince"),
    ("ziekteweek", "sickWeek"),
    ("status", "status"),
    ("spoor", "track"),
    ("volgende termijn", "nextDeadline"),
    ("uiterlijk", "nextDeadlineOn"),
    ("casemanager", "caseManager"),
    ("risico's", "riskSignals"),
    ("gesloten op", "closedOn"),
];

/// The actor's cases (his reach in the case list) as CSV. Only the employer's own people: a
/// doctor or consultant exports nothing here.
pub async fn cases_csv(ctx: &Ctx, lang: CsvLanguage) -> AppResult<String> {
    let actor = ctx.user()?;
    if actor.organisation_kind != OrganisationKind::Employer {
        return Err(AppError::Forbidden {
            reason: platform::ErrorReason::Forbidden,
            message: "the case export is the employer's",
        });
    }
    // HR and case managers export (EXPORT on CASE data); a line manager or an employee reads
    // his own reach in the list but does not take it out.
    let target = Target {
        tenant_id: actor.organisation_id,
        subject_employee_id: None,
        resource_type: "cases_export",
        resource_id: None,
        relations: vec![platform::access::Relation::EmployerStaff],
    };
    ctx.authorize(&target, DataClass::Case, Action::Export)
        .await?;
    let today = ctx.clock.today();
    let sep = match lang {
        CsvLanguage::Dutch => ';',
        CsvLanguage::English => ',',
    };
    let mut out = String::from('\u{feff}');
    let header: Vec<&str> = HEADERS
        .iter()
        .map(|(nl, en)| if lang == CsvLanguage::Dutch { *nl } else { *en })
        .collect();
    line(&mut out, &header, sep);
    let mut names: HashMap<Uuid, String> = HashMap::new();
    let mut after: Option<(NaiveDate, Uuid)> = None;
    let mut count = 0usize;
    loop {
        let rows = service::cases(
            ctx,
            &CaseListFilter::default(),
            CaseOrder::SickSinceDesc,
            after,
            PAGE,
        )
        .await?;
        let Some((last, _)) = rows.last() else { break };
        after = Some((last.case.sick_since, last.case.id));
        for (record, employee) in &rows {
            let c = &record.case;
            let t = service::deadlines(ctx, record)?;
            let open = c.status == CaseStatus::Open;
            let next = open.then(|| t.next_open()).flatten();
            let manager = match c.case_manager_user_id {
                Some(id) => name_of(ctx, &mut names, id).await?,
                None => String::new(),
            };
            let signals: Vec<&str> = crate::signals::risk_signals(record, &t, today)
                .iter()
                .map(|s| s.kind.as_str())
                .collect();
            let fields = [
                c.id.to_string(),
                employee
                    .as_ref()
                    .and_then(|e| e.employee_number.clone())
                    .unwrap_or_default(),
                employee
                    .as_ref()
                    .map(|e| e.name.clone())
                    .unwrap_or_default(),
                c.sick_since.to_string(),
                t.sick_days
                    .week_of(today)
                    .map(|w| w.to_string())
                    .unwrap_or_default(),
                c.status.as_str().to_owned(),
                c.track.as_str().to_owned(),
                next.map(|d| deadline(d.kind, lang)).unwrap_or_default(),
                next.map(|d| d.due.to_string()).unwrap_or_default(),
                manager,
                signals.join(" "),
                c.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            ];
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            line(&mut out, &refs, sep);
            count += 1;
        }
        if (rows.len() as u64) < PAGE {
            break;
        }
    }
    ctx.log_allowed(
        &target,
        Action::Export,
        Some(format!("cases.csv, {count} cases")),
    )
    .await?;
    Ok(out)
}

fn deadline(kind: DeadlineKind, lang: CsvLanguage) -> String {
    match lang {
        CsvLanguage::Dutch => kind.label_nl().to_owned(),
        CsvLanguage::English => kind.as_str().to_owned(),
    }
}

async fn name_of(ctx: &Ctx, names: &mut HashMap<Uuid, String>, id: Uuid) -> AppResult<String> {
    if let Some(n) = names.get(&id) {
        return Ok(n.clone());
    }
    let name = identity::repo::user(&ctx.db, id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    names.insert(id, name.clone());
    Ok(name)
}

/// Writes one line, quoting fields that hold the separator, a quote or a line break, and
/// defusing fields a spreadsheet would run as a formula (`=`, `+`, `-`, `@`).
fn line(out: &mut String, fields: &[&str], sep: char) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        let defused;
        let f = if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            defused = format!("'{f}");
            defused.as_str()
        } else {
            f
        };
        if f.contains([sep, '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::line;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let mut out = String::new();
        line(
            &mut out,
            &["a;b", "zegt \"hoi\"", "=SUM(A1)", "-3", "plain"],
            ';',
        );
        assert_eq!(out, "\"a;b\";\"zegt \"\"hoi\"\"\";'=SUM(A1);'-3;plain\r\n");
    }
}
