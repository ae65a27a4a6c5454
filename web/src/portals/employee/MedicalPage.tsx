import { QueryState } from '../../components/QueryState';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, List, Loader, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { ConsentPart, EmployeeAccessLogQuery, EmployeeMedicalFileQuery } from '../../gql/graphql';
import { signOut } from '../../auth/session';
import { ConfirmInRow } from '../../components/ConfirmInRow';
import { FormError } from '../../components/FormError';
import { SectionCard } from '../../components/SectionCard';
import { Page } from '../../components/Page';
import { WRAPPING_BUTTON } from '../../components/wrappingButton';
import { formatDate, formatDateTime } from '../../dates';
import { errorMessage } from '../../errors';
import { LogoutDocument } from '../../graphql/operations';
import { DocumentList } from '../../documents/DocumentsPanel';
import { PdfDownload } from '../../documents/PdfDownload';
import { medicalPdfUrl } from '../../documents/download';
import { usePortal } from '../PortalShell';
import { MyCases } from './MyCases';
import { MEDICAL_FILE_PATH } from './MedicalFileLink';
import { sharingParties, type SharingParty } from './consentParties';
import { MyMedicalAccessDocument } from '../../identity/operations';
import { MedicalAccessGate, VerifiedNote } from './MedicalActivation';
import {
  EmployeeAccessLogDocument,
  EmployeeGrantConsentDocument,
  EmployeeMedicalFileDocument,
  EmployeeRevokeConsentDocument,
  medicalContext,
} from './medicalOperations';

type MedicalCase = NonNullable<EmployeeMedicalFileQuery['case']>;
type MedicalFile = NonNullable<MedicalCase['medicalFile']>;
type Consultation = MedicalFile['consultations'][number];
type Assessment = MedicalFile['assessments'][number];
type Consent = MedicalCase['consents'][number];
type LogEntry = EmployeeAccessLogQuery['accessLog'][number];

const SECURITY_PATH = '/werknemer/beveiliging';
const CASE_PATH = '/werknemer/mijn-verzuim';
const PARTS: ConsentPart[] = ['CONSULTATIONS', 'PROBLEM_ANALYSIS', 'CURRENT_ASSESSMENT'];
/** Access-log entries shown at first and added by every "show more". */
const LOG_STEP = 50;
/** Long words (e-mail addresses, names of organisations) wrap instead of widening the page. */
const WRAP = { overflowWrap: 'anywhere' } as const;
const PRE_WRAP = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/** True when the server refused because the session lacks the second factor. */
function needsSecondFactor(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.reason === 'MFA_REQUIRED');
}

/** A label in bold and its text below, shown only when there is text. */
function Field({ label, value }: { label: string; value: string | null | undefined }) {
  if (!value?.trim()) return null;
  return (
    <div>
      <Text fw={600} size="sm">
        {label}
      </Text>
      <Text style={PRE_WRAP}>{value}</Text>
    </div>
  );
}

/** "Mijn medisch dossier": the employee's medical file and documents, the medical part for UWV,
 * his consents and who accessed his data. */
