//! Upload, download, listing and deletion of documents, with the access rules of docs/domain.md §4:
//! MEDICAL documents exist only for the assigned company doctor and the employee himself (for
//! everyone else they are absent — not listed, not counted, NOT_FOUND by id); CASE documents
//! are for every party of the case.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use chrono::Duration;
use futures::stream::BoxStream;
use futures::{Stream, StreamExt};
use object_store::WriteMultipart;
use platform::access::{Action, DataClass, Decision, Relation, decide_for};
use platform::case_port::CaseAccess;
use platform::context::Target;
use platform::crypto::{SealingKey, Sha256};
use platform::document::{Classification, Document, DocumentType};
use platform::ids::new_id;
use platform::keyring::Keyring;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use crate::entities::document;
use crate::scan::{Scan, Scanner, Verdict};
use crate::seal::{Decryptor, Encryptor};
use crate::sniff::{SNIFF_LEN, sanitize_filename, sniff};
use crate::storage::{MAX_PARTS_IN_FLIGHT, Storage};

const PENDING: document::Status = document::Status::Pending;
const STORED: document::Status = document::Status::Stored;
/// Uploads still PENDING after this long were cut off by a crash; housekeeping removes them.
const ABANDONED_AFTER_HOURS: i64 = 6;

/// The documents service.
#[derive(Clone)]
pub struct Documents {
    storage: Storage,
    keys: Keyring,
    max_upload: u64,
    scanner: Option<Scanner>,
}

/// An upload as the HTTP layer received it.
#[derive(Clone, Debug)]
pub struct Upload {
    /// The case.
    pub case_id: Uuid,
    /// MEDICAL or CASE.
    pub classification: Classification,
    /// What it is.
    pub document_type: DocumentType,
    /// The name the uploader's device gave it (sanitised here).
    pub filename: String,
    /// A title, if given.
    pub title: Option<String>,
    /// `Content-Length`, if the client sent one: refused before reading when too large.
    pub declared_len: Option<u64>,
}

/// A document opened for download.
pub struct Download {
    /// Its metadata.
    pub document: Document,
    /// The plaintext, decrypted while it streams; an error mid-stream means the stored object
    /// was damaged (the transfer is then cut off, never completed with wrong bytes).
    pub body: BoxStream<'static, AppResult<Bytes>>,
}

/// The largest accepted upload was exceeded (HTTP 413).
pub fn too_large(max: u64) -> AppError {
    AppError::validation(
        ErrorReason::TooLarge,
        "file",
        format!(
            "the file is larger than the limit of {} MB",
            max / 1_000_000
        ),
    )
}

fn unsupported() -> AppError {
    AppError::validation(
        ErrorReason::UnsupportedType,
        "file",
        "this kind of file is not accepted: send a PDF, JPEG, PNG, HEIC, DOCX, ODT or text file",
    )
}

/// Reads and discards the rest of a refused body, up to the upload limit: a browser still
/// sending its file reports a connection reset rather than the refusal when the server answers
/// and closes early.
async fn drain<S, E>(body: &mut S, mut read: u64, max: u64)
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
{
    while read <= max {
        match body.next().await {
            Some(Ok(chunk)) => read += chunk.len() as u64,
            _ => break,
        }
    }
}

struct Stored {
    content_type: &'static str,
    size: u64,
    sha256: String,
}

/// What one upload has read so far, and where it goes.
struct Intake {
    enc: Encryptor,
    sha: Sha256,
    scan: Option<Scan>,
    out: Vec<u8>,
}

impl Intake {
    async fn push(&mut self, writer: &mut WriteMultipart, data: &[u8]) -> AppResult<()> {
        self.sha.update(data);
        if let Some(scan) = &mut self.scan {
            scan.feed(data).await.map_err(AppError::internal)?;
        }
        self.enc.update(data, &mut self.out)?;
        // Back pressure: while parts are still uploading, stop reading the client.
        writer
            .wait_for_capacity(MAX_PARTS_IN_FLIGHT)
            .await
            .map_err(AppError::internal)?;
        writer.write(&self.out);
        self.out.clear();
        Ok(())
    }
}

fn seal_text(key: &SealingKey, id: Uuid, column: &str, text: &str) -> AppResult<Vec<u8>> {
    key.seal(text.as_bytes(), format!("{id}:{column}").as_bytes())
        .map_err(|e| AppError::invariant(e.to_string()))
}

