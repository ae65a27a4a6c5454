import { Button, Card, Checkbox, Code, Group, List, Loader, NativeSelect, NumberInput, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { ReminderPolicyFieldsFragment, ReminderRecipient } from '../../gql/graphql';
import { ERROR_COLOUR } from '../../components/errorColour';
import { FormError } from '../../components/FormError';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { YesNo } from '../../components/YesNo';
import { formatDate, formatDateTime } from '../../dates';
import { errorField, errorMessage } from '../../errors';
import { kindName } from '../../reminders/kindName';
import {
  DigestHourDocument,
  FailedDigestsDocument,
  FailedRemindersDocument,
  ReminderPoliciesDocument,
  SetDigestHourDocument,
  RetryDigestDocument,
  RetryReminderDocument,
  SaveReminderPolicyDocument,
  failedRemindersContext,
} from '../../reminders/operations';
import { usePortal } from '../PortalShell';

type Policy = ReminderPolicyFieldsFragment;
type Field = 'recipients' | 'daysBefore' | 'overdueEveryDays';

/** The server's limits (ReminderPolicyInput): at most 6 moments, each and the interval ≤ 90. */
const MAX_MOMENTS = 6;
const MAX_DAYS = 90;

/** "14, 3, 0" (commas, semicolons or spaces) → [14, 3, 0], largest first; null if invalid. */
function parseDays(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,3}$/.test(p))) return null;
  const days = [...new Set(parts.map(Number))].sort((a, b) => b - a);
  if (days.length > MAX_MOMENTS || days.some((d) => d > MAX_DAYS)) return null;
  return days;
}

/**
 * "Herinneringen": the employer's reminder policy per deadline kind (who is reminded, how many
 * days before the due date, how often after it) for the HR administrator to change and the case
 * manager to read, and the reminders that could not be delivered, to send again.
 */
export function ReminderPoliciesPage() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  const mayEdit = me.roles.includes('HR_ADMIN');
  const [{ data, fetching, error }] = useQuery({ query: ReminderPoliciesDocument });

  return (
    <Page title={t('reminders.policies.title')} context={portalTitle}>
      <Stack gap="xs">
        <Text>{t('reminders.policies.intro')}</Text>
        <List spacing={4}>
          <List.Item>{t('reminders.policies.ruleBefore')}</List.Item>
          <List.Item>{t('reminders.policies.ruleAfter')}</List.Item>
          <List.Item>{t('reminders.policies.ruleAlways')}</List.Item>
          <List.Item>{t('reminders.policies.ruleParties')}</List.Item>
          <List.Item>{t('reminders.policies.ruleCaseManager')}</List.Item>
        </List>
        {!mayEdit && <Text fw={600}>{t('reminders.policies.readOnly')}</Text>}
      </Stack>
      <DigestHour mayEdit={mayEdit} />
      <FormError message={errorMessage(t, error)} />
      {!data && fetching && <Loader aria-label={t('common.loading')} />}
      {data && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={ERROR_COLOUR}>
          {data.reminderPolicies.map((policy) =>
            mayEdit ? <PolicyForm key={policy.kind} policy={policy} /> : <PolicyView key={policy.kind} policy={policy} />,
          )}
        </SimpleGrid>
      )}
      <FailedReminders mayRetry={mayEdit} />
    </Page>
  );
}

/** "07:00" for 7. */
function clockTime(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: clockTime(h) }));

