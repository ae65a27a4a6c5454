import { Badge, Button, Card, Group, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationChannel, ApplicationKind, ApplicationStatus, Track2ContactKind } from '../../gql/graphql';
import { FormError } from '../../components/FormError';
import { WRAPPING_BUTTON } from '../../components/wrappingButton';
import { formatDate, todayIso } from '../../dates';
import {
  APPLICATION_CHANNELS,
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  AgencyText,
  CONTACT_KINDS,
  EnumSelect,
  Track2DateField,
  dateProblem,
  optional,
  useAgencyMutation,
  type Track2,
} from './forms';
import { SectionCard } from '../../components/SectionCard';
import { RecordApplicationDocument, RecordContactDocument, UpdateApplicationDocument } from './operations';

/** Entries shown before "show all": the newest, which are the ones still moving. */
const SHOWN = 10;

/**
 * Quick entry of a contact moment, made to be filled in on a phone right after the call: one
 * column, today's date already in, large fields and button.
 */
function ContactForm({ caseId, startedOn }: { caseId: string; startedOn: string }) {
  const { t } = useTranslation();
  const [occurredOn, setOccurredOn] = useState(todayIso());
  const [kind, setKind] = useState<Track2ContactKind>('MEETING');
  const [summary, setSummary] = useState('');
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useAgencyMutation(RecordContactDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const dateError = dateProblem(t, occurredOn, startedOn);
    if (dateError) problems.occurredOn = dateError;
    if (!summary.trim()) problems.summary = t('form.required');
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const result = await submit({ caseId, input: { occurredOn, kind, summary: summary.trim() } }, ['occurredOn', 'summary']);
    if (result) {
      notifications.show({ color: 'green', message: t('agency.contacts.saved') });
      setSummary('');
      setOccurredOn(todayIso());
    }
  }

  return (
    <SectionCard headingId="contact-form-heading" title={t('agency.contacts.quick')}>
      <form onSubmit={onSubmit} noValidate aria-labelledby="contact-form-heading">
        <Stack gap="sm">
          <FormError message={error} />
          <Track2DateField label={t('agency.contacts.date')} value={occurredOn} onChange={setOccurredOn} error={fieldErrors.occurredOn} startedOn={startedOn} />
          <EnumSelect label={t('agency.contacts.kind')} values={CONTACT_KINDS} value={kind} onChange={setKind} labelOf={(k) => t(`agency.contactKind.${k}`)} />
          <AgencyText id="contact-summary" label={t('agency.contacts.summary')} value={summary} onChange={setSummary} error={fieldErrors.summary} required rows={3} />
          <Button type="submit" size="lg" fullWidth loading={fetching} styles={WRAPPING_BUTTON}>
            {t('agency.contacts.save')}
          </Button>
        </Stack>
      </form>
    </SectionCard>
  );
}