fn open_text(key: &SealingKey, id: Uuid, column: &str, sealed: &[u8]) -> AppResult<String> {
    let bytes = key
        .open(sealed, format!("{id}:{column}").as_bytes())
        .map_err(|e| AppError::invariant(e.to_string()))?;
    String::from_utf8(bytes).map_err(|_| AppError::invariant("a sealed title is not UTF-8"))
}

fn data_class(classification: Classification) -> DataClass {
    match classification {
        Classification::Medical => DataClass::Medical,
        Classification::Case => DataClass::Case,
    }
}

fn allowed(ctx: &Ctx, access: &CaseAccess, class: DataClass, action: Action) -> bool {
    ctx.user().is_ok_and(|user| {
        decide_for(&user.roles, &access.relations, class, action, user.mfa) == Decision::Allow
    })
}

/// Whether the actor may see this class of documents of the case at all. Medical documents:
/// the assigned doctor and the employee (with a second factor); a consent to share parts of the
/// medical file with the agency does not cover documents.
fn sees(ctx: &Ctx, access: &CaseAccess, classification: Classification) -> bool {
    match classification {
        Classification::Medical => {
            (access.is_doctor() || access.is_verified_subject())
                && allowed(ctx, access, DataClass::Medical, Action::Read)
        }
        Classification::Case => allowed(ctx, access, DataClass::Case, Action::Read),
    }
}

fn decrypting(
    stored: BoxStream<'static, AppResult<Bytes>>,
    dec: Decryptor,
) -> BoxStream<'static, AppResult<Bytes>> {
    futures::stream::unfold((stored, Some(dec)), |(mut stored, dec)| async move {
        let mut dec = dec?;
        loop {
            let mut out = Vec::new();
            match stored.next().await {
                Some(Ok(bytes)) => match dec.update(&bytes, &mut out) {
                    Ok(()) if out.is_empty() => continue,
                    Ok(()) => return Some((Ok(Bytes::from(out)), (stored, Some(dec)))),
                    Err(e) => return Some((Err(e), (stored, None))),
                },
                Some(Err(e)) => return Some((Err(e), (stored, None))),
                None => {
                    return Some((
                        dec.finish(&mut out).map(|()| Bytes::from(out)),
                        (stored, None),
                    ));
                }
            }
        }
    })
    .boxed()
}

impl Documents {
    /// The service storing into `storage`, sealing with the tenants' keys; it reaches cases
    /// through the case port on the context.
    pub fn new(storage: Storage, keys: Keyring, max_upload: u64, scanner: Option<Scanner>) -> Self {
        Documents {
            storage,
            keys,
            max_upload,
            scanner,
        }
    }

    /// The store (for housekeeping and tests).
    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// The largest accepted upload.
    pub fn max_upload(&self) -> u64 {
        self.max_upload
    }

    async fn authorize_write(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
        target: &Target,
        classification: Classification,
    ) -> AppResult<()> {
        match classification {
            Classification::Medical => {
                if !(access.is_doctor() || access.is_verified_subject()) {
                    return ctx
                        .deny(
                            target,
                            DataClass::Medical,
                            Action::Create,
                            "medical documents: only the assigned doctor and the employee",
                        )
                        .await;
                }
                ctx.authorize(target, DataClass::Medical, Action::Create)
                    .await
            }
            Classification::Case => {
                // What an agency files (a track 2 report, a labour expert's report) is part of
                // its track 2 file, which it may write; the rest of the case it only reads.
                let class = if access.relations.contains(&Relation::AssignedConsultant)
                    && !allowed(ctx, access, DataClass::Case, Action::Create)
                {
                    DataClass::Track2
                } else {
                    DataClass::Case
                };
                ctx.authorize(target, class, Action::Create).await
            }
        }
    }

