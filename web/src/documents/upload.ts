import type { Classification, DocumentType } from '../gql/graphql';
import { RestError } from '../errors';
import { restError, withToken } from './rest';

/** The server's default limit (50 MB); checked before sending, so nobody waits for a refusal. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** What the file picker offers: the kinds the server accepts (it checks the bytes itself). */
export const ACCEPTED_TYPES = 'application/pdf,image/jpeg,image/png,image/heic,.heic,.docx,.odt,.txt';

export interface UploadRequest {
  caseId: string;
  file: File;
  classification: Classification;
  documentType: DocumentType;
  title: string;
}

/**
 * Sends a file to `POST /api/cases/{id}/documents` as the raw body. XMLHttpRequest rather than
 * fetch: only it reports upload progress (`onProgress` gets 0..1). Rejects with a RestError
 * (status 0 when the server was not reached), or an AbortError when `signal` aborts.
 */
export function uploadDocument(request: UploadRequest, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<void> {
  const { caseId, file, classification, documentType, title } = request;
  const send = (token: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/cases/${encodeURIComponent(caseId)}/documents`);
      xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.setRequestHeader('X-Classification', classification);
      xhr.setRequestHeader('X-Document-Type', documentType);
      // Header values are ASCII: names and titles go percent-encoded (UTF-8).
      xhr.setRequestHeader('X-Filename', encodeURIComponent(file.name));
      if (title.trim()) xhr.setRequestHeader('X-Title', encodeURIComponent(title.trim()));
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
      xhr.onerror = () => reject(new RestError(0));
      xhr.onabort = () => reject(new DOMException('upload stopped', 'AbortError'));
      if (signal.aborted) {
        reject(new DOMException('upload stopped', 'AbortError'));
        return;
      }
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
      onProgress(0);
      xhr.send(file);
    });
  return withToken(send).then(({ status, body }) => {
    if (status !== 201) throw restError(status, body);
  });
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
