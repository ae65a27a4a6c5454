import { Anchor, Button, Card, Group, List, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { DeadlineKind, ExpertOpinionQuestion } from '../../gql/graphql';
import { ERROR_COLOUR } from '../../components/errorColour';
import { Fact } from '../../components/Fact';
import { focusOnMount } from '../../components/focusOnMount';
import { FormError } from '../../components/FormError';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { SectionCard } from '../../components/SectionCard';
import { WRAPPING_BUTTON } from '../../components/wrappingButton';
import { formatDate, todayIso } from '../../dates';
import { errorMessage } from '../../errors';
import { CaseTimeline } from '../../cases/CaseTimeline';
import { DeadlineBadge } from '../../cases/DeadlineBadge';
import { PlanOfActionView } from '../../cases/PlanOfActionView';
import { MedicalWarning, WARNING_BELOW } from '../../cases/MedicalWarning';
import {
  CaseDetailDocument,
  CaseListDocument,
  RecordMilestoneDocument,
  RequestExpertOpinionDocument,
  WriteEvaluationViewDocument,
  caseContext,
  type CaseDetail,
} from '../../cases/operations';
import { ActivitySection } from '../../cases/sections/ActivitySection';
import { EvaluationsSection, newestFirst, type Evaluation } from '../../cases/sections/EvaluationsSection';
import { EXPERT_OPINION_QUESTIONS, ExpertOpinionsSection } from '../../cases/sections/ExpertOpinionsSection';
import { DocumentsPanel } from '../../documents/DocumentsPanel';
import { MyTasks } from '../../reminders/MyTasks';
import { PdfDownload } from '../../documents/PdfDownload';
import { rivPdfUrl } from '../../documents/download';
import { usePortal } from '../PortalShell';
import { MyCases } from './MyCases';
import { MedicalFileLink } from './MedicalFileLink';
import { MyTrack2 } from '../../track2/MyTrack2';
import { MySafetyNetDocument } from './operations';
import { SecondOpinionPart } from './SecondOpinionPart';
import { RecoveryPart, ReportSickCard, ReportedNotice, SickReportFacts, selfReportIntent } from './SelfReport';

/** Evaluations and log entries shown before "show more". */
const SHOWN_EVALUATIONS = 3;
const SHOWN_ACTIVITIES = 5;

/** Moves to a section of the page and puts focus on its heading (a fixed header sits on top). */
function goTo(headingId: string) {
  const heading = document.getElementById(headingId);
  if (!heading) return;
  heading.scrollIntoView({ behavior: 'smooth', block: 'start' });
  heading.focus({ preventScroll: true });
}

function SectionLink({ headingId, describedBy, children }: { headingId: string; describedBy?: string; children: ReactNode }) {
  return (
    <Anchor
      href={`#${headingId}`}
      aria-describedby={describedBy}
      onClick={(e) => {
        e.preventDefault();
        goTo(headingId);
      }}
    >
      {children}
    </Anchor>
  );
}

/** Where on this page the employee acts on a task of each kind ("Wat wordt er van mij verwacht"
 * for the rest, e.g. the WIA application, UWV's WIA letter and an early IVA application). */
const SECTION_OF_TASK: Record<string, string> = {
  PLAN_OF_ACTION: 'plan-heading',
  PLAN_EVALUATION: 'evaluations-heading',
  FIRST_YEAR_EVALUATION: 'evaluations-heading',
  FINAL_EVALUATION: 'evaluations-heading',
  RIV_TO_EMPLOYEE: 'riv-heading',
  RIV_ON_LEAVING: 'riv-heading',
  EXPERT_OPINION_ANSWER: 'opinions-heading',
  EXPERT_OPINION_FOLLOW_UP: 'opinions-heading',
  SECOND_OPINION: 'second-opinion-heading',
  WIA_APPLICATION: 'expected-heading',
  WIA_LETTER: 'expected-heading',
  EARLY_IVA_APPLICATION: 'expected-heading',
};

/** The steps he records himself (what he sends to or receives from UWV), in legal order. */
const OWN_STEPS: DeadlineKind[] = ['EARLY_IVA_APPLICATION', 'WIA_LETTER', 'WIA_APPLICATION'];

/** Validates a date the user says something happened on: given, and not after today. */
function dateProblem(t: TFunction, value: string): string | undefined {
  if (!value) return t('employeeCase.form.dateRequired');
  if (value > todayIso()) return t('employeeCase.form.dateInFuture');
  return undefined;
}

/** "Mijn verzuim": his tasks (each linking to its part below), "Ziek melden" while he is not
 * sick, then his own case file: "Beter melden" while he is sick, what he must do, track 2 (when
 * it runs), the plan, evaluations, log, documents, the RIV and the timeline. */
export function MyCasePage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  const location = useLocation();
  const navigate = useNavigate();
  // What he came for from his start page ("Ziek melden", "Beter melden") opens that form once:
  // not again after a report, nor when he comes back to the page later.
  const [intent] = useState(() => selfReportIntent(location.state));
  useEffect(() => {
    if (location.state) void navigate(location.pathname, { replace: true, state: null });
  }, [location.state, location.pathname, navigate]);
  // The same list as MyCases reads (one request): whether he is sick now decides what he can report.
  const context = useMemo(() => caseContext, []);
  const [list] = useQuery({ query: CaseListDocument, variables: { first: 20, sort: 'SICK_SINCE_DESC' }, context });
  const cases = list.data?.cases.edges.map((e) => e.node) ?? [];
  const sick = cases.some((c) => c.status === 'OPEN');
  const [notice, setNotice] = useState<Notice | null>(null);

  return (
    <Page title={t('employeeCase.title')} context={portalTitle}>
      {notice && (
        <ReportedNotice key={notice.kind}>
          {notice.kind === 'sick' ? t('employeeCase.report.sent') : t('employeeCase.recovery.done', { date: formatDate(notice.date) })}
        </ReportedNotice>
      )}
      <MyTasks
        showEmployee={false}
        renderLink={(task, describedBy) => (
          <SectionLink headingId={SECTION_OF_TASK[task.kind] ?? 'expected-heading'} describedBy={describedBy}>
            {t('reminders.tasks.toSection')}
          </SectionLink>
        )}
      />
      {list.data && !sick && notice?.kind !== 'sick' && (
        <ReportSickCard hasEarlierCase={cases.length > 0} initiallyOpen={intent.reportSick === true && !notice} onReported={() => setNotice({ kind: 'sick' })} />
      )}
      <MyCases texts="employeeCase" hideEmpty>
        {(caseId) => (
          <CaseFile caseId={caseId} startRecovery={intent.reportRecovery === true && !notice} onRecovered={(date) => setNotice({ kind: 'recovered', date })} />
        )}
      </MyCases>
    </Page>
  );
}