/** Quick entry of an application or a proposal: company and position, the rest preset. */
function ApplicationForm({ caseId, startedOn }: { caseId: string; startedOn: string }) {
  const { t } = useTranslation();
  const [company, setCompany] = useState('');
  const [position, setPosition] = useState('');
  const [appliedOn, setAppliedOn] = useState(todayIso());
  const [kind, setKind] = useState<ApplicationKind>('APPLICATION');
  const [channel, setChannel] = useState<ApplicationChannel>('VACANCY');
  const [status, setStatus] = useState<ApplicationStatus>('SENT');
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useAgencyMutation(RecordApplicationDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!company.trim()) problems.company = t('form.required');
    if (!position.trim()) problems.position = t('form.required');
    const dateError = dateProblem(t, appliedOn, startedOn);
    if (dateError) problems.appliedOn = dateError;
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const result = await submit(
      { caseId, input: { company: company.trim(), position: position.trim(), appliedOn, kind, channel, status } },
      ['company', 'position', 'appliedOn'],
    );
    if (result) {
      notifications.show({ color: 'green', message: t(`agency.applications.saved.${kind}`) });
      setCompany('');
      setPosition('');
      setAppliedOn(todayIso());
      setStatus('SENT');
    }
  }

  return (
    <SectionCard headingId="application-form-heading" title={t('agency.applications.quick')}>
      <form onSubmit={onSubmit} noValidate aria-labelledby="application-form-heading">
        <Stack gap="sm">
          <FormError message={error} />
          <EnumSelect label={t('agency.applications.kind')} values={APPLICATION_KINDS} value={kind} onChange={setKind} labelOf={(k) => t(`agency.applicationKind.${k}`)} />
          <TextInput
            size="md"
            label={t('agency.applications.company')}
            value={company}
            onChange={(e) => setCompany(e.currentTarget.value)}
            error={fieldErrors.company}
            required
            maxLength={200}
            autoComplete="off"
          />
          <TextInput
            size="md"
            label={t('agency.applications.position')}
            value={position}
            onChange={(e) => setPosition(e.currentTarget.value)}
            error={fieldErrors.position}
            required
            maxLength={200}
            autoComplete="off"
          />
          <Track2DateField label={t('agency.applications.date')} value={appliedOn} onChange={setAppliedOn} error={fieldErrors.appliedOn} startedOn={startedOn} />
          <EnumSelect
            label={t('agency.applications.channel')}
            values={APPLICATION_CHANNELS}
            value={channel}
            onChange={setChannel}
            labelOf={(c) => t(`agency.applicationChannel.${c}`)}
          />
          <EnumSelect label={t('agency.applications.status')} values={APPLICATION_STATUSES} value={status} onChange={setStatus} labelOf={(s) => t(`agency.applicationStatus.${s}`)} />
          <Button type="submit" size="lg" fullWidth loading={fetching} styles={WRAPPING_BUTTON}>
            {t(`agency.applications.save.${kind}`)}
          </Button>
        </Stack>
      </form>
    </SectionCard>
  );
}

function ShowAll({ total, expanded, onToggle, controls }: { total: number; expanded: boolean; onToggle: () => void; controls: string }) {
  const { t } = useTranslation();
  if (total <= SHOWN) return null;
  return (
    <Group>
      <Button variant="subtle" onClick={onToggle} aria-expanded={expanded} aria-controls={controls}>
        {expanded ? t('agency.list.showFewer') : t('agency.list.showAll', { count: total })}
      </Button>
    </Group>
  );
}

const listStyle = { listStyle: 'none', padding: 0, margin: 0 } as const;