/** The hour of the daily digest for the employer's people: a choice for HR, text for others. */
function DigestHour({ mayEdit }: { mayEdit: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [{ data, error }] = useQuery({ query: DigestHourDocument });
  const [saving, save] = useMutation(SetDigestHourDocument);
  const [chosen, setChosen] = useState<string | null>(null);
  const current = data?.digestHour;
  const value = chosen ?? (current === undefined ? null : String(current));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (value === null) return;
    const result = await save({ hour: Number(value) });
    if (result.data) notifications.show({ color: 'green', message: t('reminders.digestHour.saved', { time: clockTime(result.data.setDigestHour) }) });
  }

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={headingId} data-testid="digest-hour">
      <Stack gap="xs">
        <Title order={3} size="h5" id={headingId}>
          {t('reminders.digestHour.title')}
        </Title>
        <Text size="sm">{t('reminders.digestHour.intro')}</Text>
        <FormError message={errorMessage(t, error ?? saving.error)} />
        {current !== undefined && !mayEdit && <Text fw={600}>{t('reminders.digestHour.current', { time: clockTime(current) })}</Text>}
        {current !== undefined && mayEdit && (
          <form onSubmit={onSubmit}>
            <Group align="flex-end" gap="sm">
              {/* A native list: the phone's own picker. */}
              <NativeSelect label={t('reminders.digestHour.label')} data={HOURS} value={value ?? ''} onChange={(e) => setChosen(e.currentTarget.value)} w={160} />
              <Button type="submit" loading={saving.fetching}>
                {t('reminders.digestHour.save')}
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  );
}

/** The recipients in the order the server offers them, as a readable list. */
function recipientList(t: TFunction, policy: Policy): string {
  const names = policy.allowedRecipients.filter((r) => policy.recipients.includes(r)).map((r) => t(`reminderRecipient.${r}`));
  return names.length > 0 ? names.join(', ') : t('reminders.policies.nobody');
}

/** A policy as text, for users who may read but not change it. */
function PolicyView({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={headingId} data-testid="reminder-policy">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Title order={3} size="h5" id={headingId}>
            {kindName(t, policy.kind)}
          </Title>
          <YesNo value={policy.enabled} yes={t('reminders.policies.on')} no={t('reminders.policies.off')} />
        </Group>
        <Text size="sm">
          <Text span fw={600}>
            {t('reminders.policies.recipients')}
          </Text>{' '}
          {recipientList(t, policy)}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {t('reminders.policies.daysBefore')}:
          </Text>{' '}
          {policy.daysBefore.length > 0 ? policy.daysBefore.join(', ') : t('reminders.policies.noneBefore')}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {t('reminders.policies.after')}:
          </Text>{' '}
          {policy.overdueEveryDays > 0 ? t('reminders.policies.every', { count: policy.overdueEveryDays }) : t('reminders.policies.notAfter')}
        </Text>
      </Stack>
    </Card>
  );
}

/** One deadline kind's policy as a form of its own, saved on its own. */
function PolicyForm({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [{ fetching }, save] = useMutation(SaveReminderPolicyDocument);
  const [enabled, setEnabled] = useState(policy.enabled);
  const [recipients, setRecipients] = useState<ReminderRecipient[]>(policy.recipients);
  const [days, setDays] = useState(policy.daysBefore.join(', '));
  const [every, setEvery] = useState<string | number>(policy.overdueEveryDays);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const name = kindName(t, policy.kind);

  /** Puts focus on the first field in error, which reads out its message. */
  function focusError(field: Field) {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[data-field="${field}"] input, input[data-field="${field}"]`)?.focus());
  }

  function fail(field: Field, message: string) {
    setFieldErrors({ [field]: message });
    focusError(field);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    if (enabled && recipients.length === 0) return fail('recipients', t('reminders.policies.recipientsRequired'));
    const daysBefore = parseDays(days);
    if (!daysBefore) return fail('daysBefore', t('reminders.policies.daysBeforeInvalid'));
    const overdueEveryDays = typeof every === 'number' ? every : Number.NaN;
    if (!Number.isInteger(overdueEveryDays) || overdueEveryDays < 0 || overdueEveryDays > MAX_DAYS) {
      return fail('overdueEveryDays', t('reminders.policies.overdueEveryInvalid'));
    }
    const result = await save({ input: { kind: policy.kind, enabled, recipients, daysBefore, overdueEveryDays } });
    if (result.error || !result.data) {
      const field = errorField(result.error);
      if (field === 'daysBefore') return fail(field, t('reminders.policies.daysBeforeInvalid'));
      if (field === 'overdueEveryDays') return fail(field, t('reminders.policies.overdueEveryInvalid'));
      const message = errorMessage(t, result.error);
      if (field === 'recipients' && message) return fail(field, message);
      setError(message);
      return;
    }
    // The server orders the moments and drops doubles; show what it stored.
    const saved = result.data.saveReminderPolicy;
    setDays(saved.daysBefore.join(', '));
    setEvery(saved.overdueEveryDays);
    setRecipients(saved.recipients);
    notifications.show({ color: 'green', message: t('reminders.policies.saved', { kind: name }) });
  }

  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="form"
      ref={formRef}
      onSubmit={onSubmit}
      aria-labelledby={`${id}-heading`}
      noValidate
      data-testid="reminder-policy"
    >
      <Stack gap="sm">
        <Title order={3} size="h5" id={`${id}-heading`}>
          {name}
        </Title>
        <Switch label={t('reminders.policies.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        <Checkbox.Group
          label={t('reminders.policies.recipients')}
          value={recipients}
          onChange={(v) => setRecipients(v as ReminderRecipient[])}
          error={fieldErrors.recipients}
          data-field="recipients"
        >
          {/* Only whom the server allows for this step: the doctor his own, the agency track 2. */}
          <Stack gap={6} mt={6}>
            {policy.allowedRecipients.map((r) => (
              <Checkbox key={r} value={r} label={t(`reminderRecipient.${r}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        <TextInput
          label={t('reminders.policies.daysBefore')}
          description={t('reminders.policies.daysBeforeHint')}
          value={days}
          onChange={(e) => setDays(e.currentTarget.value)}
          error={fieldErrors.daysBefore}
          autoComplete="off"
          data-field="daysBefore"
          maw={320}
        />
        <NumberInput
          label={t('reminders.policies.overdueEvery')}
          description={t('reminders.policies.overdueEveryHint')}
          value={every}
          onChange={setEvery}
          error={fieldErrors.overdueEveryDays}
          min={0}
          max={MAX_DAYS}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          data-field="overdueEveryDays"
          maw={320}
        />
        <FormError message={error} />
        <Group>
          <Button type="submit" loading={fetching}>
            {t('reminders.policies.save')}
            <VisuallyHidden>{` — ${name}`}</VisuallyHidden>
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** One undelivered e-mail: a reminder of one step, or a daily overview of all of a person's cases. */
interface Undelivered {
  id: string;
  digest: boolean;
  recipient: string;
  employee: string | null;
  kind: string | null;
  on: string;
  attempts: number;
  lastError: string | null;
  queuedAt: string;
}

/**
 * Reminders and daily overviews the mail relay kept refusing for three days, newest first, each
 * to send again.
 */
function FailedReminders({ mayRetry }: { mayRetry: boolean }) {
  const { t } = useTranslation();
  const context = useMemo(() => failedRemindersContext, []);
  const [reminders] = useQuery({ query: FailedRemindersDocument, context });
  const [digests] = useQuery({ query: FailedDigestsDocument, context });
  const [retrying, setRetrying] = useState<string | null>(null);
  const [, retryReminder] = useMutation(RetryReminderDocument);
  const [, retryDigest] = useMutation(RetryDigestDocument);
  const loaded = reminders.data && digests.data;
  const rows: Undelivered[] = [
    ...(digests.data?.failedDigests ?? []).map((d) => ({
      id: d.id,
      digest: true,
      recipient: d.recipient,
      employee: null,
      kind: null,
      on: d.day,
      attempts: d.attempts,
      lastError: d.lastError ?? null,
      queuedAt: d.queuedAt,
    })),
    ...(reminders.data?.failedReminders ?? []).map((r) => ({
      id: r.id,
      digest: false,
      recipient: r.recipient,
      employee: r.employee,
      kind: r.kind,
      on: r.dueOn,
      attempts: r.attempts,
      lastError: r.lastError ?? null,
      queuedAt: r.queuedAt,
    })),
  ].sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));

  async function onRetry(row: Undelivered) {
    setRetrying(row.id);
    const result = row.digest
      ? await retryDigest({ id: row.id }, failedRemindersContext)
      : await retryReminder({ id: row.id }, failedRemindersContext);
    setRetrying(null);
    if (result.error) notifications.show({ color: 'red', message: errorMessage(t, result.error) });
    else notifications.show({ color: 'green', message: t(row.digest ? 'reminders.failed.retriedDigest' : 'reminders.failed.retried') });
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby="failed-heading">
      <Title order={3} size="h4" id="failed-heading">
        {t('reminders.failed.title')}
      </Title>
      <Text size="sm">{t('reminders.failed.intro')}</Text>
      <FormError message={errorMessage(t, reminders.error ?? digests.error)} />
      {!loaded && (reminders.fetching || digests.fetching) && <Loader aria-label={t('common.loading')} />}
      {loaded && rows.length === 0 && <Text role="status">{t('reminders.failed.none')}</Text>}
      {rows.length > 0 && (
        <ScrollTable caption={t('reminders.failed.title')} minWidth={860}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('reminders.failed.recipient')}</Table.Th>
              <Table.Th scope="col">{t('reminders.failed.employee')}</Table.Th>
              <Table.Th scope="col">{t('reminders.failed.step')}</Table.Th>
              <Table.Th scope="col">{t('reminders.failed.attempts')}</Table.Th>
              <Table.Th scope="col">{t('reminders.failed.lastError')}</Table.Th>
              {mayRetry && <Table.Th scope="col">{t('users.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Th scope="row" fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {r.recipient}
                </Table.Th>
                <Table.Td>{r.employee ?? t('reminders.failed.allCases')}</Table.Td>
                <Table.Td>
                  <Text size="sm">{r.kind ? kindName(t, r.kind) : t('reminders.failed.digest')}</Text>
                  <Text size="sm" c="dimmed">
                    {r.digest
                      ? t('reminders.failed.digestOf', { date: formatDate(r.on) })
                      : t('caseCommon.due', { date: formatDate(r.on) })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.attempts}</Text>
                  <Text size="sm" c="dimmed">
                    {t('reminders.failed.queuedAt', { date: formatDateTime(r.queuedAt) })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {/* The relay's own words (often English): what went wrong, for whoever fixes it. */}
                  {r.lastError ? <Code className="code-wrap">{r.lastError}</Code> : '–'}
                </Table.Td>
                {mayRetry && (
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="default"
                      loading={retrying === r.id}
                      onClick={() => void onRetry(r)}
                      aria-label={t(r.digest ? 'reminders.failed.retryDigestLabel' : 'reminders.failed.retryLabel', { recipient: r.recipient })}
                    >
                      {t('reminders.failed.retry')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
    </Stack>
  );
}
