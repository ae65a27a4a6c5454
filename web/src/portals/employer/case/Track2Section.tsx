import { Anchor, Button, Card, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { Role } from '../../../gql/graphql';
import { ERROR_COLOUR } from '../../../components/errorColour';
import { FormError } from '../../../components/FormError';
import { QueryState } from '../../../components/QueryState';
import { caseContext } from '../../../cases/operations';
import { todayIso } from '../../../dates';
import { errorField, errorMessage, errorReason } from '../../../errors';
import { EffortIndicator } from '../../../track2/EffortIndicator';
import { Track2Reports } from '../../../track2/Track2Reports';
import { ActivitiesList, AgreementFacts, ApplicationsList, ContactsList, ProfileSummary, Track2Counts, type Track2View } from '../../../track2/Track2Parts';
import { CaseTrack2Document, track2Context } from '../../../track2/operations';
import { DateField } from '../../../cases/forms';
import { SectionCard } from '../../../components/SectionCard';
import { AssignAgencyDocument, Track2ConsultantsDocument } from './operations';

/** Engaging an agency changes the case too (deadline of the track 2 start, risk signals). */
const assignContext = { additionalTypenames: [...caseContext.additionalTypenames, 'Track2'] };

/** The lowest and highest agreed intensity per month the server accepts. */
const MIN_PER_MONTH = 0;
const MAX_PER_MONTH = 60;

/** Texts for the refusals of assignAgency that the shared error texts do not cover. */
function assignError(t: TFunction, error: CombinedError): string | null {
  switch (errorReason(error)) {
    case 'NOT_ENGAGED':
      return t('track2.errors.NOT_ENGAGED');
    case 'CONSULTANT_REQUIRED':
      return t('track2.errors.CONSULTANT_REQUIRED');
    default:
      return errorMessage(t, error);
  }
}

type Agency = { id: string; name: string; consultants: { id: string; name: string }[] };

/**
 * Engages one of the employer's agencies on the case with a consultant, a start date and the
 * agreed intensity; with `current`, changes that agreement (the same mutation).
 */
function EngageForm({ caseId, current, isHr, onDone }: { caseId: string; current?: Track2View; isHr: boolean; onDone?: () => void }) {
  const { t } = useTranslation();
  const [{ data, fetching: loading, error: loadError }, reload] = useQuery({ query: Track2ConsultantsDocument, variables: { caseId } });
  const agencies = useMemo<Agency[]>(() => {
    const byId = new Map<string, Agency>();
    for (const u of data?.assignableUsers ?? []) {
      if (u.role !== 'REINTEGRATION_CONSULTANT') continue;
      const agency = byId.get(u.organisation.id) ?? { id: u.organisation.id, name: u.organisation.name, consultants: [] };
      agency.consultants.push({ id: u.id, name: u.name });
      byId.set(agency.id, agency);
    }
    const list = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const a of list) a.consultants.sort((x, y) => x.name.localeCompare(y.name));
    return list;
  }, [data]);

  // null: not chosen by the user yet, so the default applies (the current one, or the only one).
  const [chosenAgency, setChosenAgency] = useState<string | null>(null);
  const [chosenConsultant, setChosenConsultant] = useState<string | null>(null);
  const [startedOn, setStartedOn] = useState(current?.startedOn ?? todayIso());
  const [contacts, setContacts] = useState<number | string>(current?.contactsPerMonth ?? 2);
  const [applications, setApplications] = useState<number | string>(current?.applicationsPerMonth ?? 4);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [{ fetching }, assign] = useMutation(AssignAgencyDocument);

  const agencyId = chosenAgency ?? current?.agency?.id ?? (agencies.length === 1 ? agencies[0].id : '');
  const agency = agencies.find((a) => a.id === agencyId);
  const consultants = agency?.consultants ?? [];
  const defaultConsultant =
    (current?.agency?.id === agencyId && current?.consultant && consultants.some((c) => c.id === current.consultant?.id) ? current.consultant.id : null) ??
    (consultants.length === 1 ? consultants[0].id : '');
  const consultantId = chosenConsultant ?? defaultConsultant;

  function perMonthProblem(value: number | string): string | undefined {
    const n = typeof value === 'number' ? value : Number.NaN;
    if (!Number.isInteger(n) || n < MIN_PER_MONTH || n > MAX_PER_MONTH) return t('track2.engage.perMonthRange', { min: MIN_PER_MONTH, max: MAX_PER_MONTH });
    return undefined;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const next: Record<string, string> = {};
    if (!agency) next.organisationId = t('track2.engage.agencyRequired');
    else if (!consultantId) next.consultantId = t('track2.engage.consultantRequired');
    if (!startedOn) next.startedOn = t('form.required');
    else if (startedOn > todayIso()) next.startedOn = t('errors.DATE_IN_FUTURE');
    const c = perMonthProblem(contacts);
    if (c) next.contactsPerMonth = c;
    const a = perMonthProblem(applications);
    if (a) next.applicationsPerMonth = a;
    setProblems(next);
    if (Object.keys(next).length > 0 || !agency) return;
    const result = await assign(
      {
        caseId,
        organisationId: agency.id,
        consultantId: consultantId || null,
        startedOn,
        contactsPerMonth: Number(contacts),
        applicationsPerMonth: Number(applications),
      },
      assignContext,
    );
    if (result.error) {
      const message = assignError(t, result.error);
      const field = errorReason(result.error) === 'CONSULTANT_REQUIRED' ? 'consultantId' : errorField(result.error);
      if (message && field && ['organisationId', 'consultantId', 'startedOn', 'contactsPerMonth', 'applicationsPerMonth'].includes(field)) setProblems({ [field]: message });
      else setFormError(message);
      return;
    }
    notifications.show({ color: 'green', message: t(current ? 'track2.engage.changed' : 'track2.engage.engaged', { agency: agency.name }) });
    onDone?.();
  }

  if (!data) return <QueryState loading={loading} error={loadError} onRetry={() => reload({ requestPolicy: 'network-only' })} />;
  if (agencies.length === 0)
    return (
      <Text role="status">
        {t('track2.engage.noAgencies')}{' '}
        {isHr && (
          <Anchor component={Link} to="/werkgever/dienstverleners">
            {t('track2.engage.toProviders')}
          </Anchor>
        )}
      </Text>
    );

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t(current ? 'track2.engage.changeTitle' : 'track2.engage.title')} style={ERROR_COLOUR}>
      <Stack gap="sm">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={t('track2.engage.agency')}
            value={agencyId}
            onChange={(e) => {
              setChosenAgency(e.currentTarget.value);
              setChosenConsultant(null);
            }}
            data={[{ value: '', label: t('track2.engage.chooseAgency'), disabled: true }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]}
            error={problems.organisationId}
            required
          />
          <NativeSelect
            label={t('track2.engage.consultant')}
            value={consultantId}
            onChange={(e) => setChosenConsultant(e.currentTarget.value)}
            data={[
              { value: '', label: agency ? t('track2.engage.chooseConsultant') : t('track2.engage.chooseAgencyFirst'), disabled: true },
              ...consultants.map((c) => ({ value: c.id, label: c.name })),
            ]}
            error={problems.consultantId}
            disabled={!agency}
            required
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DateField label={t('track2.engage.startedOn')} value={startedOn} onChange={setStartedOn} error={problems.startedOn} />
          <NumberInput
            label={t('track2.engage.contactsPerMonth')}
            value={contacts}
            onChange={setContacts}
            min={MIN_PER_MONTH}
            max={MAX_PER_MONTH}
            allowDecimal={false}
            allowNegative={false}
            error={problems.contactsPerMonth}
            required
          />
          <NumberInput
            label={t('track2.engage.applicationsPerMonth')}
            value={applications}
            onChange={setApplications}
            min={MIN_PER_MONTH}
            max={MAX_PER_MONTH}
            allowDecimal={false}
            allowNegative={false}
            error={problems.applicationsPerMonth}
            required
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {t('track2.engage.intensityHint')}
        </Text>
        <Group justify="flex-end">
          {onDone && current && (
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={fetching}>
            {t(current ? 'track2.engage.saveChange' : 'track2.engage.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Agreement({ caseId, track2, mayEngage, isHr }: { caseId: string; track2: Track2View; mayEngage: boolean; isHr: boolean }) {
  const { t } = useTranslation();
  const [changing, setChanging] = useState(false);
  const running = !track2.endedOn;
  return (
    <SectionCard headingId="track2-agreement-heading" title={t('track2.employer.agreementTitle')}>
      <AgreementFacts track2={track2} />
      {!running && <Text size="sm">{t('track2.employer.ended')}</Text>}
      {running && mayEngage && !changing && (
        <Group>
          <Button variant="light" onClick={() => setChanging(true)}>
            {t('track2.engage.change')}
          </Button>
        </Group>
      )}
      {running && mayEngage && changing && (
        <Card withBorder radius="sm" padding="sm">
          <Stack gap="xs">
            <Title order={4} size="h5">
              {t('track2.engage.changeTitle')}
            </Title>
            <EngageForm caseId={caseId} current={track2} isHr={isHr} onDone={() => setChanging(false)} />
          </Stack>
        </Card>
      )}
      {running && !mayEngage && (
        <Text size="sm" c="dimmed">
          {t('track2.engage.whoMay')}
        </Text>
      )}
    </SectionCard>
  );
}

/**
 * Track 2 (spoor 2) on the employer's case page. Without track 2, HR and the case manager
 * engage an agency; with it, the employer follows what the agency does: the agreement, the
 * effort against it, the profile, applications and proposals, activities, contacts and the
 * reports. Only the agency records these, so the employer reads them.
 */
export function Track2Section({ caseId, caseOpen, roles }: { caseId: string; caseOpen: boolean; roles: Role[] }) {
  const { t } = useTranslation();
  const mayEngage = roles.some((r) => r === 'HR_ADMIN' || r === 'CASE_MANAGER');
  const isHr = roles.includes('HR_ADMIN');
  const [{ data, fetching, error }, refetch] = useQuery({ query: CaseTrack2Document, variables: { id: caseId }, context: track2Context });
  const track2 = data?.case?.track2;

  if (!data) return <QueryState loading={fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;

  if (!track2)
    return (
      <SectionCard headingId="track2-engage-heading" title={t('track2.employer.noneTitle')}>
        <Text>{t('track2.employer.none')}</Text>
        <Text size="sm">{t('track2.employer.whenToStart')}</Text>
        {caseOpen && mayEngage && (
          <>
            <Title order={4} size="h5">
              {t('track2.engage.title')}
            </Title>
            <EngageForm caseId={caseId} isHr={isHr} />
          </>
        )}
        {caseOpen && !mayEngage && (
          <Text size="sm" c="dimmed">
            {t('track2.engage.whoMay')}
          </Text>
        )}
      </SectionCard>
    );

  return (
    <Stack gap="md">
      <Text size="sm">{t('track2.employer.intro')}</Text>
      <Agreement caseId={caseId} track2={track2} mayEngage={mayEngage && caseOpen} isHr={isHr} />
      <SectionCard headingId="track2-effort-heading" title={t('track2.employer.effortTitle')}>
        <EffortIndicator effort={track2.effort} contactsPerMonth={track2.contactsPerMonth} applicationsPerMonth={track2.applicationsPerMonth} />
      </SectionCard>
      <SectionCard headingId="track2-progress-heading" title={t('track2.employer.progressTitle')}>
        <Track2Counts track2={track2} />
      </SectionCard>
      <SectionCard headingId="track2-profile-heading" title={t('track2.employer.profileTitle')}>
        <ProfileSummary track2={track2} level={4} />
      </SectionCard>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <SectionCard headingId="track2-applications-heading" title={t('track2.applications.title')}>
          <ApplicationsList applications={track2.applications} />
        </SectionCard>
        <SectionCard headingId="track2-activities-heading" title={t('track2.activities.title')}>
          <ActivitiesList activities={track2.activities} />
        </SectionCard>
      </SimpleGrid>
      <SectionCard headingId="track2-contacts-heading" title={t('track2.contacts.title')}>
        <ContactsList contacts={track2.contacts} />
      </SectionCard>
      <SectionCard headingId="track2-reports-heading" title={t('track2.reports.title')}>
        <Track2Reports reports={track2.reports} headingLevel={4} />
      </SectionCard>
    </Stack>
  );
}
