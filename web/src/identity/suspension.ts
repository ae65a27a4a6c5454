import type { TFunction } from 'i18next';

/** The server's reasons for a suspension (English), in the user's language when known. */
const SUSPENSION_REASONS: Record<string, string> = {
  'second factor reset by an administrator': 'identity.access.reason.totpReset',
};

/** Why the employee's medical access was suspended, in words he (and his doctor) reads. */
export function suspensionReason(t: TFunction, reason: string | null | undefined): string | null {
  if (!reason) return null;
  const key = SUSPENSION_REASONS[reason.trim().toLowerCase()];
  return key ? t(key) : reason;
}