    /// Stores an upload streaming from `body`: sniffed, hashed, scanned and encrypted on the
    /// way, never held whole. Refused uploads — too large (413), not an allowed kind (415),
    /// infected, cut off — leave neither a row nor an object.
    pub async fn upload<S, E>(&self, ctx: &Ctx, up: Upload, body: S) -> AppResult<Document>
    where
        S: Stream<Item = Result<Bytes, E>> + Send + Unpin,
        E: std::fmt::Display,
    {
        let access = ctx.case_access(up.case_id).await?;
        let target = access.target("document", None);
        self.authorize_write(ctx, &access, &target, up.classification)
            .await?;
        if up.declared_len.is_some_and(|n| n > self.max_upload) {
            return Err(too_large(self.max_upload));
        }
        let filename = sanitize_filename(&up.filename);
        let title = match up.title.as_deref().map(str::trim) {
            None | Some("") => filename.clone(),
            Some(t) if t.chars().count() > 200 => {
                return Err(AppError::validation(
                    ErrorReason::TooLong,
                    "title",
                    "at most 200 characters",
                ));
            }
            Some(t) if t.chars().any(|c| platform::text::is_forbidden(c, false)) => {
                return Err(AppError::validation(
                    ErrorReason::InvalidInput,
                    "title",
                    "contains control characters or direction overrides",
                ));
            }
            Some(t) => t.to_string(),
        };
        let id = new_id();
        let key = self.keys.tenant_key(access.tenant_id).await?;
        let storage_key = format!("{}/{}/{id}", access.tenant_id, access.case_id);
        let user = ctx.user()?;
        let now = ctx.clock.now();
        let row = document::ActiveModel {
            id: Set(id),
            tenant_id: Set(access.tenant_id),
            case_id: Set(access.case_id),
            classification: Set(up.classification),
            document_type: Set(up.document_type),
            title_sealed: Set(seal_text(&key, id, "title", &title)?),
            filename_sealed: Set(seal_text(&key, id, "filename", &filename)?),
            content_type: Set(String::new()),
            size_bytes: Set(0),
            sha256: Set(String::new()),
            storage_key: Set(storage_key.clone()),
            status: Set(PENDING),
            uploaded_by: Set(user.user_id),
            uploaded_at: Set(now),
        }
        .insert(&ctx.db)
        .await?;
        let stored = match self.stream_in(&storage_key, id, key.clone(), body).await {
            Ok(stored) => stored,
            Err(e) => {
                self.forget(&ctx.db, &row).await;
                return Err(e);
            }
        };
        let mut done = row.clone().into_active_model();
        done.status = Set(STORED);
        done.content_type = Set(stored.content_type.into());
        done.size_bytes = Set(i64::try_from(stored.size).unwrap_or(i64::MAX));
        done.sha256 = Set(stored.sha256);
        let saved = match done.update(&ctx.db).await {
            Ok(saved) => saved,
            Err(e) => {
                self.storage.delete(&storage_key).await.ok();
                self.forget(&ctx.db, &row).await;
                return Err(e.into());
            }
        };
        if up.classification == Classification::Medical {
            ctx.log_allowed(
                &access.target("document", Some(id)),
                Action::Create,
                Some("medical document uploaded".into()),
            )
            .await?;
        }
        let mut names = HashMap::new();
        self.view(ctx, &access, &key, &saved, &mut names).await
    }

    /// Removes a row that never became a document (best effort; housekeeping retries).
    async fn forget(&self, db: &impl ConnectionTrait, row: &document::Model) {
        if let Err(e) = document::Entity::delete_by_id(row.id).exec(db).await {
            tracing::warn!(error = %e, document = %row.id, "pending upload row not removed");
        }
    }

    async fn stream_in<S, E>(
        &self,
        storage_key: &str,
        id: Uuid,
        key: Arc<SealingKey>,
        body: S,
    ) -> AppResult<Stored>
    where
        S: Stream<Item = Result<Bytes, E>> + Send + Unpin,
        E: std::fmt::Display,
    {
        let mut writer = self.storage.writer(storage_key).await?;
        match self.pump(&mut writer, id, key, body).await {
            Ok(stored) => match writer.finish().await {
                Ok(_) => Ok(stored),
                Err(e) => {
                    self.storage.delete(storage_key).await.ok();
                    Err(AppError::internal(e))
                }
            },
            Err(e) => {
                if let Err(abort) = writer.abort().await {
                    tracing::warn!(error = %abort, "aborting a refused upload failed");
                }
                Err(e)
            }
        }
    }

