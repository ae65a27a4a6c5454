//! Reminders: the tenants' reminder policies, the sweep over the materialised deadlines into an
//! outbox whose unique key sends every reminder once — bundled into one daily digest per
//! recipient unless he chose one e-mail per step —, delivery by e-mail with retries, and
//! iCalendar for the attachment and the feed. No reminder carries medical content: a deadline,
//! a date, the employee's first name and a link.

#![warn(missing_docs)]

// Entities mirror the migration column for column; the migration documents the columns.
pub mod deliver;
pub mod digest;
#[allow(missing_docs)]
pub mod entities;
pub mod graphql;
pub mod ical;
pub mod policy;
pub mod service;
pub mod sweep;
pub mod text;

pub use deliver::{
    Delivery, DeliveryReport, Outbox, Queued, deliver_all, deliver_due, deliver_queued, to_queue,
};
pub use sweep::{SweepReport, sweep};