/** The contact moments, newest first. */
function ContactList({ contacts }: { contacts: Track2['contacts'] }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? contacts : contacts.slice(0, SHOWN);
  return (
    <SectionCard headingId="contacts-heading" title={t('agency.contacts.title')}>
      {contacts.length === 0 ? (
        <Text c="dimmed">{t('agency.contacts.none')}</Text>
      ) : (
        <Stack component="ul" gap="xs" style={listStyle} id="contact-list">
          {shown.map((c) => (
            <Card key={c.id} component="li" withBorder radius="sm" padding="sm" data-testid="contact">
              <Stack gap={4}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600}>{formatDate(c.occurredOn)}</Text>
                  <Badge variant="light" color="gray">
                    {t(`agency.contactKind.${c.kind}`)}
                  </Badge>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {c.summary}
                </Text>
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      <ShowAll total={contacts.length} expanded={expanded} onToggle={() => setExpanded((v) => !v)} controls="contact-list" />
    </SectionCard>
  );
}

type Application = Track2['applications'][number];

const STATUS_COLOUR: Record<ApplicationStatus, string> = {
  SENT: 'gray',
  INTERVIEW: 'blue',
  REJECTED: 'red',
  OFFER: 'teal',
  HIRED: 'green',
  WITHDRAWN: 'gray',
};

/**
 * Where an application stands, changed in place. Saving is a separate step so that a slip on
 * the picker does not change the file.
 */
function StatusChange({ application }: { application: Application }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ApplicationStatus>(application.status);
  const [outcome, setOutcome] = useState(application.outcome ?? '');
  const { submit, fetching, error, fieldErrors } = useAgencyMutation(UpdateApplicationDocument);
  const changed = status !== application.status || outcome.trim() !== (application.outcome ?? '');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await submit({ id: application.id, status, outcome: optional(outcome) }, ['outcome']);
    if (result) notifications.show({ color: 'green', message: t('agency.applications.statusSaved', { company: application.company }) });
  }

  // The company in the field names, for screen readers that list the form fields of the page.
  const of = (
    <VisuallyHidden>
      {' '}
      {t('agency.applications.ofCompany', { company: application.company })}
    </VisuallyHidden>
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="xs">
        <FormError message={error} />
        <EnumSelect
          label={
            <>
              {t('agency.applications.changeStatus')}
              {of}
            </>
          }
          values={APPLICATION_STATUSES}
          value={status}
          onChange={setStatus}
          labelOf={(s) => t(`agency.applicationStatus.${s}`)}
        />
        {changed && (
          <>
            <TextInput
              size="md"
              label={
                <>
                  {t('agency.applications.outcome')}
                  {of}
                </>
              }
              value={outcome}
              onChange={(e) => setOutcome(e.currentTarget.value)}
              error={fieldErrors.outcome}
              maxLength={8000}
            />
            <Button type="submit" size="md" loading={fetching} styles={WRAPPING_BUTTON}>
              {t('agency.applications.saveStatus')}
            </Button>
          </>
        )}
      </Stack>
    </form>
  );
}

/** The applications and proposals, newest first, each with its status. */
function ApplicationList({ applications, canEdit }: { applications: Track2['applications']; canEdit: boolean }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? applications : applications.slice(0, SHOWN);
  return (
    <SectionCard headingId="applications-heading" title={t('agency.applications.title')}>
      {applications.length === 0 ? (
        <Text c="dimmed">{t('agency.applications.none')}</Text>
      ) : (
        <Stack component="ul" gap="xs" style={listStyle} id="application-list">
          {shown.map((a) => (
            <Card key={a.id} component="li" withBorder radius="sm" padding="sm" data-testid="application">
              <Stack gap={6}>
                <Title order={4} size="h6" style={{ overflowWrap: 'anywhere' }}>
                  {t('agency.applications.heading', { company: a.company, position: a.position })}
                </Title>
                <Group gap="xs" wrap="wrap">
                  <Text size="sm">{formatDate(a.appliedOn)}</Text>
                  <Badge variant="light" color="gray">
                    {t(`agency.applicationKind.${a.kind}`)}
                  </Badge>
                  <Text size="sm">{t('agency.applications.via', { channel: t(`agency.applicationChannel.${a.channel}`) })}</Text>
                  <Badge variant="light" color={STATUS_COLOUR[a.status]}>
                    {t(`agency.applicationStatus.${a.status}`)}
                  </Badge>
                </Group>
                {a.outcome && (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {a.outcome}
                  </Text>
                )}
                {/* Keyed by what the server has, so a saved change resets the form to it. */}
                {canEdit && <StatusChange key={`${a.status}-${a.outcome ?? ''}`} application={a} />}
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      <ShowAll total={applications.length} expanded={expanded} onToggle={() => setExpanded((v) => !v)} controls="application-list" />
    </SectionCard>
  );
}

/** Contacts and applications: quick entry first (the daily work), then what is recorded. */
export function LogTab({ caseId, track2 }: { caseId: string; track2: Track2 }) {
  return (
    <Stack gap="md">
      {track2.canEdit && (
        <>
          <ApplicationForm caseId={caseId} startedOn={track2.startedOn} />
          <ContactForm caseId={caseId} startedOn={track2.startedOn} />
        </>
      )}
      <ApplicationList applications={track2.applications} canEdit={track2.canEdit} />
      <ContactList contacts={track2.contacts} />
    </Stack>
  );
}
