//! GraphQL of the documents service. `Case.documents` and `MedicalFile.documents` are resolved
//! by the cases service through [`case_documents`] and [`medical_documents`]; the bytes move
//! over REST (`POST /api/cases/{id}/documents`, `GET /api/documents/{id}`).

use async_graphql::{Context, ID, Object};
use platform::GqlResultExt;
use platform::case_port::CaseAccess;
use platform::context::request_ctx;
use platform::document::{Classification, Document};
use platform::graphql::parse_id;

use crate::service::Documents;

fn documents<'a>(gql: &'a Context<'_>) -> async_graphql::Result<&'a Documents> {
    gql.data::<Documents>()
}

/// `Case.documents`: every document of the case the reader may see (medical ones only for the
/// assigned doctor and the employee).
pub async fn case_documents(
    gql: &Context<'_>,
    access: &CaseAccess,
) -> async_graphql::Result<Vec<Document>> {
    let ctx = request_ctx(gql)?;
    documents(gql)?.list(ctx, access, None).await.gql()
}

/// `MedicalFile.documents`: the medical documents, for a reader who may see the medical file.
pub async fn medical_documents(
    gql: &Context<'_>,
    access: &CaseAccess,
) -> async_graphql::Result<Vec<Document>> {
    let ctx = request_ctx(gql)?;
    documents(gql)?
        .list(ctx, access, Some(Classification::Medical))
        .await
        .gql()
}

/// Mutations on documents.
#[derive(Default)]
pub struct DocumentsMutation;

#[Object]
impl DocumentsMutation {
    /// Deletes a document: its uploader may, HR may delete case documents and the doctor
    /// medical ones. The stored file is removed too.
    async fn delete_document(&self, gql: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let ctx = request_ctx(gql)?;
        let id = parse_id(&id)?;
        documents(gql)?.delete(ctx, id).await.gql()?;
        Ok(true)
    }
}
