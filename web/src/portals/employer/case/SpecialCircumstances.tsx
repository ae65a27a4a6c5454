import { Button, Group, List, NumberInput, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SanctionKind } from '../../../gql/graphql';
import { ConfirmInRow } from '../../../components/ConfirmInRow';
import { ERROR_COLOUR } from '../../../components/errorColour';
import { Fact, FactGrid } from '../../../components/Fact';
import { FormError } from '../../../components/FormError';
import { SectionCard } from '../../../components/SectionCard';
import { useFormMutation } from '../../../components/useFormMutation';
import { WRAPPING_BUTTON } from '../../../components/wrappingButton';
import { DateField, DateStepForm } from '../../../cases/forms';
import { RecordIvaGrantedDocument, RequestSecondOpinionDocument, type CaseDetail } from '../../../cases/operations';
import { SecondOpinionGivenForm, SecondOpinionList } from '../../../cases/sections/SecondOpinionList';
import { formatDate, todayIso } from '../../../dates';
import {
  ImposeWageSanctionDocument,
  RecordEmploymentEndDocument,
  RecordLeaveDocument,
  RecordSanctionDecisionDocument,
  RecordSanctionRepairDocument,
  RemoveLeaveDocument,
  RequestSanctionShorteningDocument,
} from './operations';

// "Bijzondere situaties": what moves the legal clock beyond the common path, recorded by the
// employer. Every mutation returns the case under the case context, so the case page (and its
// timeline) is read again at once. The safety net's kind is never asked or shown here: the
// employer may only know that one applies.

const SANCTION_KINDS: SanctionKind[] = ['SUBSTANTIVE', 'ADMINISTRATIVE'];

/** "di 1 dec 2026 t/m wo 16 mrt 2027" */
function period(t: TFunction, from: string, until: string) {
  return t('caseCommon.period', { from: formatDate(from), until: formatDate(until) });
}

/** The employer's tab of special circumstances: leave, the end of employment, the wage
 * sanction's course, second opinions and an IVA benefit granted early. */
