// The employee reports himself sick and recovered in "Mijn verzuim" — built for a phone: one
// column, large touch targets, native date pickers, every label visible.
import { Alert, Button, Group, NumberInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { ERROR_COLOUR } from '../../components/errorColour';
import { Fact } from '../../components/Fact';
import { focusOnMount } from '../../components/focusOnMount';
import { FormError } from '../../components/FormError';
import { SectionCard } from '../../components/SectionCard';
import { useFormMutation } from '../../components/useFormMutation';
import { WRAPPING_BUTTON } from '../../components/wrappingButton';
import { formatDate, todayIso } from '../../dates';
import { errorField, errorMessage, errorReason } from '../../errors';
import { MedicalWarning, WARNING_BELOW } from '../../cases/MedicalWarning';
import { caseContext, type CaseDetail } from '../../cases/operations';
import { MySickReportDocument, ReportMyRecoveryDocument, ReportMyselfSickDocument } from './operations';

/** What "Mijn verzuim" is asked to open when the employee comes from his start page. */
export interface SelfReportIntent {
  reportSick?: boolean;
  reportRecovery?: boolean;
}

/** The intent in a location's state (react-router), if any. */
export function selfReportIntent(state: unknown): SelfReportIntent {
  if (!state || typeof state !== 'object') return {};
  const s = state as Record<string, unknown>;
  return { reportSick: s.reportSick === true, reportRecovery: s.reportRecovery === true };
}

/** Touch-friendly buttons: full width on a phone, their own width from `sm` up. */
const TOUCH_WIDTH = { base: '100%', sm: 'auto' } as const;

/** Validates a date the employee says something started on: given, and not after today. */
function dateProblem(t: TFunction, value: string): string | undefined {
  if (!value) return t('employeeCase.form.dateRequired');
  if (value > todayIso()) return t('employeeCase.form.dateInFuture');
  return undefined;
}

/** YYYY-MM-DD plus one day. */
function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The server's refusal in the employee's own words where the shared text speaks of "the
 * employee" (it was written for his employer). */
function describeSickReportError(t: TFunction, error: CombinedError): string | null {
  const reason = errorReason(error);
  if (reason === 'ALREADY_SICK') return t('employeeCase.report.alreadySick');
  if (reason === 'INVALID_INPUT' && errorField(error) === 'sickSince') return t('employeeCase.report.sickSinceInvalid');
  if (reason === 'INVALID_INPUT' && errorField(error) === 'expectedDurationWeeks') return t('employeeCase.report.expectedWeeksInvalid');
  return errorMessage(t, error);
}

function describeRecoveryError(t: TFunction, error: CombinedError): string | null {
  const reason = errorReason(error);
  if (reason === 'NOT_SICK') return t('employeeCase.recovery.notSick');
  if (reason === 'INVALID_INPUT' && errorField(error) === 'recoveredOn') return t('employeeCase.recovery.invalid');
  return errorMessage(t, error);
}

// ----- reporting sick --------------------------------------------------------------------------

/**
 * "Ziek melden", shown in "Mijn verzuim" while he has no open case: why and how, the warning
 * not to say what is wrong with him, and the form. Open at once when he has no case at all (or
 * came for it from his start page); otherwise behind a button, above his earlier case.
 */
export function ReportSickCard({
  hasEarlierCase,
  initiallyOpen,
  onReported,
}: {
  hasEarlierCase: boolean;
  initiallyOpen: boolean;
  onReported: () => void;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(initiallyOpen || !hasEarlierCase);
  const [openedByClick, setOpenedByClick] = useState(false);
  // After "Annuleren" focus goes back to the button that opened the form.
  const [cancelled, setCancelled] = useState(false);
  const formId = useId();

  return (
    <SectionCard headingId="report-sick-heading" linkTarget padding="lg" title={t('employeeCase.report.title')}>
      {!hasEarlierCase && <Text fw={600}>{t('employeeCase.report.notSick')}</Text>}
      <Text>{t('employeeCase.report.intro')}</Text>
      {hasEarlierCase && <Text size="sm">{t('employeeCase.report.relapse')}</Text>}
      {!opened && (
        <Button
          ref={cancelled ? focusOnMount : undefined}
          size="lg"
          w={TOUCH_WIDTH}
          onClick={() => {
            setOpened(true);
            setOpenedByClick(true);
          }}
          aria-expanded={false}
          aria-controls={formId}
          styles={WRAPPING_BUTTON}
        >
          {t('employeeCase.report.open')}
        </Button>
      )}
      <div id={formId} hidden={!opened}>
        {opened && (
          <ReportSickForm
            focusFirst={openedByClick}
            onCancel={
              hasEarlierCase
                ? () => {
                    setOpened(false);
                    setCancelled(true);
                  }
                : undefined
            }
            onReported={onReported}
          />
        )}
      </div>
    </SectionCard>
  );
}

type YesNo = 'yes' | 'no';

function ReportSickForm({ focusFirst, onCancel, onReported }: { focusFirst: boolean; onCancel?: () => void; onReported: () => void }) {
  const { t } = useTranslation();
  const warningId = useId();
  const [sickSince, setSickSince] = useState(todayIso());
  const [weeks, setWeeks] = useState<number | string>('');
  const [reachableAt, setReachableAt] = useState('');
  const [safetyNet, setSafetyNet] = useState<YesNo>('no');
  const [thirdParty, setThirdParty] = useState<YesNo>('no');
  const [workAccident, setWorkAccident] = useState<YesNo>('no');
  const [problems, setProblems] = useState<{ sickSince?: string; expectedDurationWeeks?: string }>({});
  const { submit, fetching, error, fieldErrors } = useFormMutation(ReportMyselfSickDocument, describeSickReportError);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next = {
      sickSince: dateProblem(t, sickSince),
      expectedDurationWeeks:
        weeks === '' || (typeof weeks === 'number' && Number.isInteger(weeks) && weeks >= 0 && weeks <= 104)
          ? undefined
          : t('employeeCase.report.expectedWeeksInvalid'),
    };
    setProblems(next);
    if (next.sickSince || next.expectedDurationWeeks) return;
    const result = await submit(
      {
        input: {
          sickSince,
          expectedDurationWeeks: typeof weeks === 'number' ? weeks : null,
          reachableAt: reachableAt.trim() || null,
          safetyNet: safetyNet === 'yes',
          thirdPartyLiable: thirdParty === 'yes',
          workAccident: workAccident === 'yes',
        },
      },
      ['sickSince', 'expectedDurationWeeks', 'reachableAt'],
    );
    if (result?.data) onReported();
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="report-sick-heading" aria-describedby={warningId} style={ERROR_COLOUR}>
      <Stack gap="md">
        <NoDiagnosisWarning id={warningId} />
        <FormError message={error} />
        <TextInput
          ref={focusFirst ? focusOnMount : undefined}
          type="date"
          size="md"
          label={t('employeeCase.report.sickSince')}
          description={t('employeeCase.report.sickSinceHint')}
          value={sickSince}
          max={todayIso()}
          onChange={(e) => setSickSince(e.currentTarget.value)}
          error={problems.sickSince ?? fieldErrors.sickSince}
          required
          maw={280}
        />
        <NumberInput
          size="md"
          label={t('employeeCase.report.expectedWeeks')}
          description={t('employeeCase.report.expectedWeeksHint')}
          value={weeks}
          onChange={setWeeks}
          min={0}
          max={104}
          allowDecimal={false}
          allowNegative={false}
          hideControls
          inputMode="numeric"
          error={problems.expectedDurationWeeks ?? fieldErrors.expectedDurationWeeks}
          maw={280}
        />
        <TextInput
          size="md"
          label={t('employeeCase.report.reachableAt')}
          description={
            <>
              <span style={{ display: 'block' }}>{t('employeeCase.report.reachableAtHint')}</span>
              <MedicalWarning textKey="employeeCase.report.reachableAtWarning" />
            </>
          }
          inputWrapperOrder={WARNING_BELOW}
          value={reachableAt}
          onChange={(e) => setReachableAt(e.currentTarget.value)}
          maxLength={300}
          autoComplete="off"
          error={fieldErrors.reachableAt}
        />
        <YesNoQuestion label={t('employeeCase.report.safetyNet')} description={t('employeeCase.report.safetyNetHint')} value={safetyNet} onChange={setSafetyNet} />
        <YesNoQuestion label={t('employeeCase.report.thirdParty')} description={t('employeeCase.report.thirdPartyHint')} value={thirdParty} onChange={setThirdParty} />
        <YesNoQuestion label={t('employeeCase.report.workAccident')} description={t('employeeCase.report.workAccidentHint')} value={workAccident} onChange={setWorkAccident} />
        <Group gap="sm">
          <Button type="submit" size="lg" loading={fetching} w={TOUCH_WIDTH} styles={WRAPPING_BUTTON}>
            {t('employeeCase.report.submit')}
          </Button>
          {onCancel && (
            <Button variant="default" size="lg" onClick={onCancel} w={TOUCH_WIDTH}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** The warning above the sick report: no diagnosis, no cause — the employer may not ask. */
function NoDiagnosisWarning({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      id={id}
      color="orange"
      variant="light"
      radius="md"
      title={t('employeeCase.report.warningTitle')}
      icon={<span aria-hidden="true">⚠</span>}
      // A dark amber that keeps 7:1 contrast on the light background (as MedicalWarning).
      styles={{ title: { color: '#7a3500', fontSize: 'var(--mantine-font-size-md)' }, message: { color: 'var(--mantine-color-text)' } }}
      style={{ borderInlineStart: '4px solid #7a3500' }}
    >
      <Stack gap={4}>
        <Text size="sm">{t('employeeCase.report.warning')}</Text>
        <Text size="sm">{t('employeeCase.report.warningDoctor')}</Text>
      </Stack>
    </Alert>
  );
}

/** A yes/no question as two large radio buttons side by side. */
function YesNoQuestion({ label, description, value, onChange }: { label: string; description: string; value: YesNo; onChange: (v: YesNo) => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group label={label} description={description} value={value} onChange={(v) => onChange(v === 'yes' ? 'yes' : 'no')} size="md">
      <Group gap="sm" mt={6}>
        <Radio value="yes" label={t('common.yes')} styles={TOUCH_RADIO} />
        <Radio value="no" label={t('common.no')} styles={TOUCH_RADIO} />
      </Group>
    </Radio.Group>
  );
}

/** A radio in a bordered box of at least 48 px high, its label filling the box (all of it
 * can be tapped). */
const TOUCH_RADIO = {
  root: { border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)', minWidth: 110 },
  body: { alignItems: 'center', minHeight: 48, paddingInlineStart: 12 },
  labelWrapper: { flex: 1, alignSelf: 'stretch' },
  label: { display: 'flex', alignItems: 'center', height: '100%', paddingInlineEnd: 16, cursor: 'pointer' },
} as const;

/** After the sick report: the confirmation, announced and focused. */
export function ReportedNotice({ children }: { children: ReactNode }) {
  return (
    <Alert ref={focusOnMount} tabIndex={-1} color="green" variant="light" role="status" radius="md" icon={<span aria-hidden="true">✓</span>}>
      <Text fw={600}>{children}</Text>
    </Alert>
  );
}

// ----- who reported, and the recovery ----------------------------------------------------------

/** In the summary of his case: who reported him sick (and whether his employer confirmed his
 * own report), when he relapsed, what he said about duration and where he is reachable. */
export function SickReportFacts({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: MySickReportDocument, variables: { id: c.id } });
  const report = data?.case;
  const relapse = c.status === 'OPEN' ? c.recoveries.filter((r) => r.resickOn).at(-1)?.resickOn : undefined;
  return (
    <>
      {relapse && (
        <Fact inline label={t('employeeCase.report.resickSince')}>
          {formatDate(relapse)}
        </Fact>
      )}
      {report && (
        <Fact inline label={t('employeeCase.report.by')}>
          {report.reportedByEmployee ? t('employeeCase.report.byYou') : t('employeeCase.report.byEmployer')}
        </Fact>
      )}
      {report?.reportedByEmployee && c.status === 'OPEN' && (
        <Text size="sm" c="dimmed">
          {report.sickReportConfirmedAt
            ? t('employeeCase.report.confirmedOn', { date: formatDate(report.sickReportConfirmedAt) })
            : t('employeeCase.report.notConfirmed')}
        </Text>
      )}
      {c.status === 'OPEN' && c.expectedDurationWeeks != null && (
        <Fact inline label={t('employeeCase.report.expectedLabel')}>
          {t('employeeCase.report.weeks', { count: c.expectedDurationWeeks })}
        </Fact>
      )}
      {c.status === 'OPEN' && c.reachableAt && (
        <Fact inline label={t('employeeCase.report.reachableLabel')}>
          {c.reachableAt}
        </Fact>
      )}
    </>
  );
}

/** The last day of his case the recovery must come after (the server's rule: after the first
 * sick day, every relapse and every partial resumption). */
function latestReportDate(c: CaseDetail): string {
  let latest = c.sickSince;
  for (const r of c.recoveries) {
    if (r.recoveredOn > latest) latest = r.recoveredOn;
    if (r.resickOn && r.resickOn > latest) latest = r.resickOn;
  }
  for (const p of c.partialRecoveries) if (p.from > latest) latest = p.from;
  return latest;
}

type RecoveryStep = 'closed' | 'date' | 'confirm';

/**
 * "Beter melden" on his open case: the first day he is fit (today unless he says otherwise),
 * a confirmation step, then the report. `onRecovered` gets the day.
 */
export function RecoveryPart({ c, initiallyOpen, onRecovered }: { c: CaseDetail; initiallyOpen: boolean; onRecovered: (recoveredOn: string) => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<RecoveryStep>(initiallyOpen ? 'date' : 'closed');
  const [byClick, setByClick] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const [recoveredOn, setRecoveredOn] = useState(todayIso());
  const [problem, setProblem] = useState<string | undefined>();
  const [{ fetching }, report] = useMutation(ReportMyRecoveryDocument);
  const [error, setError] = useState<string | null>(null);
  const formId = useId();
  const questionId = useId();
  const latest = latestReportDate(c);

  function onNext(event: FormEvent) {
    event.preventDefault();
    const p = dateProblem(t, recoveredOn) ?? (recoveredOn <= latest ? t('employeeCase.recovery.afterLastReport', { date: formatDate(latest) }) : undefined);
    setProblem(p);
    if (p) return;
    setError(null);
    setByClick(true);
    setStep('confirm');
  }

  async function onConfirm() {
    setError(null);
    const result = await report({ caseId: c.id, recoveredOn }, caseContext);
    if (result.error) {
      const message = describeRecoveryError(t, result.error);
      // A refused day goes back to the date, with the reason next to it.
      if (errorField(result.error) === 'recoveredOn') {
        setProblem(message ?? undefined);
        setStep('date');
      } else setError(message);
      return;
    }
    onRecovered(recoveredOn);
  }

  return (
    <Stack gap="sm" style={ERROR_COLOUR}>
      {step === 'closed' && (
        <>
          <Text>{t('employeeCase.recovery.intro')}</Text>
          <Button
            ref={cancelled ? focusOnMount : undefined}
            size="lg"
            w={TOUCH_WIDTH}
            onClick={() => {
              setByClick(true);
              setStep('date');
            }}
            aria-expanded={false}
            aria-controls={formId}
            styles={WRAPPING_BUTTON}
          >
            {t('employeeCase.recovery.open')}
          </Button>
        </>
      )}
      <div id={formId} hidden={step === 'closed'}>
        {step === 'date' && (
          <form onSubmit={onNext} noValidate aria-label={t('employeeCase.recovery.open')}>
            <Stack gap="md">
              <TextInput
                ref={byClick ? focusOnMount : undefined}
                type="date"
                size="md"
                label={t('employeeCase.recovery.recoveredOn')}
                description={t('employeeCase.recovery.recoveredOnHint')}
                value={recoveredOn}
                min={nextDay(latest)}
                max={todayIso()}
                onChange={(e) => setRecoveredOn(e.currentTarget.value)}
                error={problem}
                required
                maw={280}
              />
              <Group gap="sm">
                <Button type="submit" size="lg" w={TOUCH_WIDTH}>
                  {t('employeeCase.recovery.next')}
                </Button>
                <Button
                  variant="default"
                  size="lg"
                  w={TOUCH_WIDTH}
                  onClick={() => {
                    setProblem(undefined);
                    setCancelled(true);
                    setStep('closed');
                  }}
                >
                  {t('common.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {step === 'confirm' && (
          <Stack gap="sm" role="group" aria-labelledby={questionId}>
            <Text id={questionId} fw={600} size="lg">
              {t('employeeCase.recovery.confirm', { date: formatDate(recoveredOn) })}
            </Text>
            <Text size="sm">{t('employeeCase.recovery.confirmNote')}</Text>
            <FormError message={error} />
            <Group gap="sm">
              <Button ref={focusOnMount} size="lg" w={TOUCH_WIDTH} onClick={() => void onConfirm()} loading={fetching} styles={WRAPPING_BUTTON}>
                {t('employeeCase.recovery.yes')}
              </Button>
              <Button
                variant="default"
                size="lg"
                w={TOUCH_WIDTH}
                onClick={() => {
                  setError(null);
                  setStep('date');
                }}
              >
                {t('employeeCase.recovery.change')}
              </Button>
            </Group>
          </Stack>
        )}
      </div>
    </Stack>
  );
}
