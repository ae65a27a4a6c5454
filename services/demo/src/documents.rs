//! The documents of the later demo cases, uploaded through the documents service.

use platform::AppResult;

use crate::demo_case::DemoCase;
use crate::{Env, acting_as};

/// Documents of the later cases: a labour expert's report from HR, track 2 reports from the
/// agency — small PDFs made with the report writer.
pub(crate) async fn seed_documents(
    env: &Env,
    case_id: uuid::Uuid,
    demo: &DemoCase,
    hr: &identity::entities::user::Model,
    consultant: Option<&identity::entities::user::Model>,
) -> AppResult<()> {
    use documents::pdf::{Block, Report, Section, render};
    use platform::document::{Classification, DocumentType};
    let mut uploads = Vec::new();
    if demo.weeks >= 60 {
        uploads.push((hr, DocumentType::LabourExpertReport, "Arbeidsdeskundig rapport", "arbeidsdeskundig-rapport.pdf",
            "Onderzoek naar de mogelijkheden in eigen en ander werk. Conclusie: het eigen werk is niet passend; \
             ander werk bij de eigen werkgever is er niet structureel. Advies: start spoor 2."));
    }
    if demo.agency
        && let Some(consultant) = consultant
    {
        uploads.push((consultant, DocumentType::Track2Report, "Voortgangsrapportage spoor 2", "rapportage-spoor-2.pdf",
            "Zoekprofiel vastgesteld (magazijn, orderpicking, kantine). Twee sollicitaties verstuurd, \
             een kennismakingsgesprek gepland. De werknemer werkt goed mee."));
    }
    for (user, kind, title, filename, text) in uploads {
        let ctx = acting_as(env, user).await?;
        let pdf = render(&Report {
            title: title.into(),
            contents_heading: "Inhoud".into(),
            footer: title.into(),
            page_word: "pagina".into(),
            of_word: "van".into(),
            sections: vec![Section {
                heading: "Bevindingen".into(),
                blocks: vec![Block::Paragraph(text.into())],
            }],
            ..Report::default()
        });
        let body =
            futures::stream::iter([Ok::<_, std::convert::Infallible>(bytes::Bytes::from(pdf))]);
        env.documents
            .upload(
                &ctx,
                documents::Upload {
                    case_id,
                    classification: Classification::Case,
                    document_type: kind,
                    filename: filename.into(),
                    title: Some(title.into()),
                    declared_len: None,
                },
                body,
            )
            .await?;
    }
    Ok(())
}
