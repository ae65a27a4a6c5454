//! The GraphQL schema merged from the service crates, with the limits that keep one request
//! from costing the server more than it should.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{
    EmptySubscription, MergedObject, Response, Schema, SchemaBuilder, ServerError, ServerResult,
    Variables,
};
use cases::graphql::{
    AssignmentMutation, AssignmentQuery, CaseFileMutation, CasesMutation, CasesQuery,
    ClockMutation, RivQuery,
};
use documents::graphql::DocumentsMutation;
use identity::graphql::{
    IdentityMutation, IdentityQuery, ProvisioningMutation, ProvisioningQuery, SsoMutation, SsoQuery,
};
use medical::graphql::{MedicalMutation, MedicalQuery};
use platform::ErrorReason;
use reintegration::graphql::ReintegrationMutation;
use scheduling::graphql::{SchedulingMutation, SchedulingQuery};
use std::sync::Arc;

/// Every query of every service.
#[derive(MergedObject, Default)]
pub struct Query(
    IdentityQuery,
    SsoQuery,
    ProvisioningQuery,
    CasesQuery,
    AssignmentQuery,
    MedicalQuery,
    RivQuery,
    SchedulingQuery,
);

/// Every mutation of every service.
#[derive(MergedObject, Default)]
pub struct Mutation(
    IdentityMutation,
    SsoMutation,
    ProvisioningMutation,
    CasesMutation,
    CaseFileMutation,
    ClockMutation,
    AssignmentMutation,
    MedicalMutation,
    DocumentsMutation,
    ReintegrationMutation,
    SchedulingMutation,
);

/// The schema type.
pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// Limits applied to every request.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Maximum depth (the standard introspection query needs 13).
    pub depth: usize,
    /// Maximum complexity.
    pub complexity: usize,
    /// Maximum aliased fields.
    pub aliases: usize,
}

/// A schema builder with limits and error handling, without data (enough for the SDL).
pub fn builder(limits: Limits) -> SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(limits.depth)
        .limit_complexity(limits.complexity)
        .limit_recursive_depth(64)
        .limit_directives(16)
        .extension(AliasLimit(limits.aliases))
        .extension(ErrorCodes)
        // No field returns it: it is in the schema so that clients have the list of reasons.
        .register_output_type::<ErrorReason>()
}

/// The SDL (`poortwachter schema`, and `web/schema.graphql`).
pub fn sdl() -> String {
    builder(Limits {
        depth: 16,
        complexity: 5000,
        aliases: 60,
    })
    .finish()
    .sdl()
}

/// Refuses documents with more than N aliased fields: aliases let one small query ask for the
/// same expensive field hundreds of times, which depth and complexity limits do not see.
struct AliasLimit(usize);

impl ExtensionFactory for AliasLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AliasLimitExt(self.0))
    }
}

struct AliasLimitExt(usize);

fn count_aliases(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => {
                usize::from(f.node.alias.is_some()) + count_aliases(&f.node.selection_set.node)
            }
            Selection::InlineFragment(f) => count_aliases(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

#[async_graphql::async_trait::async_trait]
impl Extension for AliasLimitExt {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        let aliases: usize = doc
            .operations
            .iter()
            .map(|(_, op)| count_aliases(&op.node.selection_set.node))
            .sum::<usize>()
            + doc
                .fragments
                .values()
                .map(|f| count_aliases(&f.node.selection_set.node))
                .sum::<usize>();
        if aliases > self.0 {
            let mut err = ServerError::new(
                format!(
                    "the query uses {aliases} aliases; at most {} are allowed",
                    self.0
                ),
                None,
            );
            err.extensions = Some(code_extension("VALIDATION"));
            return Err(err);
        }
        Ok(doc)
    }
}

fn code_extension(code: &str) -> async_graphql::ErrorExtensionValues {
    let mut ext = async_graphql::ErrorExtensionValues::default();
    ext.set("code", code);
    ext
}

/// Gives every error a `code`: parse and validation errors (no path) are `VALIDATION`; a
/// resolver error that arrives without one is a bug, shown as `INTERNAL` with a neutral message
/// so that no internal text reaches the client.
struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for err in &mut response.errors {
            let has_code = err
                .extensions
                .as_ref()
                .is_some_and(|e| e.get("code").is_some());
            if has_code {
                continue;
            }
            // Input that does not parse (a date like "31-12-2026") fails while resolving, so it
            // has a path, but it is the caller's mistake.
            let bad_input = err.message.starts_with("Failed to parse")
                || err.message.starts_with("Invalid value for argument");
            if err.path.is_empty() || bad_input {
                let ext = err.extensions.get_or_insert_with(Default::default);
                ext.set("code", "VALIDATION");
            } else {
                tracing::error!(message = %err.message, path = ?err.path, "resolver error without a code");
                err.message = "internal error; the details are in the server log".into();
                let ext = err.extensions.get_or_insert_with(Default::default);
                ext.set("code", "INTERNAL");
            }
        }
        response
    }
}