/** The confirmation at the top of the page after he reported himself sick or recovered. */
type Notice = { kind: 'sick' } | { kind: 'recovered'; date: string };

function CaseFile({ caseId, startRecovery, onRecovered }: { caseId: string; startRecovery: boolean; onRecovered: (date: string) => void }) {
  const { t } = useTranslation();
  const context = useMemo(() => caseContext, []);
  const [{ data, fetching, error }, refetch] = useQuery({ query: CaseDetailDocument, variables: { id: caseId }, context });

  if (!data) return <QueryState loading={fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  const c = data.case;
  if (!c) return <FormError message={t('caseCommon.notFound')} />;

  return (
    <Stack gap="lg" style={ERROR_COLOUR}>
      <FormError message={errorMessage(t, error)} />
      <Summary c={c} />
      {c.status === 'OPEN' && (
        <SectionCard headingId="recovery-heading" linkTarget padding="lg" title={t('employeeCase.recovery.title')}>
          <RecoveryPart c={c} initiallyOpen={startRecovery} onRecovered={onRecovered} />
        </SectionCard>
      )}
      <MedicalFileLink />
      <Expectations c={c} />
      <MyTrack2 caseId={c.id} />
      <PlanSection c={c} />
      <EvaluationsPart c={c} />
      <ActivitiesPart c={c} />
      <OpinionsPart c={c} />
      <SecondOpinionPart c={c} />
      <DocumentsPanel caseId={c.id} uploader="employee" />
      <SectionCard headingId="riv-heading" linkTarget padding="lg" title={t('documents.riv.employeeTitle')}>
        <Text size="sm">{t('documents.riv.employeeIntro')}</Text>
        <PdfDownload url={rivPdfUrl(c.id)} fileName="re-integratieverslag.pdf" label={t('documents.riv.download')} />
      </SectionCard>
      <Card withBorder radius="md" padding="lg">
        <CaseTimeline deadlines={c.deadlines} today={todayIso()} headingLevel={3} />
      </Card>
    </Stack>
  );
}

function Summary({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="xs">
        {c.status === 'OPEN' && c.sickWeek != null ? (
          <Text fw={700} size="lg">
            {t('employeeCase.inWeek', { week: c.sickWeek })}
          </Text>
        ) : c.status === 'RECOVERED' ? (
          <Text fw={700} size="lg">
            {t('employeeCase.recovery.since', { date: formatDate(recoveredOn(c)) })}
          </Text>
        ) : c.status !== 'OPEN' ? (
          <Text fw={700}>{t('employeeCase.notOpen', { status: t(`caseStatus.${c.status}`) })}</Text>
        ) : null}
        <Fact inline label={t('caseCommon.sickSince')}>
          {formatDate(c.sickSince)}
        </Fact>
        <SickReportFacts c={c} />
        <Fact inline label={t('caseCommon.caseManager')}>
          {c.caseManager ? c.caseManager.name : t('employeeCase.noCaseManager')}
        </Fact>
        {c.caseManager && (
          <Text size="sm" c="dimmed">
            {t('employeeCase.caseManagerHelp')}
          </Text>
        )}
        <Situation c={c} />
      </Stack>
    </Card>
  );
}

/** The first day fit of his latest recovery (the one not followed by a relapse). */
function recoveredOn(c: CaseDetail): string | undefined {
  return (c.recoveries.find((r) => !r.resickOn) ?? c.recoveries.at(-1))?.recoveredOn;
}

/** What moves his clock beyond the common path: his leave, the end of his employment, an IVA
 * benefit, and which safety net applies (read for him alone). */
function Situation({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const clock = c.clock;
  return (
    <>
      {clock.leaves.length > 0 && (
        <Stack gap={2}>
          {clock.leaves.map((l) => (
            <Fact inline key={l.id} label={t('caseCommon.leave')}>
              {t('caseCommon.period', { from: formatDate(l.from), until: formatDate(l.until) })}
            </Fact>
          ))}
          <Text size="sm" c="dimmed">
            {t('employeeCase.situation.leaveNote')}
          </Text>
        </Stack>
      )}
      {clock.employmentEndsOn && (
        <Stack gap={2}>
          <Fact inline label={t('caseCommon.lastDay')}>
            {formatDate(clock.employmentEndsOn)}
          </Fact>
          <Text size="sm" c="dimmed">
            {clock.ownRiskCarrier ? t('employeeCase.situation.endOwnRisk') : t('employeeCase.situation.endUwv')}
          </Text>
        </Stack>
      )}
      {clock.ivaFrom && (
        <Fact inline label={t('employeeCase.situation.iva')}>
          {formatDate(clock.ivaFrom)}
        </Fact>
      )}
      {c.safetyNet && <SafetyNetFact caseId={c.id} />}
    </>
  );
}

/** The safety net's kind, when he may read it (a verified account); nothing otherwise. */
function SafetyNetFact({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: MySafetyNetDocument, variables: { id: caseId } });
  const kind = data?.case?.safetyNetKind;
  if (!kind) return null;
  return (
    <Stack gap={2}>
      <Fact inline label={t('caseCommon.safetyNetKind')}>
        {t(`safetyNetKind.${kind}`)}
      </Fact>
      <Text size="sm" c="dimmed">
        {t('employeeCase.situation.safetyNetNote')}
      </Text>
    </Stack>
  );
}

function Expectations({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const open = c.status === 'OPEN';
  const plan = c.planOfAction;
  const planToSign = plan && !plan.employeeSignature ? plan : null;

  // Evaluations without his view: every final one, the latest one, and a count of the rest.
  const evaluations = newestFirst(c.evaluations);
  const withoutView = evaluations.filter((e) => !e.employeeView);
  const finals = withoutView.filter((e) => e.kind === 'FINAL');
  const latest = evaluations[0] && !evaluations[0].employeeView && evaluations[0].kind !== 'FINAL' ? evaluations[0] : null;
  const others = withoutView.length - finals.length - (latest ? 1 : 0);

  // His own steps with UWV, each once (the first not done, else the last done).
  const own = OWN_STEPS.map((kind) => {
    const mine = c.deadlines.filter((d) => d.kind === kind);
    return mine.find((d) => d.status !== 'DONE') ?? mine.at(-1);
  }).filter((d): d is CaseDetail['deadlines'][number] => d !== undefined && (open || d.status === 'DONE'));
  // The next three steps, one of each kind (the recurring ones come back every six weeks).
  const coming = c.deadlines
    .filter((d) => d.status !== 'DONE' && !OWN_STEPS.includes(d.kind))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))
    .filter((d, i, all) => all.findIndex((other) => other.kind === d.kind) === i)
    .slice(0, 3);

  const todo: ReactNode[] = [];
  if (planToSign)
    todo.push(
      <List.Item key="plan">
        <Text>{t('employeeCase.expected.signPlan', { version: planToSign.version })}</Text>
        <SectionLink headingId="plan-heading">{t('employeeCase.expected.toPlan')}</SectionLink>
      </List.Item>,
    );
  for (const e of finals)
    todo.push(
      <List.Item key={e.id}>
        <Text fw={600}>{t('employeeCase.expected.finalView', { date: formatDate(e.heldOn) })}</Text>
        <SectionLink headingId="evaluations-heading">{t('employeeCase.expected.toEvaluations')}</SectionLink>
      </List.Item>,
    );
  if (latest)
    todo.push(
      <List.Item key={latest.id}>
        <Text>{t('employeeCase.expected.view', { kind: t(`evaluationKind.${latest.kind}`).toLowerCase(), date: formatDate(latest.heldOn) })}</Text>
        <SectionLink headingId="evaluations-heading">{t('employeeCase.expected.toEvaluations')}</SectionLink>
      </List.Item>,
    );
  if (others > 0)
    todo.push(
      <List.Item key="others">
        <Text>{t('employeeCase.expected.otherViews', { count: others })}</Text>
      </List.Item>,
    );

  return (
    <SectionCard headingId="expected-heading" linkTarget padding="lg" title={t('employeeCase.expected.title')}>
      <Stack gap="xs">
        <Title order={4} size="h5">
          {t('employeeCase.expected.now')}
        </Title>
        {todo.length === 0 ? <Text>{t('employeeCase.expected.nothing')}</Text> : <List spacing="sm">{todo}</List>}
      </Stack>
      {own.map((d) => (
        <OwnStep key={d.kind} caseId={c.id} deadline={d} />
      ))}
      {open && (
        <Stack gap="xs">
          <Title order={4} size="h5">
            {t('employeeCase.expected.coming')}
          </Title>
          {coming.length === 0 ? (
            <Text>{t('employeeCase.expected.noneComing')}</Text>
          ) : (
            <List spacing="sm" listStyleType="none" styles={{ root: { paddingInlineStart: 0 } }}>
              {coming.map((d) => (
                <List.Item key={`${d.kind}-${d.dueOn}`}>
                  <Group gap="xs" wrap="wrap">
                    <Text fw={600}>{t(`deadline.${d.kind}`)}</Text>
                    <DeadlineBadge status={d.status} />
                  </Group>
                  <Text size="sm">{t('caseCommon.due', { date: formatDate(d.dueOn) })}</Text>
                  <Text size="sm" c="dimmed">
                    {t(`employeeCase.explain.${d.kind}`)}
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      )}
    </SectionCard>
  );
}

type Deadline = CaseDetail['deadlines'][number];

/** The texts of a step he records himself. */
function ownStepTexts(t: TFunction, d: Deadline) {
  const due = formatDate(d.dueOn);
  const done = formatDate(d.completedOn);
  switch (d.kind) {
    case 'WIA_LETTER':
      return {
        status: d.completedOn ? t('employeeCase.wiaLetter.done', { date: done }) : t('employeeCase.wiaLetter.todo', { date: due }),
        open: t('employeeCase.wiaLetter.open'),
        formTitle: t('employeeCase.wiaLetter.formTitle'),
        dateLabel: t('employeeCase.wiaLetter.receivedOn'),
        saved: t('employeeCase.wiaLetter.saved'),
      };
    case 'EARLY_IVA_APPLICATION':
      return {
        status: d.completedOn ? t('employeeCase.earlyIva.done', { date: done }) : t('employeeCase.earlyIva.todo', { date: due }),
        open: t('employeeCase.earlyIva.open'),
        formTitle: t('employeeCase.earlyIva.formTitle'),
        dateLabel: t('employeeCase.earlyIva.submittedOn'),
        saved: t('employeeCase.earlyIva.saved'),
      };
    default:
      return {
        status: d.completedOn ? t('employeeCase.wia.done', { date: done }) : t('employeeCase.wia.todo', { date: due }),
        open: t('employeeCase.wia.open'),
        formTitle: t('employeeCase.wia.formTitle'),
        dateLabel: t('employeeCase.wia.submittedOn'),
        saved: t('employeeCase.wia.saved'),
      };
  }
}

/** A step with UWV he records himself (his WIA application, UWV's WIA letter, an early IVA
 * application): its status, and the button that opens the form to record the day. */
function OwnStep({ caseId, deadline }: { caseId: string; deadline: Deadline }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [on, setOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [{ fetching, error }, record] = useMutation(RecordMilestoneDocument);
  const id = useId();
  const done = deadline.status === 'DONE';
  const texts = ownStepTexts(t, deadline);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const p = dateProblem(t, on);
    setProblem(p);
    if (p) return;
    const res = await record({ caseId, kind: deadline.kind, on, note: note.trim() || null }, caseContext);
    if (!res.error) {
      notifications.show({ color: 'green', message: texts.saved });
      setOpened(false);
      setNote('');
    }
  }

  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        <Title order={4} size="h5">
          {t(`deadline.${deadline.kind}`)}
        </Title>
        <DeadlineBadge status={deadline.status} />
      </Group>
      <Text>{texts.status}</Text>
      {!done && (
        <Group>
          <Button variant="light" onClick={() => setOpened((v) => !v)} aria-expanded={opened} aria-controls={`${id}-form`} styles={WRAPPING_BUTTON}>
            {texts.open}
          </Button>
        </Group>
      )}
      <div id={`${id}-form`} hidden={done || !opened}>
        {!done && opened && (
          <Card withBorder radius="md" padding="md" component="form" onSubmit={onSubmit} aria-label={texts.formTitle} noValidate>
            <Stack gap="sm">
              <TextInput
                ref={focusOnMount}
                type="date"
                label={texts.dateLabel}
                value={on}
                max={todayIso()}
                onChange={(e) => setOn(e.currentTarget.value)}
                error={problem}
                required
                maw={240}
              />
              <Textarea
                label={t('employeeCase.wia.note')}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                autosize
                minRows={2}
                maxLength={2000}
                description={<MedicalWarning textKey="employeeCase.view.warning" />}
                descriptionProps={{ id: `${id}-warning` }}
                inputWrapperOrder={WARNING_BELOW}
              />
              <FormError message={errorMessage(t, error)} />
              <Group>
                <Button type="submit" loading={fetching}>
                  {t('employeeCase.wia.save')}
                </Button>
                <Button variant="default" onClick={() => setOpened(false)}>
                  {t('common.cancel')}
                </Button>
              </Group>
            </Stack>
          </Card>
        )}
      </div>
    </Stack>
  );
}

function PlanSection({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [showHistory, setShowHistory] = useState(false);
  const plan = c.planOfAction;
  const earlier = c.planOfActionHistory.filter((p) => p.id !== plan?.id);
  return (
    <SectionCard headingId="plan-heading" linkTarget padding="lg" title={t('caseCommon.plan')}>
      <Text size="sm">{t('employeeCase.plan.intro')}</Text>
      {plan ? <PlanOfActionView caseId={c.id} plan={plan} signAs={c.status === 'CLOSED' ? undefined : 'EMPLOYEE'} headingLevel={4} /> : <Text>{t('caseCommon.noPlan')}</Text>}
      {earlier.length > 0 && (
        <Stack gap="sm">
          <Group>
            <Button variant="subtle" onClick={() => setShowHistory((v) => !v)} aria-expanded={showHistory} aria-controls="plan-history">
              {showHistory ? t('employeeCase.plan.hideHistory') : t('employeeCase.plan.showHistory', { count: earlier.length })}
            </Button>
          </Group>
          <div id="plan-history" hidden={!showHistory}>
            {showHistory && (
              <Stack gap="sm">
                {earlier.map((p) => (
                  <PlanOfActionView key={p.id} caseId={c.id} plan={p} headingLevel={4} />
                ))}
              </Stack>
            )}
          </div>
        </Stack>
      )}
    </SectionCard>
  );
}

function EvaluationsPart({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="evaluations-heading" linkTarget padding="lg" title={t('caseCommon.evaluations')}>
      <EvaluationsSection
        evaluations={c.evaluations}
        reader="EMPLOYEE"
        intro={t('employeeCase.evaluations.intro')}
        shown={SHOWN_EVALUATIONS}
        renderActions={c.status === 'CLOSED' ? undefined : (e, headingId) => <EvaluationView evaluation={e} headingId={headingId} />}
      />
    </SectionCard>
  );
}

/** Under an evaluation: the button to write (or change) his view, and the form for it. */
function EvaluationView({ evaluation: e, headingId }: { evaluation: Evaluation; headingId: string }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [view, setView] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [{ fetching, error }, write] = useMutation(WriteEvaluationViewDocument);
  const fieldId = `${headingId}-view`;

  function startEditing() {
    setView(e.employeeView ?? '');
    setProblem(undefined);
    setEditing(true);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!view.trim()) {
      setProblem(t('employeeCase.view.required'));
      return;
    }
    setProblem(undefined);
    const res = await write({ evaluationId: e.id, view: view.trim() }, caseContext);
    if (!res.error) {
      notifications.show({ color: 'green', message: t('employeeCase.view.saved') });
      setEditing(false);
    }
  }

  if (!editing)
    return (
      <Group>
        <Button variant="light" onClick={startEditing} aria-describedby={headingId}>
          {e.employeeView ? t('employeeCase.view.edit') : t('employeeCase.view.write')}
        </Button>
      </Group>
    );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Textarea
          id={fieldId}
          ref={focusOnMount}
          label={t('employeeCase.view.label')}
          value={view}
          onChange={(event) => setView(event.currentTarget.value)}
          error={problem}
          required
          autosize
          minRows={4}
          maxLength={5000}
          description={<MedicalWarning textKey="employeeCase.view.warning" />}
          descriptionProps={{ id: `${fieldId}-warning` }}
          inputWrapperOrder={WARNING_BELOW}
        />
        <FormError message={errorMessage(t, error)} />
        <Group>
          <Button type="submit" loading={fetching}>
            {t('employeeCase.view.save')}
          </Button>
          <Button variant="default" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ActivitiesPart({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="activities-heading" linkTarget padding="lg" title={t('caseCommon.activityLog')}>
      <ActivitySection activities={c.activities} intro={t('employeeCase.activities.intro')} shown={SHOWN_ACTIVITIES} />
    </SectionCard>
  );
}

function OpinionsPart({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="opinions-heading" linkTarget padding="lg" title={t('caseCommon.expertOpinions')}>
      <ExpertOpinionsSection opinions={c.expertOpinions} reader="EMPLOYEE" intro={t('employeeCase.opinions.intro')}>
        {c.status === 'OPEN' && <OpinionRequest caseId={c.id} />}
      </ExpertOpinionsSection>
    </SectionCard>
  );
}

/** "I asked UWV for an expert opinion": the button that opens the form to record it. */
function OpinionRequest({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [question, setQuestion] = useState<ExpertOpinionQuestion | ''>('');
  const [submittedOn, setSubmittedOn] = useState(todayIso());
  const [problems, setProblems] = useState<{ question?: string; submittedOn?: string }>({});
  const [{ fetching, error }, request] = useMutation(RequestExpertOpinionDocument);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const next = {
      question: question ? undefined : t('employeeCase.opinions.questionRequired'),
      submittedOn: dateProblem(t, submittedOn),
    };
    setProblems(next);
    if (next.question || next.submittedOn || !question) return;
    const res = await request({ caseId, question, submittedOn }, caseContext);
    if (!res.error) {
      notifications.show({ color: 'green', message: t('employeeCase.opinions.saved') });
      setOpened(false);
      setQuestion('');
      setSubmittedOn(todayIso());
    }
  }

  return (
    <>
      <Group>
        <Button variant="light" onClick={() => setOpened((v) => !v)} aria-expanded={opened} aria-controls="opinion-form" styles={WRAPPING_BUTTON}>
          {t('employeeCase.opinions.open')}
        </Button>
      </Group>
      <div id="opinion-form" hidden={!opened}>
        {opened && (
          <Card withBorder radius="md" padding="md" component="form" onSubmit={onSubmit} aria-labelledby="opinion-form-heading" noValidate>
            <Stack gap="sm">
              <Title order={4} size="h5" id="opinion-form-heading">
                {t('employeeCase.opinions.formTitle')}
              </Title>
              <NativeSelect
                ref={focusOnMount}
                label={t('employeeCase.opinions.question')}
                value={question}
                onChange={(e) => setQuestion(e.currentTarget.value as ExpertOpinionQuestion | '')}
                data={[
                  { value: '', label: t('employeeCase.opinions.questionPlaceholder') },
                  ...EXPERT_OPINION_QUESTIONS.map((q) => ({ value: q, label: t(`question.${q}`) })),
                ]}
                error={problems.question}
                required
              />
              <TextInput
                type="date"
                label={t('employeeCase.opinions.submittedOn')}
                value={submittedOn}
                max={todayIso()}
                onChange={(e) => setSubmittedOn(e.currentTarget.value)}
                error={problems.submittedOn}
                required
                maw={240}
              />
              <FormError message={errorMessage(t, error)} />
              <Group>
                <Button type="submit" loading={fetching}>
                  {t('employeeCase.opinions.save')}
                </Button>
                <Button variant="default" onClick={() => setOpened(false)}>
                  {t('common.cancel')}
                </Button>
              </Group>
            </Stack>
          </Card>
        )}
      </div>
    </>
  );
}
