//! Sick-leave cases (verzuimdossiers). For now only the pure Poortwachter timeline engine;
//! the rest of the cases service (model, repository, use cases, GraphQL) follows.

#![warn(missing_docs)]

pub mod timeline;
