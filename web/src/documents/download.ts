import { useState } from 'react';
import { RestError } from '../errors';
import { restError, withToken } from './rest';

export const documentUrl = (id: string) => `/api/documents/${encodeURIComponent(id)}`;
export const rivPdfUrl = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/riv.pdf`;
export const medicalPdfUrl = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/medical.pdf`;

/** The file name of `Content-Disposition` (RFC 6266: the UTF-8 `filename*` first). */
function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      // fall back to the ASCII name
    }
  }
  return /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
}

/**
 * Downloads a file that needs the bearer token (a plain link cannot send it): fetches it, and
 * hands the bytes to the browser through a temporary object URL and `<a download>`.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const response = await withToken((token) =>
    fetch(url, { headers: { Authorization: `Bearer ${token}` } }).catch(() => {
      throw new RestError(0);
    }),
  );
  if (!response.ok) throw restError(response.status, await response.text());
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = filenameOf(response.headers.get('Content-Disposition')) ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  // Browsers read the blob after click() returns; revoke once the download has it.
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Downloads started from buttons: which one runs (`busy` is its key) and the last error. */
export function useDownload() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  async function start(key: string, url: string, fallbackName: string) {
    setBusy(key);
    setError(null);
    try {
      await downloadFile(url, fallbackName);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(null);
    }
  }
  return { start, busy, error };
}
