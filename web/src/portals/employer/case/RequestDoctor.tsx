import { Alert, Anchor, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { AssignToCaseMutation } from '../../../gql/graphql';
import { ERROR_COLOUR } from '../../../components/errorColour';
import { FormError } from '../../../components/FormError';
import { QueryState } from '../../../components/QueryState';
import { errorMessage } from '../../../errors';
import { AssignToCaseDocument } from '../../../identity/operations';
import { Track2ConsultantsDocument } from './operations';
import { SectionCard } from '../../../components/SectionCard';

type Doctor = { id: string; name: string; service: string };
type Outcome = { doctor: Doctor; status: AssignToCaseMutation['assignToCase']['status'] };

/**
 * "Bedrijfsarts aanvragen": the employer asks the health service it engaged for one of its
 * company doctors on this case. The health service's administrator decides (decision 76), so
 * the answer is a request ("aangevraagd bij Arbo Oost") until he assigns a doctor.
 */
export function RequestDoctor({ caseId, isHr }: { caseId: string; isHr: boolean }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, reload] = useQuery({ query: Track2ConsultantsDocument, variables: { caseId } });
  const doctors = useMemo<Doctor[]>(
    () =>
      (data?.assignableUsers ?? [])
        .filter((u) => u.role === 'COMPANY_DOCTOR')
        .map((u) => ({ id: u.id, name: u.name, service: u.organisation.name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'nl')),
    [data],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [{ fetching: requesting, error: requestError }, request] = useMutation(AssignToCaseDocument);
  const doctorId = chosen ?? (doctors.length === 1 ? doctors[0].id : '');
  const doctor = doctors.find((d) => d.id === doctorId);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!doctor) {
      setProblem(t('identity.request.chooseFirst'));
      return;
    }
    setProblem(undefined);
    setOutcome(null);
    const result = await request({ caseId, userId: doctor.id }, { additionalTypenames: ['CaseAssignment'] });
    if (result.data) setOutcome({ doctor, status: result.data.assignToCase.status });
  }

  return (
    <SectionCard headingId="request-doctor-heading" title={t('identity.request.title')}>
      <Text size="sm">{t('identity.request.intro')}</Text>
      {!data && <QueryState loading={fetching} error={error} onRetry={() => reload({ requestPolicy: 'network-only' })} />}
      {data && doctors.length === 0 && (
        <Text size="sm" role="status">
          {t('identity.request.noService')}{' '}
          {isHr && (
            <Anchor component={Link} to="/werkgever/dienstverleners">
              {t('track2.engage.toProviders')}
            </Anchor>
          )}
        </Text>
      )}
      {outcome && (
        <Alert color={outcome.status === 'REQUESTED' ? 'blue' : 'green'} variant="light" role="status" icon={<span aria-hidden="true">✓</span>}>
          {outcome.status === 'REQUESTED'
            ? t('identity.request.requested', { doctor: outcome.doctor.name, service: outcome.doctor.service })
            : t('identity.request.assigned', { doctor: outcome.doctor.name, service: outcome.doctor.service })}
        </Alert>
      )}
      {doctors.length > 0 && (
        <form onSubmit={onSubmit} noValidate aria-labelledby="request-doctor-heading" style={ERROR_COLOUR}>
          <Stack gap="sm">
            <FormError message={errorMessage(t, requestError)} />
            <NativeSelect
              label={t('identity.request.doctor')}
              value={doctorId}
              onChange={(e) => setChosen(e.currentTarget.value)}
              data={[
                { value: '', label: t('identity.request.choose'), disabled: true },
                ...doctors.map((d) => ({ value: d.id, label: t('identity.request.option', { doctor: d.name, service: d.service }) })),
              ]}
              error={problem}
              required
              maw={420}
            />
            <Group>
              <Button type="submit" variant="light" loading={requesting}>
                {t('identity.request.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </SectionCard>
  );
}
