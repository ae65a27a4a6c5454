//! The employee's export of the medical part for UWV (docs/domain.md §5: medical documents reach UWV
//! from the employee or the doctor, never from the employer), and the rendering of workability
//! advice that the RIV shares.

use chrono::NaiveDate;
use medical::Medical;
use medical::entities::workability_advice;
use platform::access::{Action, DataClass};
use platform::case_port::CaseAccess;
use platform::document::Classification;
use platform::{AppError, AppResult, Ctx};

use documents::Documents;
use documents::pdf::{Block, Report, Section, render};

/// A date as Dutch readers write it.
pub fn nl_date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

fn hours(h: Option<f64>) -> Option<String> {
    h.map(|h| format!("{h}").replace('.', ","))
}

/// One workability advice as report blocks: what he can and cannot do, hours, prognosis in
/// time and advice — the same words the employer and the employee read in the portal.
pub fn advice_blocks(a: &workability_advice::Model) -> Vec<Block> {
    let mut fields = vec![("Datum advies".to_string(), nl_date(a.given_on))];
    if let Some(h) = hours(a.hours_per_day) {
        fields.push(("Uren per dag".into(), h));
    }
    if let Some(h) = hours(a.hours_per_week) {
        fields.push(("Uren per week".into(), h));
    }
    match (a.expected_recovery_on, a.expected_recovery_until) {
        (Some(from), Some(until)) => fields.push((
            "Verwacht herstel".into(),
            format!("tussen {} en {}", nl_date(from), nl_date(until)),
        )),
        (Some(on), None) => fields.push(("Verwacht herstel".into(), nl_date(on))),
        _ => {}
    }
    if a.no_sustainable_capacity {
        fields.push((
            "Benutbare mogelijkheden".into(),
            "Geen duurzaam benutbare mogelijkheden".into(),
        ));
    }
    let mut blocks = vec![Block::Fields(fields)];
    let limitations = a.limitations.0.clone();
    if !limitations.is_empty() {
        blocks.push(Block::Subheading("Beperkingen".into()));
        blocks.push(Block::Bullets(limitations));
    }
    let capabilities = a.capabilities.0.clone();
    if !capabilities.is_empty() {
        blocks.push(Block::Subheading("Mogelijkheden".into()));
        blocks.push(Block::Bullets(capabilities));
    }
    if let Some(advice) = a.advice.as_deref().filter(|t| !t.trim().is_empty()) {
        blocks.push(Block::Subheading("Advies".into()));
        blocks.push(Block::Paragraph(advice.to_string()));
    }
    blocks
}

fn or_none(blocks: Vec<Block>, none: &str) -> Vec<Block> {
    if blocks.is_empty() {
        vec![Block::Note(none.into())]
    } else {
        blocks
    }
}

/// The medical part of the case as one PDF, for the employee (and the assigned doctor) to hand
/// to UWV: problem analyses and current assessments with their medical part, consultations
/// (never the doctor's personal working notes), workability advice and the list of medical
/// documents. Needs the second factor; logged as an export.
pub async fn medical_export(
    documents: &Documents,
    medical: &Medical,
    ctx: &Ctx,
    access: &CaseAccess,
) -> AppResult<Vec<u8>> {
    let target = access.target("medical_export", Some(access.case_id));
    if !(access.is_verified_subject() || access.is_doctor()) {
        ctx.deny(
            &target,
            DataClass::Medical,
            Action::Export,
            "medical export: only the employee and the assigned doctor",
        )
        .await?;
    }
    ctx.authorize(&target, DataClass::Medical, Action::Export)
        .await?;
    let file = medical
        .medical_file(ctx, access)
        .await?
        .ok_or(AppError::NotFound)?;
    let advice = medical.advice(ctx, access).await?;
    let docs = documents
        .list(ctx, access, Some(Classification::Medical))
        .await?;
    let employee = identity::repo::employee(&ctx.db, access.tenant_id, access.employee_id)
        .await?
        .map(|e| e.name)
        .unwrap_or_default();

    let mut assessments = Vec::new();
    for a in &file.assessments {
        let kind = match a.kind {
            medical::model::AssessmentKind::ProblemAnalysis => "Probleemanalyse",
            medical::model::AssessmentKind::CurrentAssessment => "Actueel oordeel",
        };
        assessments.push(Block::Subheading(format!(
            "{kind} van {}",
            nl_date(a.made_on)
        )));
        assessments.push(Block::Paragraph(a.medical.clone()));
    }
    let mut consultations = Vec::new();
    for c in &file.consultations {
        consultations.push(Block::Subheading(format!(
            "Consult van {}",
            nl_date(c.held_on)
        )));
        let mut fields = Vec::new();
        for (label, value) in [
            ("Klachten", &c.complaints),
            ("Diagnose", &c.diagnosis),
            ("Behandeling", &c.treatment),
            ("Aantekeningen", &c.notes),
        ] {
            if let Some(v) = value {
                fields.push((label.to_string(), v.clone()));
            }
        }
        consultations.push(Block::Fields(fields));
    }
    let advice_blocks: Vec<Block> = advice.iter().flat_map(advice_blocks).collect();
    let doc_rows: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            vec![
                d.title.clone(),
                d.filename.clone(),
                nl_date(platform::clock::dutch_date(d.uploaded_at)),
                d.sha256.chars().take(16).collect(),
            ]
        })
        .collect();
    let report = Report {
        title: "Medisch deel van het re-integratiedossier".into(),
        subtitle: vec![employee.clone(), "Voor de WIA-aanvraag bij UWV".into()],
        cover_fields: vec![
            ("Werknemer".into(), employee),
            ("Gemaakt op".into(), nl_date(ctx.clock.today())),
        ],
        notice: "Dit document bevat medische gegevens. Het is bestemd voor de werknemer zelf en \
                 voor de verzekeringsarts van UWV; geef het niet aan de werkgever."
            .into(),
        contents_heading: "Inhoud".into(),
        footer: "Medisch vertrouwelijk".into(),
        page_word: "pagina".into(),
        of_word: "van".into(),
        sections: vec![
            Section {
                heading: "Probleemanalyses en actuele oordelen".into(),
                blocks: or_none(assessments, "Nog geen probleemanalyse of actueel oordeel."),
            },
            Section {
                heading: "Consulten bij de bedrijfsarts".into(),
                blocks: or_none(consultations, "Nog geen consulten vastgelegd."),
            },
            Section {
                heading: "Adviezen over wat u kunt".into(),
                blocks: or_none(advice_blocks, "Nog geen advies gegeven."),
            },
            Section {
                heading: "Medische documenten".into(),
                blocks: if doc_rows.is_empty() {
                    vec![Block::Note("Geen medische documenten.".into())]
                } else {
                    vec![
                        Block::Paragraph(
                            "Deze documenten staan in uw medisch dossier; download ze in het portaal \
                             om ze mee te sturen. De controlecode is het begin van de SHA-256 van \
                             het bestand."
                                .into(),
                        ),
                        Block::Table {
                            columns: vec![
                                ("Titel".into(), 3.0),
                                ("Bestand".into(), 3.0),
                                ("Datum".into(), 1.4),
                                ("Controlecode".into(), 2.0),
                            ],
                            rows: doc_rows,
                        },
                    ]
                },
            },
        ],
    };
    let pdf = render(&report);
    ctx.log_allowed(
        &target,
        Action::Export,
        Some("medical part exported".into()),
    )
    .await?;
    Ok(pdf)
}
