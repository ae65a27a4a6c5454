import type { TFunction } from 'i18next';

/**
 * The Dutch (or English) name of what a task or reminder is about: a `DeadlineKind` name or
 * `EXPERT_OPINION_ANSWER` (both under `deadline.`). The API sends it as a string, so a kind
 * added on the server later shows as its code rather than as a missing key.
 */
export function kindName(t: TFunction, kind: string): string {
  return t(`deadline.${kind}`, { defaultValue: kind });
}