    async fn pump<S, E>(
        &self,
        writer: &mut WriteMultipart,
        id: Uuid,
        key: Arc<SealingKey>,
        mut body: S,
    ) -> AppResult<Stored>
    where
        S: Stream<Item = Result<Bytes, E>> + Send + Unpin,
        E: std::fmt::Display,
    {
        let scan = match &self.scanner {
            Some(scanner) => Some(scanner.start().await.map_err(AppError::internal)?),
            None => None,
        };
        let mut intake = Intake {
            enc: Encryptor::new(key, id)?,
            sha: Sha256::default(),
            scan,
            out: Vec::new(),
        };
        let mut head: Vec<u8> = Vec::new();
        let mut content_type = None;
        let mut size: u64 = 0;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| {
                AppError::validation(
                    ErrorReason::UploadAborted,
                    "file",
                    format!("the upload was interrupted: {e}"),
                )
            })?;
            size += chunk.len() as u64;
            if size > self.max_upload {
                return Err(too_large(self.max_upload));
            }
            if content_type.is_some() {
                intake.push(writer, &chunk).await?;
                continue;
            }
            head.extend_from_slice(&chunk);
            if head.len() >= SNIFF_LEN {
                let Some(sniffed) = sniff(&head, false) else {
                    drain(&mut body, size, self.max_upload).await;
                    return Err(unsupported());
                };
                content_type = Some(sniffed);
                intake.push(writer, &std::mem::take(&mut head)).await?;
            }
        }
        let content_type = match content_type {
            Some(t) => t,
            None if head.is_empty() => {
                return Err(AppError::validation(
                    ErrorReason::EmptyFile,
                    "file",
                    "the file is empty",
                ));
            }
            None => {
                let t = sniff(&head, true).ok_or_else(unsupported)?;
                intake.push(writer, &head).await?;
                t
            }
        };
        let Intake {
            enc,
            sha,
            scan,
            mut out,
        } = intake;
        enc.finish(&mut out)?;
        writer.write(&out);
        if let Some(scan) = scan
            && let Verdict::Infected(name) = scan.verdict().await.map_err(AppError::internal)?
        {
            tracing::warn!(signature = %name, "infected upload refused");
            return Err(AppError::validation(
                ErrorReason::Infected,
                "file",
                format!("the virus scanner found {name} in this file; it was not stored"),
            ));
        }
        Ok(Stored {
            content_type,
            size,
            sha256: sha.finish_hex(),
        })
    }

    async fn stored_row(&self, ctx: &Ctx, id: Uuid) -> AppResult<(document::Model, CaseAccess)> {
        let row = document::Entity::find_by_id(id)
            .filter(document::Column::Status.eq(STORED))
            .one(&ctx.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let access = ctx.case_access(row.case_id).await?;
        let classification = row.classification;
        if !sees(ctx, &access, classification) {
            let target = access.target("document", Some(row.id));
            if classification == Classification::Medical
                && (access.is_doctor() || access.is_verified_subject())
            {
                // His own file, but the session lacks the second factor: say so.
                ctx.authorize(&target, DataClass::Medical, Action::Read)
                    .await?;
            }
            // Absent, not locked: the same answer as for an id that does not exist.
            ctx.log_out_of_reach(&target, data_class(classification), Action::Read)
                .await?;
            return Err(AppError::NotFound);
        }
        Ok((row, access))
    }

    /// Opens a document for download.
    pub async fn download(&self, ctx: &Ctx, id: Uuid) -> AppResult<Download> {
        let (row, access) = self.stored_row(ctx, id).await?;
        let key = self.keys.tenant_key(row.tenant_id).await?;
        let stored = self.storage.read(&row.storage_key).await?;
        if row.classification == Classification::Medical {
            ctx.log_allowed(
                &access.target("document", Some(row.id)),
                Action::Read,
                Some("medical document downloaded".into()),
            )
            .await?;
        }
        let mut names = HashMap::new();
        let document = self.view(ctx, &access, &key, &row, &mut names).await?;
        Ok(Download {
            document,
            body: decrypting(stored, Decryptor::new(key, row.id)),
        })
    }

    /// The documents of the case the actor may see, newest first. Listing medical documents
    /// is a medical read and logged.
    pub async fn list(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
        only: Option<Classification>,
    ) -> AppResult<Vec<Document>> {
        let classes: Vec<&str> = [Classification::Medical, Classification::Case]
            .into_iter()
            .filter(|c| only.is_none_or(|o| o == *c) && sees(ctx, access, *c))
            .map(Classification::as_str)
            .collect();
        if classes.is_empty() {
            return Ok(Vec::new());
        }
        let rows = document::Entity::find()
            .filter(document::Column::TenantId.eq(access.tenant_id))
            .filter(document::Column::CaseId.eq(access.case_id))
            .filter(document::Column::Status.eq(STORED))
            .filter(document::Column::Classification.is_in(classes))
            .order_by_desc(document::Column::UploadedAt)
            .order_by_desc(document::Column::Id)
            .all(&ctx.db)
            .await?;
        if rows
            .iter()
            .any(|r| r.classification == Classification::Medical)
        {
            ctx.log_allowed(
                &access.target("medical_documents", Some(access.case_id)),
                Action::Read,
                Some("medical documents listed".into()),
            )
            .await?;
        }
        let key = self.keys.tenant_key(access.tenant_id).await?;
        let mut names = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(self.view(ctx, access, &key, row, &mut names).await?);
        }
        Ok(out)
    }

    /// Deletes a document: its uploader may, and whoever the policy lets delete that class
    /// (HR for case documents, the doctor for medical ones). Logged.
    pub async fn delete(&self, ctx: &Ctx, id: Uuid) -> AppResult<()> {
        let (row, access) = self.stored_row(ctx, id).await?;
        let target = access.target("document", Some(row.id));
        let classification = row.classification;
        if row.uploaded_by != ctx.user()?.user_id {
            ctx.authorize(&target, data_class(classification), Action::Delete)
                .await?;
        }
        document::Entity::delete_by_id(row.id).exec(&ctx.db).await?;
        if let Err(e) = self.storage.delete(&row.storage_key).await {
            // The row is gone, so nothing can reach the sealed object any more.
            tracing::warn!(error = %e, document = %row.id, "stored object not deleted");
        }
        ctx.log_allowed(&target, Action::Delete, Some("document deleted".into()))
            .await
    }

    async fn view(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
        key: &SealingKey,
        row: &document::Model,
        names: &mut HashMap<Uuid, Option<String>>,
    ) -> AppResult<Document> {
        let classification = row.classification;
        let uploaded_by = match names.get(&row.uploaded_by) {
            Some(name) => name.clone(),
            None => {
                let name = identity::repo::user(&ctx.db, row.uploaded_by)
                    .await?
                    .map(|u| u.name);
                names.insert(row.uploaded_by, name.clone());
                name
            }
        };
        let user = ctx.user()?;
        let can_delete = row.uploaded_by == user.user_id
            || decide_for(
                &user.roles,
                &access.relations,
                data_class(classification),
                Action::Delete,
                user.mfa,
            ) == Decision::Allow;
        Ok(Document {
            id: row.id.into(),
            title: open_text(key, row.id, "title", &row.title_sealed)?,
            filename: open_text(key, row.id, "filename", &row.filename_sealed)?,
            classification,
            document_type: row.document_type,
            content_type: row.content_type.clone(),
            size: row.size_bytes,
            sha256: row.sha256.clone(),
            uploaded_at: row.uploaded_at,
            uploaded_by,
            can_delete,
        })
    }

    /// Removes a case's documents of one side for retention (decision 75): the medical ones
    /// (`medical`) or all others. Objects go first, so a failure leaves rows that the next pass
    /// retries, never an object nobody knows of. Returns how many were removed.
    pub async fn purge_case(
        &self,
        db: &impl ConnectionTrait,
        case_id: Uuid,
        medical: bool,
    ) -> AppResult<u64> {
        let class = document::Column::Classification;
        let medical_class = Classification::Medical.as_str();
        let rows = document::Entity::find()
            .filter(document::Column::CaseId.eq(case_id))
            .filter(if medical {
                class.eq(medical_class)
            } else {
                class.ne(medical_class)
            })
            .all(db)
            .await?;
        for row in &rows {
            self.storage.delete(&row.storage_key).await?;
            document::Entity::delete_by_id(row.id).exec(db).await?;
        }
        Ok(rows.len() as u64)
    }

    /// Removes uploads a crash left PENDING (row and object). Run by the worker.
    pub async fn remove_abandoned(
        &self,
        db: &impl ConnectionTrait,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<usize> {
        let rows = document::Entity::find()
            .filter(document::Column::Status.eq(PENDING))
            .filter(document::Column::UploadedAt.lt(now - Duration::hours(ABANDONED_AFTER_HOURS)))
            .all(db)
            .await?;
        for row in &rows {
            self.storage.delete(&row.storage_key).await?;
            document::Entity::delete_by_id(row.id).exec(db).await?;
        }
        Ok(rows.len())
    }
}
