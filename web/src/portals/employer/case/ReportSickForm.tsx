import { Button, Checkbox, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { FormError } from '../../../components/FormError';
import { MedicalWarning, WARNING_BELOW } from '../../../cases/MedicalWarning';
import { todayIso } from '../../../dates';
import { usePortal } from '../../PortalShell';
import { DateField } from '../../../cases/forms';
import { useFormMutation } from '../../../components/useFormMutation';
import { CaseManagersDocument, ReportSickDocument, SickReportEmployeesDocument } from './operations';

/**
 * The sick report asks only what an employer may ask (AVG): expected duration, how to reach the
 * employee, whether a safety-net rule applies, a liable third party, a work accident — never
 * what is wrong with him.
 */
export function ReportSickForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { me } = usePortal();
  const navigate = useNavigate();
  const [{ data: employees }] = useQuery({ query: SickReportEmployeesDocument });
  const [{ data: managers }] = useQuery({ query: CaseManagersDocument });
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [sickSince, setSickSince] = useState(todayIso());
  const [weeks, setWeeks] = useState<number | string>('');
  const [reachableAt, setReachableAt] = useState('');
  const [safetyNet, setSafetyNet] = useState(false);
  const [thirdParty, setThirdParty] = useState(false);
  const [workAccident, setWorkAccident] = useState(false);
  const defaultManager = managers?.caseManagers.some((m) => m.id === me.id) ? me.id : null;
  const [manager, setManager] = useState<string | null | undefined>(undefined);
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useFormMutation(ReportSickDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!employeeId) {
      setFieldErrors({ employeeId: t('form.required') });
      return;
    }
    const result = await submit(
      {
        input: {
          employeeId,
          sickSince,
          expectedDurationWeeks: typeof weeks === 'number' ? weeks : null,
          reachableAt: reachableAt.trim() || null,
          safetyNet,
          thirdPartyLiable: thirdParty,
          workAccident,
          caseManagerUserId: (manager === undefined ? defaultManager : manager) ?? null,
        },
      },
      ['employeeId', 'sickSince', 'expectedDurationWeeks', 'reachableAt', 'caseManagerUserId'],
    );
    if (result?.data) {
      notifications.show({ color: 'green', message: t('employerCase.reportSick.done') });
      onDone();
      void navigate(`/werkgever/dossiers/${result.data.reportSick.id}`);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Text size="sm">{t('employerCase.reportSick.intro')}</Text>
        <FormError message={error} />
        <Select
          label={t('employerCase.reportSick.employee')}
          data={(employees?.employees.nodes ?? []).map((e) => ({ value: e.id, label: e.name }))}
          value={employeeId}
          onChange={setEmployeeId}
          searchable
          required
          error={fieldErrors.employeeId}
          nothingFoundMessage={t('employerCase.reportSick.noEmployee')}
        />
        <DateField label={t('employerCase.reportSick.sickSince')} value={sickSince} onChange={setSickSince} error={fieldErrors.sickSince} />
        <NumberInput
          label={t('employerCase.reportSick.expectedWeeks')}
          value={weeks}
          onChange={setWeeks}
          min={0}
          max={104}
          allowDecimal={false}
          error={fieldErrors.expectedDurationWeeks}
        />
        <TextInput
          label={t('employerCase.reportSick.reachableAt')}
          description={
            <>
              {t('employerCase.reportSick.reachableAtHint')} <MedicalWarning />
            </>
          }
          inputWrapperOrder={WARNING_BELOW}
          value={reachableAt}
          onChange={(e) => setReachableAt(e.currentTarget.value)}
          maxLength={300}
          error={fieldErrors.reachableAt}
        />
        <Checkbox label={t('employerCase.reportSick.safetyNet')} description={t('employerCase.reportSick.safetyNetHint')} checked={safetyNet} onChange={(e) => setSafetyNet(e.currentTarget.checked)} />
        <Checkbox label={t('employerCase.reportSick.thirdParty')} checked={thirdParty} onChange={(e) => setThirdParty(e.currentTarget.checked)} />
        <Checkbox label={t('employerCase.reportSick.workAccident')} checked={workAccident} onChange={(e) => setWorkAccident(e.currentTarget.checked)} />
        <Select
          label={t('caseCommon.caseManager')}
          data={(managers?.caseManagers ?? []).map((m) => ({ value: m.id, label: m.name }))}
          value={manager === undefined ? defaultManager : manager}
          onChange={(v) => setManager(v)}
          clearable
          error={fieldErrors.caseManagerUserId}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={fetching}>
            {t('employerCase.reportSick.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