export function MedicalPage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  // Whether his doctor verified this account (activation code); read afresh on every visit.
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyMedicalAccessDocument, requestPolicy: 'network-only' });
  const [justActivated, setJustActivated] = useState(false);
  const access = data?.me.medicalAccess;
  const open = data && (!access || access.status === 'ACTIVE');

  return (
    <Page title={t('employeeMedical.title')} context={portalTitle}>
      <Text>{t('employeeMedical.intro')}</Text>
      {!data && <QueryState loading={fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {data && access && !open && (
        <MedicalAccessGate
          access={access}
          mfaVerified={data.me.mfaVerified}
          secondFactor={<SecondFactorNeeded />}
          onActivated={() => {
            setJustActivated(true);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
      {open && (
        <>
          {access && <VerifiedNote access={access} justActivated={justActivated} />}
          <MyCases texts="employeeMedical">{(caseId) => <MedicalCaseView key={caseId} caseId={caseId} />}</MyCases>
        </>
      )}
    </Page>
  );
}

function MedicalCaseView({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  // Every visit reads afresh (and is logged): medical data is not shown from an old cache.
  const [{ data, fetching, error }, refetch] = useQuery({
    query: EmployeeMedicalFileDocument,
    variables: { id: caseId },
    context: medicalContext,
    requestPolicy: 'network-only',
  });

  if (needsSecondFactor(error)) return <SecondFactorNeeded />;
  if (!data) {
    if (error)
      return (
        <Stack gap="xs" align="flex-start">
          <FormError message={errorMessage(t, error)} />
          <Button variant="default" onClick={() => refetch({ requestPolicy: 'network-only' })}>
            {t('common.retry')}
          </Button>
        </Stack>
      );
    return fetching ? <Loader aria-label={t('common.loading')} /> : null;
  }
  const c = data.case;
  if (!c) return <FormError message={t('caseCommon.notFound')} />;

  return (
    <Stack gap="lg">
      <FormError message={errorMessage(t, error)} />
      <FileSection file={c.medicalFile} />
      <DocumentsSection c={c} />
      <ConsentsSection c={c} />
      <AccessLogSection caseId={c.id} />
    </Stack>
  );
}

// ----- the second factor is missing ----------------------------------------------------------

function SecondFactorNeeded() {
  const { t } = useTranslation();
  const { me } = usePortal();
  const navigate = useNavigate();
  const [logoutState, logout] = useMutation(LogoutDocument);

  async function logoutAndLogin() {
    await logout({}).catch(() => undefined);
    signOut();
    navigate('/inloggen', { replace: true, state: { from: MEDICAL_FILE_PATH } });
  }

  return (
    <SectionCard headingId="second-factor-heading" linkTarget title={t('employeeMedical.mfa.title')}>
      <Text>{t('employeeMedical.mfa.why')}</Text>
      <Text>{t('employeeMedical.mfa.whatIsHidden')}</Text>
      {me.totpEnabled ? (
        <>
          <Text>{t('employeeMedical.mfa.alreadySetUp')}</Text>
          <Group>
            <Button onClick={logoutAndLogin} loading={logoutState.fetching} styles={WRAPPING_BUTTON}>
              {t('employeeMedical.mfa.logoutAndLogin')}
            </Button>
          </Group>
        </>
      ) : (
        <>
          <Text>{t('employeeMedical.mfa.setUp')}</Text>
          <Group>
            <Button component={Link} to={SECURITY_PATH} styles={WRAPPING_BUTTON}>
              {t('employeeMedical.mfa.toSecurity')}
            </Button>
          </Group>
          <Text size="sm">{t('employeeMedical.mfa.afterSetUp')}</Text>
        </>
      )}
    </SectionCard>
  );
}

// ----- (a) the medical file ------------------------------------------------------------------

function FileSection({ file }: { file: MedicalFile | null | undefined }) {
  const { t } = useTranslation();
  const consultations = file?.consultations ?? [];
  const assessments = file?.assessments ?? [];
  const empty = !file?.diagnosis && consultations.length === 0 && assessments.length === 0;
  return (
    <SectionCard headingId="medical-file-heading" linkTarget title={t('employeeMedical.file.title')}>
      <Alert color="blue" variant="light">
        {t('employeeMedical.file.who')}
      </Alert>
      {empty ? (
        <Text>{t('employeeMedical.file.empty')}</Text>
      ) : (
        <>
          <Field label={t('employeeMedical.file.diagnosis')} value={file?.diagnosis} />
          <Stack gap="xs">
            <Title order={4} size="h5">
              {t('employeeMedical.file.consultations')}
            </Title>
            {consultations.length === 0 ? (
              <Text c="dimmed">{t('employeeMedical.file.noConsultations')}</Text>
            ) : (
              consultations.map((c) => <ConsultationCard key={c.id} consultation={c} />)
            )}
          </Stack>
          <Stack gap="xs">
            <Title order={4} size="h5">
              {t('employeeMedical.file.assessments')}
            </Title>
            {assessments.length === 0 ? (
              <Text c="dimmed">{t('employeeMedical.file.noAssessments')}</Text>
            ) : (
              assessments.map((a) => <AssessmentCard key={a.id} assessment={a} />)
            )}
          </Stack>
        </>
      )}
    </SectionCard>
  );
}

function ConsultationCard({ consultation: c }: { consultation: Consultation }) {
  const { t } = useTranslation();
  const headingId = `consultation-${c.id}`;
  return (
    <Card withBorder radius="md" padding="sm" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={5} size="h6" id={headingId}>
          {t('employeeMedical.file.consultation', { date: formatDate(c.date) })}
        </Title>
        <Field label={t('employeeMedical.file.complaints')} value={c.complaints} />
        <Field label={t('employeeMedical.file.consultationDiagnosis')} value={c.diagnosis} />
        <Field label={t('employeeMedical.file.notes')} value={c.notes} />
        <Field label={t('employeeMedical.file.treatment')} value={c.treatment} />
        <Text size="sm" c="dimmed" style={WRAP}>
          {c.doctor
            ? t('employeeMedical.file.recordedBy', { name: c.doctor.name, date: formatDateTime(c.createdAt) })
            : t('employeeMedical.file.recordedAt', { date: formatDateTime(c.createdAt) })}
        </Text>
      </Stack>
    </Card>
  );
}

function AssessmentCard({ assessment: a }: { assessment: Assessment }) {
  const { t } = useTranslation();
  const headingId = `assessment-${a.id}`;
  const advice = a.advice;
  const hours = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 1 });
  const hoursText = advice
    ? [
        advice.hoursPerDay != null ? t('workability.perDay', { hours: hours(advice.hoursPerDay) }) : null,
        advice.hoursPerWeek != null ? t('workability.perWeek', { hours: hours(advice.hoursPerWeek) }) : null,
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  return (
    <Card withBorder radius="md" padding="sm" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={5} size="h6" id={headingId}>
          {t('employeeMedical.file.assessment', { kind: t(`employeeMedical.kind.${a.kind}`), date: formatDate(a.madeOn) })}
        </Title>
        <Field label={t('employeeMedical.file.medicalPart')} value={a.medical} />
        {advice && (advice.limitations.length > 0 || advice.capabilities.length > 0 || hoursText) && (
          <div>
            <Text fw={600} size="sm">
              {t('employeeMedical.file.advice')}
            </Text>
            {advice.limitations.length > 0 && (
              <>
                <Text size="sm">{t('workability.limitations')}:</Text>
                <List size="sm">
                  {advice.limitations.map((l, i) => (
                    <List.Item key={i} style={WRAP}>
                      {l}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
            {advice.capabilities.length > 0 && (
              <>
                <Text size="sm">{t('workability.capabilities')}:</Text>
                <List size="sm">
                  {advice.capabilities.map((c, i) => (
                    <List.Item key={i} style={WRAP}>
                      {c}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
            {hoursText && (
              <Text size="sm">
                {t('workability.hours')}: {hoursText}
              </Text>
            )}
          </div>
        )}
        {a.doctor && (
          <Text size="sm" c="dimmed" style={WRAP}>
            {t('employeeMedical.file.by', { name: a.doctor.name })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function DocumentsSection({ c }: { c: MedicalCase }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="medical-documents-heading" linkTarget title={t('documents.medicalDocuments.title')}>
      <Text>{t('documents.medicalDocuments.intro')}</Text>
      <DocumentList documents={c.medicalFile?.documents ?? []} emptyText={t('documents.medicalDocuments.empty')} headingId="medical-documents-heading" />
      <Anchor component={Link} to={CASE_PATH}>
        {t('documents.medicalDocuments.add')}
      </Anchor>
      <Title order={4} size="h5">
        {t('documents.medicalExport.title')}
      </Title>
      <Text size="sm">{t('documents.medicalExport.introEmployee')}</Text>
      <PdfDownload url={medicalPdfUrl(c.id)} fileName="medisch-dossier.pdf" label={t('documents.medicalExport.download')} />
    </SectionCard>
  );
}

// ----- (b) consents --------------------------------------------------------------------------

function ConsentList({ caseId, consents, id }: { caseId: string; consents: Consent[]; id?: string }) {
  return (
    <Stack gap="sm" component="ul" id={id} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {consents.map((consent) => (
        <li key={consent.id}>
          <ConsentCard caseId={caseId} consent={consent} />
        </li>
      ))}
    </Stack>
  );
}

function ConsentsSection({ c }: { c: MedicalCase }) {
  const { t } = useTranslation();
  const [showRevoked, setShowRevoked] = useState(false);
  const parties = sharingParties(c);
  // Valid consents first; revoked ones (the history) on request. Newest first in each.
  const newestFirst = [...c.consents].sort((a, b) => Date.parse(b.grantedAt) - Date.parse(a.grantedAt));
  const valid = newestFirst.filter((x) => !x.revokedAt);
  const revoked = newestFirst.filter((x) => x.revokedAt);
  return (
    <SectionCard headingId="consents-heading" linkTarget title={t('employeeMedical.consents.title')}>
      <Text>{t('employeeMedical.consents.intro')}</Text>
      {valid.length === 0 ? (
        <Text c="dimmed">{revoked.length === 0 ? t('employeeMedical.consents.none') : t('employeeMedical.consents.noneValid')}</Text>
      ) : (
        <ConsentList caseId={c.id} consents={valid} />
      )}
      {revoked.length > 0 && (
        <Stack gap="sm">
          <Group>
            <Button variant="subtle" onClick={() => setShowRevoked((v) => !v)} aria-expanded={showRevoked} aria-controls="revoked-consents" styles={WRAPPING_BUTTON}>
              {showRevoked ? t('employeeMedical.consents.hideRevoked') : t('employeeMedical.consents.showRevoked', { count: revoked.length })}
            </Button>
          </Group>
          <div id="revoked-consents" hidden={!showRevoked}>
            {showRevoked && <ConsentList caseId={c.id} consents={revoked} />}
          </div>
        </Stack>
      )}
      {parties.length > 0 ? (
        <GrantConsentForm caseId={c.id} parties={parties} consents={c.consents} />
      ) : (
        <Text size="sm">{t('employeeMedical.consents.noParties')}</Text>
      )}
    </SectionCard>
  );
}

function ConsentCard({ caseId, consent }: { caseId: string; consent: Consent }) {
  const { t } = useTranslation();
  const headingId = `consent-${consent.id}`;
  const [confirming, setConfirming] = useState(false);
  const [{ fetching, error }, revoke] = useMutation(EmployeeRevokeConsentDocument);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const active = !consent.revokedAt;

  function cancel() {
    setConfirming(false);
    requestAnimationFrame(() => revokeButton.current?.focus());
  }

  async function confirm() {
    const res = await revoke({ caseId, consentId: consent.id }, medicalContext);
    if (!res.error) {
      setConfirming(false);
      notifications.show({ color: 'green', message: t('employeeMedical.consents.revoked') });
      // The card moves to the revoked ones; focus goes to the section instead of getting lost.
      requestAnimationFrame(() => document.getElementById('consents-heading')?.focus());
    }
  }

  return (
    <Card withBorder radius="md" padding="sm" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={4} size="h5" id={headingId} style={WRAP}>
            {t(`employeeMedical.partTitle.${consent.part}`)}
          </Title>
          {active ? (
            <Badge color="green" variant="light" leftSection={<span aria-hidden="true">✓</span>}>
              {t('employeeMedical.consents.active')}
            </Badge>
          ) : (
            <Badge color="gray" variant="light" leftSection={<span aria-hidden="true">–</span>}>
              {t('employeeMedical.consents.revokedBadge')}
            </Badge>
          )}
        </Group>
        <Text style={WRAP}>{t('employeeMedical.consents.with', { name: consent.party.name })}</Text>
        <Text size="sm">{t('employeeMedical.consents.grantedAt', { date: formatDateTime(consent.grantedAt) })}</Text>
        {!active && <Text size="sm">{t('employeeMedical.consents.revokedAt', { date: formatDateTime(consent.revokedAt) })}</Text>}
        {active && !confirming && (
          <Group>
            <Button ref={revokeButton} variant="default" onClick={() => setConfirming(true)} aria-describedby={headingId}>
              {t('employeeMedical.consents.revoke')}
            </Button>
          </Group>
        )}
        {active && confirming && (
          <ConfirmInRow
            question={t('employeeMedical.consents.revokeQuestion', {
              party: consent.party.name,
              part: t(`employeeMedical.part.${consent.part}`),
            })}
            confirmLabel={t('employeeMedical.consents.revokeConfirm')}
            onConfirm={confirm}
            onCancel={cancel}
            loading={fetching}
            error={errorMessage(t, error)}
          />
        )}
      </Stack>
    </Card>
  );
}

function GrantConsentForm({ caseId, parties, consents }: { caseId: string; parties: SharingParty[]; consents: Consent[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [partyId, setPartyId] = useState(parties[0].id);
  const [part, setPart] = useState<ConsentPart | ''>('');
  const [problem, setProblem] = useState<string | undefined>();
  const [{ fetching, error }, grant] = useMutation(EmployeeGrantConsentDocument);
  const party = parties.find((p) => p.id === partyId) ?? parties[0];
  // Parts this organisation may read already are not offered again.
  const open = PARTS.filter((p) => !consents.some((c) => !c.revokedAt && c.party.id === party.id && c.part === p));
  const chosen = part && open.includes(part) ? part : '';

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!chosen) {
      setProblem(t('employeeMedical.consents.partRequired'));
      return;
    }
    setProblem(undefined);
    const res = await grant({ caseId, part: chosen, organisationId: party.id }, medicalContext);
    if (!res.error) {
      notifications.show({ color: 'green', message: t('employeeMedical.consents.granted') });
      setPart('');
    }
  }

  return (
    <Card withBorder radius="md" padding="sm" component="form" onSubmit={onSubmit} aria-labelledby={`${id}-title`} noValidate>
      <Stack gap="sm">
        <Title order={4} size="h5" id={`${id}-title`}>
          {t('employeeMedical.consents.grantTitle')}
        </Title>
        <NativeSelect
          label={t('employeeMedical.consents.party')}
          value={party.id}
          onChange={(e) => setPartyId(e.currentTarget.value)}
          data={parties.map((p) => ({ value: p.id, label: p.name }))}
        />
        {open.length === 0 ? (
          <Text>{t('employeeMedical.consents.allGiven')}</Text>
        ) : (
          <>
            <NativeSelect
              label={t('employeeMedical.consents.part')}
              value={chosen}
              onChange={(e) => setPart(e.currentTarget.value as ConsentPart | '')}
              data={[
                { value: '', label: t('employeeMedical.consents.partPlaceholder') },
                ...open.map((p) => ({ value: p, label: t(`employeeMedical.partTitle.${p}`) })),
              ]}
              error={problem}
              required
            />
            <Text size="sm" aria-live="polite" style={WRAP}>
              {chosen ? t('employeeMedical.consents.summary', { party: party.name, part: t(`employeeMedical.part.${chosen}`) }) : ''}
            </Text>
            <FormError message={errorMessage(t, error)} />
            <Group>
              <Button type="submit" loading={fetching}>
                {t('employeeMedical.consents.grant')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}

// ----- (c) who accessed his data -------------------------------------------------------------

interface Described {
  actor: string;
  /** Role and organisation, when it is not he himself. */
  by: string | null;
  sentence: string;
  denied: boolean;
  reason: string | null;
}

/** Turns a log entry's codes (resource, C/R/U/D/E, outcome) into a plain sentence. */
function describe(t: TFunction, exists: (key: string) => boolean, entry: LogEntry, myName: string): Described {
  const denied = entry.outcome !== 'ALLOWED';
  const self = entry.who != null && entry.who === myName;
  const actor = self
    ? t('employeeMedical.you')
    : (entry.who ?? (entry.role === 'SYSTEM' ? t('employeeMedical.log.system') : t('employeeMedical.log.someone')));
  const roles = (entry.role ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r && r !== 'SYSTEM')
    .map((r) => (exists(`roles.${r}`) ? t(`roles.${r}`) : r));
  const by = self ? null : [...roles, entry.organisation].filter(Boolean).join(', ') || null;

  const detail = entry.detail ?? '';
  const action = ['C', 'R', 'U', 'D', 'E'].includes(entry.action) ? entry.action : 'R';
  let resource = entry.resource;
  let sentence: string | null = null;
  if (!denied && resource === 'medical_assessment' && action === 'C') {
    const kind = detail.match(/^(problem_analysis|current_assessment)\b/)?.[1];
    if (kind) resource = kind;
  }
  if (!denied && resource === 'medical_consent' && action === 'C') {
    const part = detail.match(/^consent granted: (\w+)/)?.[1];
    if (part && exists(`employeeMedical.part.${part}`)) sentence = t('employeeMedical.log.consentGranted', { part: t(`employeeMedical.part.${part}`) });
  }
  if (!sentence) {
    const kind = denied ? 'tried' : 'done';
    const key = `employeeMedical.log.${kind}.${resource}.${action}`;
    sentence = exists(key) ? t(key) : t(`employeeMedical.log.${kind}.any.${action}`);
  }
  const reason = denied ? (/second factor/i.test(detail) ? t('employeeMedical.log.reasonMfa') : t('employeeMedical.log.reasonPolicy')) : null;
  return { actor, by, sentence, denied, reason };
}

function AccessLogSection({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const { me } = usePortal();
  const [shown, setShown] = useState(LOG_STEP);
  const [othersOnly, setOthersOnly] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: EmployeeAccessLogDocument,
    variables: { caseId },
    context: medicalContext,
    requestPolicy: 'network-only',
  });
  const entries = useMemo(
    () =>
      [...(data?.accessLog ?? [])]
        .filter((e) => !othersOnly || e.who !== me.name)
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at)),
    [data, othersOnly, me.name],
  );
  const exists = (key: string) => i18n.exists(key);

  return (
    <SectionCard headingId="access-log-heading" linkTarget title={t('employeeMedical.log.title')}>
      <Text>{t('employeeMedical.log.intro')}</Text>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {data && data.accessLog.length > 0 && (
        <Checkbox
          label={t('employeeMedical.log.othersOnly')}
          checked={othersOnly}
          onChange={(e) => setOthersOnly(e.currentTarget.checked)}
          aria-controls="access-log-list"
        />
      )}
      {data && entries.length === 0 && (
        <Text c="dimmed">{othersOnly && data.accessLog.length > 0 ? t('employeeMedical.log.noOthers') : t('employeeMedical.log.empty')}</Text>
      )}
      {entries.length > 0 && (
        <Stack gap="xs" component="ul" id="access-log-list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {entries.slice(0, shown).map((entry, i) => {
            const d = describe(t, exists, entry, me.name);
            return (
              <li
                key={`${entry.at}-${i}`}
                data-testid="access-log-entry"
                style={{ borderTop: '1px solid var(--mantine-color-gray-3)', paddingTop: 'var(--mantine-spacing-xs)' }}
              >
                <Text style={WRAP}>
                  <Text span fw={700}>
                    {d.actor}
                  </Text>{' '}
                  {d.sentence}
                  {d.denied && (
                    <>
                      {' '}
                      <Badge component="span" color="red" variant="light" leftSection={<span aria-hidden="true">✕</span>}>
                        {t('employeeMedical.log.denied')}
                      </Badge>
                    </>
                  )}
                </Text>
                {d.by && (
                  <Text size="sm" style={WRAP}>
                    {d.by}
                  </Text>
                )}
                {d.reason && (
                  <Text size="sm" style={WRAP}>
                    {d.reason}
                  </Text>
                )}
                <Text size="sm" c="dimmed">
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                </Text>
              </li>
            );
          })}
        </Stack>
      )}
      {entries.length > shown && (
        <Group gap="sm" wrap="wrap">
          <Button variant="default" onClick={() => setShown((n) => n + LOG_STEP)} aria-controls="access-log-list">
            {t('employeeMedical.log.showMore')}
          </Button>
          <Text size="sm" c="dimmed">
            {t('employeeMedical.log.shown', { shown, total: entries.length })}
          </Text>
        </Group>
      )}
    </SectionCard>
  );
}
