import { NativeSelect, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ComponentProps, ReactNode } from 'react';
import type { AnyVariables, CombinedError, DocumentInput } from 'urql';
import type {
  AgencyTrack2FieldsFragment,
  ApplicationChannel,
  ApplicationKind,
  ApplicationStatus,
  Track2ActivityKind,
  Track2ContactKind,
  Track2ReportKind,
} from '../../gql/graphql';
import { formatDate, todayIso } from '../../dates';
import { errorMessage, errorReason } from '../../errors';
import { EmployerText } from '../../cases/forms';
import { useFormMutation } from '../../components/useFormMutation';
import i18n from '../../i18n';

// Shared pieces of the consultant's case page: the mutation hook, the fields, the enum lists.

export type Track2 = AgencyTrack2FieldsFragment;

export const CONTACT_KINDS: Track2ContactKind[] = ['MEETING', 'PHONE', 'VIDEO', 'MESSAGE'];
export const APPLICATION_KINDS: ApplicationKind[] = ['APPLICATION', 'PROPOSAL'];
export const APPLICATION_CHANNELS: ApplicationChannel[] = ['VACANCY', 'OPEN', 'NETWORK', 'AGENCY', 'EMPLOYMENT_AGENCY', 'OTHER'];
export const APPLICATION_STATUSES: ApplicationStatus[] = ['SENT', 'INTERVIEW', 'REJECTED', 'OFFER', 'HIRED', 'WITHDRAWN'];
export const ACTIVITY_KINDS: Track2ActivityKind[] = ['TRAINING', 'COURSE', 'COACHING', 'WORK_PLACEMENT', 'OTHER'];
export const REPORT_KINDS: Track2ReportKind[] = ['PROGRESS', 'FINAL'];

/**
 * The error in Dutch: track 2's own reasons (an ended track, a submitted report) have texts of
 * their own here; everything else goes through the app's error texts.
 */
export function agencyErrorMessage(t: TFunction, error: CombinedError | null | undefined): string | null {
  const reason = errorReason(error);
  if (reason && i18n.exists(`agency.errors.${reason}`)) return t(`agency.errors.${reason}`);
  return errorMessage(t, error);
}

/** A mutation behind one of the consultant's forms, worded with track 2's own error texts. */
export function useAgencyMutation<Data, Variables extends AnyVariables>(document: DocumentInput<Data, Variables>) {
  return useFormMutation(document, agencyErrorMessage);
}

/**
 * Why a date of track 2 is refused before it is sent: the server takes no date in the future
 * and none before the start of track 2.
 */
export function dateProblem(t: TFunction, value: string, startedOn: string, future = false): string | undefined {
  if (!value) return t('form.required');
  if (!future && value > todayIso()) return t('agency.form.future');
  if (value < startedOn) return t('agency.form.beforeStart', { date: formatDate(startedOn) });
  return undefined;
}

/** A date field with the native picker (the phone's own), within track 2 and not after today. */
export function Track2DateField({
  label,
  value,
  onChange,
  error,
  startedOn,
  future = false,
  required = true,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  startedOn: string;
  future?: boolean;
  required?: boolean;
}) {
  return (
    <TextInput
      type="date"
      size="md"
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      min={startedOn}
      max={future ? undefined : todayIso()}
      error={error}
      required={required}
    />
  );
}

/** A choice from an enum, as the phone's own picker (large and familiar on a small screen). */
export function EnumSelect<T extends string>({
  label,
  values,
  value,
  onChange,
  labelOf,
}: {
  label: ReactNode;
  values: readonly T[];
  value: T;
  onChange: (v: T) => void;
  labelOf: (v: T) => string;
}) {
  return (
    <NativeSelect
      size="md"
      label={label}
      data={values.map((v) => ({ value: v, label: labelOf(v) }))}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as T)}
    />
  );
}

/** A free text of the consultant: the employer's field, larger for thumbs, with room for a report. */
export function AgencyText(props: ComponentProps<typeof EmployerText>) {
  return <EmployerText size="md" maxLength={8000} {...props} />;
}

/** Text the user typed, or null when only spaces (the API clears a field with null). */
export const optional = (value: string) => value.trim() || null;