export function SpecialCircumstances({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const open = c.status !== 'CLOSED';
  return (
    <Stack gap="md" style={ERROR_COLOUR}>
      <Text size="sm">{t('employerCase.special.intro')}</Text>
      <LeaveCard c={c} open={open} />
      <EmploymentEndCard c={c} open={open} />
      <WageSanctionCard c={c} open={open} />
      <SecondOpinionsCard c={c} open={open} />
      <IvaCard c={c} open={open} />
    </Stack>
  );
}

function LeaveCard({ c, open }: { c: CaseDetail; open: boolean }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [removing, setRemoving] = useState<string | null>(null);
  const record = useFormMutation(RecordLeaveDocument);
  const remove = useFormMutation(RemoveLeaveDocument);
  const leaves = c.clock.leaves;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!from) problems.from = t('form.required');
    if (!until) problems.until = t('form.required');
    else if (from && until < from) problems.until = t('employerCase.special.leave.untilBeforeFrom');
    record.setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const r = await record.submit({ caseId: c.id, from, until }, ['from', 'until']);
    if (r) {
      notifications.show({ color: 'green', message: t('employerCase.special.leave.saved') });
      setFrom('');
      setUntil('');
    }
  }

  async function onRemove(leaveId: string) {
    const r = await remove.submit({ caseId: c.id, leaveId });
    if (r) {
      setRemoving(null);
      notifications.show({ color: 'green', message: t('employerCase.special.leave.removed') });
    }
  }

  return (
    <SectionCard headingId="leave-heading" title={t('employerCase.special.leave.title')}>
      <Text size="sm">{t('employerCase.special.leave.intro')}</Text>
      {leaves.length === 0 ? (
        <Text>{t('employerCase.special.leave.none')}</Text>
      ) : (
        <List spacing="xs" aria-label={t('employerCase.special.leave.listLabel')} listStyleType="none" styles={{ root: { paddingInlineStart: 0 } }}>
          {leaves.map((l) => {
            const text = period(t, l.from, l.until);
            const days = dayjs(l.until).diff(dayjs(l.from), 'day') + 1;
            return (
              <List.Item key={l.id}>
                <Stack gap={4}>
                  <Group gap="xs" wrap="wrap" justify="space-between">
                    <Text>
                      {text} <Text span c="dimmed" size="sm">{t('employerCase.special.leave.days', { count: days })}</Text>
                    </Text>
                    {open && removing !== l.id && (
                      <Button variant="subtle" color="red" size="xs" onClick={() => setRemoving(l.id)} aria-label={t('employerCase.special.leave.removeLabel', { period: text })}>
                        {t('employerCase.special.leave.remove')}
                      </Button>
                    )}
                  </Group>
                  {removing === l.id && (
                    <ConfirmInRow
                      question={t('employerCase.special.leave.removeQuestion', { period: text })}
                      confirmLabel={t('employerCase.special.leave.remove')}
                      onConfirm={() => onRemove(l.id)}
                      onCancel={() => {
                        setRemoving(null);
                        remove.setError(null);
                      }}
                      loading={remove.fetching}
                      error={remove.error}
                    />
                  )}
                </Stack>
              </List.Item>
            );
          })}
        </List>
      )}
      {open && (
        <form onSubmit={onSubmit} noValidate aria-labelledby="leave-form-heading">
          <Stack gap="sm">
            <Title order={4} size="h5" id="leave-form-heading">
              {t('employerCase.special.leave.record')}
            </Title>
            <FormError message={record.error} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DateField label={t('employerCase.special.leave.from')} value={from} onChange={setFrom} error={record.fieldErrors.from} future />
              <DateField label={t('employerCase.special.leave.until')} value={until} onChange={setUntil} error={record.fieldErrors.until} future />
            </SimpleGrid>
            <Text size="sm" c="dimmed">
              {t('employerCase.special.leave.hint')}
            </Text>
            <Group justify="flex-end">
              <Button type="submit" loading={record.fetching}>
                {t('employerCase.special.leave.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </SectionCard>
  );
}

function EmploymentEndCard({ c, open }: { c: CaseDetail; open: boolean }) {
  const { t } = useTranslation();
  const current = c.clock.employmentEndsOn ?? null;
  const [lastDay, setLastDay] = useState(current ?? '');
  const [confirming, setConfirming] = useState(false);
  const save = useFormMutation(RecordEmploymentEndDocument);
  const takeBack = useFormMutation(RecordEmploymentEndDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!lastDay) {
      save.setFieldErrors({ lastDay: t('form.required') });
      return;
    }
    const r = await save.submit({ caseId: c.id, lastDay }, ['lastDay']);
    if (r) notifications.show({ color: 'green', message: t('employerCase.special.end.saved') });
  }

  async function onTakeBack() {
    const r = await takeBack.submit({ caseId: c.id, lastDay: null });
    if (r) {
      setConfirming(false);
      setLastDay('');
      notifications.show({ color: 'green', message: t('employerCase.special.end.takenBack') });
    }
  }

  return (
    <SectionCard headingId="employment-end-heading" title={t('employerCase.special.end.title')}>
      <Text size="sm">{t('employerCase.special.end.intro')}</Text>
      {current ? (
        <>
          <FactGrid>
            <Fact label={t('caseCommon.lastDay')}>{formatDate(current)}</Fact>
            {c.clock.rivOnLeaving && <Fact label={t('employerCase.special.end.riv')}>{t(`rivScope.${c.clock.rivOnLeaving}`)}</Fact>}
          </FactGrid>
          <Text size="sm">{c.clock.ownRiskCarrier ? t('employerCase.special.end.ownRisk') : t('employerCase.special.end.uwv')}</Text>
        </>
      ) : (
        <Fact inline label={t('caseCommon.lastDay')}>
          {t('employerCase.special.end.none')}
        </Fact>
      )}
      {open && (
        <form onSubmit={onSubmit} noValidate aria-labelledby="employment-end-form-heading">
          <Stack gap="sm">
            <Title order={4} size="h5" id="employment-end-form-heading">
              {current ? t('employerCase.special.end.change') : t('employerCase.special.end.record')}
            </Title>
            <FormError message={save.error} />
            <DateField label={t('caseCommon.lastDay')} value={lastDay} onChange={setLastDay} error={save.fieldErrors.lastDay} future />
            <Group justify="flex-end">
              <Button type="submit" loading={save.fetching}>
                {t('employerCase.special.end.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {open && current && !confirming && (
        <Group>
          <Button variant="subtle" color="red" onClick={() => setConfirming(true)} styles={WRAPPING_BUTTON}>
            {t('employerCase.special.end.takeBack')}
          </Button>
        </Group>
      )}
      {open && current && confirming && (
        <ConfirmInRow
          question={t('employerCase.special.end.takeBackQuestion')}
          confirmLabel={t('employerCase.special.end.takeBack')}
          onConfirm={onTakeBack}
          onCancel={() => {
            setConfirming(false);
            takeBack.setError(null);
          }}
          loading={takeBack.fetching}
          error={takeBack.error}
        />
      )}
    </SectionCard>
  );
}

function WageSanctionCard({ c, open }: { c: CaseDetail; open: boolean }) {
  const { t } = useTranslation();
  const sanction = c.clock.wageSanction ?? null;
  const decision = c.deadlines.find((d) => d.kind === 'SANCTION_DECISION' && d.status !== 'DONE');
  const repair = useFormMutation(RecordSanctionRepairDocument);
  const shortening = useFormMutation(RequestSanctionShorteningDocument);
  const [replacing, setReplacing] = useState(false);
  return (
    <SectionCard headingId="sanction-heading" title={t('employerCase.special.sanction.title')}>
      <Text size="sm">{t('employerCase.special.sanction.intro')}</Text>
      {!sanction ? (
        <Text>{t('employerCase.special.sanction.none')}</Text>
      ) : (
        <>
          <FactGrid>
            <Fact label={t('employerCase.special.sanction.kind')}>{t(`sanctionKind.${sanction.kind}`)}</Fact>
            <Fact label={t('employerCase.wage.weeks')}>{sanction.weeks}</Fact>
            <Fact label={t('employerCase.special.sanction.imposedOn')}>{sanction.imposedOn ? formatDate(sanction.imposedOn) : '–'}</Fact>
            <Fact label={t('employerCase.special.sanction.repairedOn')}>{sanction.repairedOn ? formatDate(sanction.repairedOn) : t('employerCase.special.sanction.notYet')}</Fact>
            <Fact label={t('employerCase.special.sanction.requestedOn')}>
              {sanction.shorteningRequestedOn ? formatDate(sanction.shorteningRequestedOn) : t('employerCase.special.sanction.notYet')}
            </Fact>
            <Fact label={t('employerCase.special.sanction.decision')}>
              {sanction.decidedOn && sanction.granted != null
                ? sanction.granted
                  ? t('employerCase.special.sanction.granted', { date: formatDate(sanction.decidedOn) })
                  : t('employerCase.special.sanction.rejected', { date: formatDate(sanction.decidedOn) })
                : decision
                  ? t('employerCase.special.sanction.decisionDue', { date: formatDate(decision.dueOn) })
                  : '–'}
            </Fact>
          </FactGrid>
          {sanction.granted === true && <Text size="sm">{t('employerCase.special.sanction.grantedHint')}</Text>}
          {open && !sanction.repairedOn && (
            <Stack gap="xs">
              <Title order={4} size="h5" id="sanction-repair-heading">
                {t('employerCase.special.sanction.repairTitle')}
              </Title>
              <Text size="sm">{t('employerCase.special.sanction.repairHint')}</Text>
              <DateStepForm
                labelledBy="sanction-repair-heading"
                label={t('employerCase.special.sanction.repairedOn')}
                submitLabel={t('employerCase.special.sanction.repairSave')}
                fetching={repair.fetching}
                error={repair.error}
                fieldError={repair.fieldErrors.repairedOn}
                onSave={async (repairedOn) => {
                  const r = await repair.submit({ caseId: c.id, repairedOn }, ['repairedOn']);
                  if (r) notifications.show({ color: 'green', message: t('employerCase.special.sanction.repairSaved') });
                }}
              />
            </Stack>
          )}
          {open && sanction.repairedOn && !sanction.shorteningRequestedOn && (
            <Stack gap="xs">
              <Title order={4} size="h5" id="sanction-shortening-heading">
                {t('employerCase.special.sanction.shorteningTitle')}
              </Title>
              <Text size="sm">{t('employerCase.special.sanction.shorteningHint')}</Text>
              <DateStepForm
                labelledBy="sanction-shortening-heading"
                label={t('employerCase.special.sanction.requestedOn')}
                submitLabel={t('employerCase.special.sanction.shorteningSave')}
                fetching={shortening.fetching}
                error={shortening.error}
                fieldError={shortening.fieldErrors.requestedOn}
                onSave={async (requestedOn) => {
                  const r = await shortening.submit({ caseId: c.id, requestedOn }, ['requestedOn']);
                  if (r) notifications.show({ color: 'green', message: t('employerCase.special.sanction.shorteningSaved') });
                }}
              />
            </Stack>
          )}
          {open && sanction.shorteningRequestedOn && !sanction.decidedOn && <SanctionDecisionForm caseId={c.id} />}
        </>
      )}
      {open && !sanction && <ImposeSanctionForm caseId={c.id} replaces={false} />}
      {open && sanction && (
        <Stack gap="xs">
          <Group>
            <Button
              variant="subtle"
              onClick={() => setReplacing((v) => !v)}
              aria-expanded={replacing}
              aria-controls="sanction-impose-again"
              styles={WRAPPING_BUTTON}
            >
              {t('employerCase.special.sanction.imposeAgain')}
            </Button>
          </Group>
          <div id="sanction-impose-again" hidden={!replacing}>
            {replacing && <ImposeSanctionForm caseId={c.id} replaces onSaved={() => setReplacing(false)} />}
          </div>
        </Stack>
      )}
    </SectionCard>
  );
}

function SanctionDecisionForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [decidedOn, setDecidedOn] = useState(todayIso());
  const [outcome, setOutcome] = useState<'granted' | 'rejected' | ''>('');
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useFormMutation(RecordSanctionDecisionDocument);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!decidedOn) problems.decidedOn = t('form.required');
    if (!outcome) problems.granted = t('employerCase.special.sanction.outcomeRequired');
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const r = await submit({ caseId, decidedOn, granted: outcome === 'granted' }, ['decidedOn', 'granted']);
    if (r) notifications.show({ color: 'green', message: t('employerCase.special.sanction.decisionSaved') });
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="sanction-decision-heading">
      <Stack gap="xs">
        <Title order={4} size="h5" id="sanction-decision-heading">
          {t('employerCase.special.sanction.decisionTitle')}
        </Title>
        <FormError message={error} />
        <DateField label={t('employerCase.special.sanction.decidedOn')} value={decidedOn} onChange={setDecidedOn} error={fieldErrors.decidedOn} />
        <Radio.Group
          label={t('employerCase.special.sanction.outcome')}
          value={outcome}
          onChange={(v) => setOutcome(v as 'granted' | 'rejected')}
          error={fieldErrors.granted}
          required
        >
          <Group gap="lg" mt={4}>
            <Radio value="granted" label={t('employerCase.special.sanction.outcomeGranted')} />
            <Radio value="rejected" label={t('employerCase.special.sanction.outcomeRejected')} />
          </Group>
        </Radio.Group>
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={fetching}>
            {t('employerCase.special.sanction.decisionSave')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** UWV's decision to impose a wage sanction: the end of wage payment moves by its weeks. A new
 * one replaces the current one and starts its course afresh. */
function ImposeSanctionForm({ caseId, replaces, onSaved }: { caseId: string; replaces: boolean; onSaved?: () => void }) {
  const { t } = useTranslation();
  const [weeks, setWeeks] = useState<number | string>(12);
  const [decidedOn, setDecidedOn] = useState(todayIso());
  const [kind, setKind] = useState<SanctionKind>('SUBSTANTIVE');
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useFormMutation(ImposeWageSanctionDocument);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const n = Number(weeks);
    const problems: Record<string, string> = {};
    if (!Number.isInteger(n) || n < 1 || n > 52) problems.weeks = t('employerCase.special.sanction.weeksRange');
    if (!decidedOn) problems.decidedOn = t('form.required');
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const r = await submit({ caseId, weeks: n, decidedOn, kind }, ['weeks', 'decidedOn', 'kind']);
    if (r) {
      notifications.show({ color: 'green', message: t('employerCase.special.sanction.saved') });
      onSaved?.();
    }
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="sanction-impose-heading">
      <Stack gap="sm">
        <Title order={4} size="h5" id="sanction-impose-heading">
          {replaces ? t('employerCase.special.sanction.imposeAgain') : t('employerCase.special.sanction.impose')}
        </Title>
        {replaces && <Text size="sm">{t('employerCase.special.sanction.replaceHint')}</Text>}
        <FormError message={error} />
        <Radio.Group label={t('employerCase.special.sanction.kind')} value={kind} onChange={(v) => setKind(v as SanctionKind)} error={fieldErrors.kind} required>
          <Stack gap="xs" mt={4}>
            {SANCTION_KINDS.map((k) => (
              <Radio key={k} value={k} label={t(`sanctionKind.${k}`)} />
            ))}
          </Stack>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('employerCase.wage.weeks')}
            value={weeks}
            onChange={setWeeks}
            min={1}
            max={52}
            allowDecimal={false}
            error={fieldErrors.weeks}
            required
          />
          <DateField label={t('employerCase.wage.decidedOn')} value={decidedOn} onChange={setDecidedOn} error={fieldErrors.decidedOn} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={fetching}>
            {t('employerCase.wage.saveSanction')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SecondOpinionsCard({ c, open }: { c: CaseDetail; open: boolean }) {
  const { t } = useTranslation();
  const request = useFormMutation(RequestSecondOpinionDocument);
  return (
    <SectionCard headingId="second-opinions-heading" title={t('caseCommon.secondOpinion.title')}>
      <Text size="sm">{t('employerCase.special.second.intro')}</Text>
      <SecondOpinionList
        opinions={c.clock.secondOpinions}
        renderActions={open ? (o, headingId) => <SecondOpinionGivenForm caseId={c.id} opinionId={o.id} labelledBy={headingId} /> : undefined}
      />
      {open && (
        <Stack gap="xs">
          <Title order={4} size="h5" id="second-opinion-request-heading">
            {t('employerCase.special.second.record')}
          </Title>
          <DateStepForm
            labelledBy="second-opinion-request-heading"
            label={t('caseCommon.secondOpinion.requestedOn')}
            submitLabel={t('employerCase.special.second.save')}
            variant="filled"
            fetching={request.fetching}
            error={request.error}
            fieldError={request.fieldErrors.requestedOn}
            onSave={async (requestedOn) => {
              const r = await request.submit({ caseId: c.id, requestedOn }, ['requestedOn']);
              if (r) notifications.show({ color: 'green', message: t('caseCommon.secondOpinion.requestSaved') });
            }}
          />
        </Stack>
      )}
    </SectionCard>
  );
}

function IvaCard({ c, open }: { c: CaseDetail; open: boolean }) {
  const { t } = useTranslation();
  const iva = useFormMutation(RecordIvaGrantedDocument);
  const from = c.clock.ivaFrom ?? null;
  return (
    <SectionCard headingId="iva-heading" title={t('employerCase.special.iva.title')}>
      <Text size="sm">{t('employerCase.special.iva.intro')}</Text>
      {from && <Text fw={600}>{t('employerCase.special.iva.granted', { date: formatDate(from) })}</Text>}
      {open && (
        <DateStepForm
          labelledBy="iva-heading"
          label={t('employerCase.special.iva.from')}
          submitLabel={t('employerCase.special.iva.save')}
          future
          initial={from ?? todayIso()}
          fetching={iva.fetching}
          error={iva.error}
          fieldError={iva.fieldErrors.from}
          onSave={async (date) => {
            const r = await iva.submit({ caseId: c.id, from: date }, ['from']);
            if (r) notifications.show({ color: 'green', message: t('employerCase.special.iva.saved') });
          }}
        />
      )}
    </SectionCard>
  );
}
