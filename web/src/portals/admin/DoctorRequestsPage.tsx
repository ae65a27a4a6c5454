import { Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { DoctorRequestsQuery } from '../../gql/graphql';
import { FormError } from '../../components/FormError';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { formatDate, formatDateTime } from '../../dates';
import { errorMessage } from '../../errors';
import { AcceptDoctorRequestDocument, AssignToCaseDocument, DoctorRequestsDocument } from '../../identity/operations';
import { usePortal } from '../PortalShell';

type DoctorRequest = DoctorRequestsQuery['doctorRequests'][number];
type Doctor = { id: string; name: string };

const WRAP = { overflowWrap: 'anywhere' } as const;
const context = { additionalTypenames: ['CaseAssignment', 'DoctorRequest'] };

/**
 * "Artsaanvragen" for the administrator of a health service: employers ask for a company doctor
 * on a case; he accepts the doctor asked for, or assigns another doctor of his own service.
 * He reads nothing medical: only who, for which employer, since when.
 */
export function DoctorRequestsPage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DoctorRequestsDocument,
    requestPolicy: 'cache-and-network',
    context: useMemo(() => context, []),
  });
  const doctors = useMemo<Doctor[]>(
    () =>
      (data?.users ?? [])
        .filter((u) => u.roles.includes('COMPANY_DOCTOR'))
        .map((u) => ({ id: u.id, name: u.name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'nl')),
    [data?.users],
  );
  const requests = data?.doctorRequests ?? [];

  return (
    <Page title={t('identity.requests.title')} context={portalTitle}>
      <Text>{t('identity.requests.intro')}</Text>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {data && requests.length === 0 && (
        <Card withBorder radius="md" padding="md">
          <Text role="status">{t('identity.requests.none')}</Text>
        </Card>
      )}
      {requests.length > 0 && (
        <Stack gap="sm" component="ul" aria-label={t('identity.requests.listLabel')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {requests.map((request) => (
            <li key={request.id}>
              <RequestCard request={request} doctors={doctors} onDone={() => refetch({ requestPolicy: 'network-only' })} />
            </li>
          ))}
        </Stack>
      )}
    </Page>
  );
}

function RequestCard({ request, doctors, onDone }: { request: DoctorRequest; doctors: Doctor[]; onDone: () => void }) {
  const { t } = useTranslation();
  const headingId = `request-${request.id}`;
  const [{ fetching: accepting }, accept] = useMutation(AcceptDoctorRequestDocument);
  const [{ fetching: assigning }, assign] = useMutation(AssignToCaseDocument);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const others = doctors.filter((d) => d.id !== request.requestedDoctorId);
  const [doctorId, setDoctorId] = useState('');
  const chosen = others.find((d) => d.id === doctorId);

  async function onAccept() {
    setError(null);
    const result = await accept({ id: request.id }, context);
    if (result.error) {
      setError(errorMessage(t, result.error));
      return;
    }
    notifications.show({
      color: 'green',
      message: t('identity.requests.accepted', { doctor: request.requestedDoctor ?? '', employee: request.employee }),
    });
    onDone();
  }

  async function onAssign(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!chosen) {
      setFieldError(t('identity.requests.chooseDoctorFirst'));
      return;
    }
    setFieldError(undefined);
    const result = await assign({ caseId: request.caseId, userId: chosen.id }, context);
    if (result.error) {
      setError(errorMessage(t, result.error));
      return;
    }
    notifications.show({ color: 'green', message: t('identity.requests.assigned', { doctor: chosen.name, employee: request.employee }) });
    onDone();
  }

  return (
    <Card withBorder radius="md" padding="md" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId} style={WRAP}>
          {request.employee}
        </Title>
        <Stack gap={2}>
          <Text size="sm" style={WRAP}>
            {t('identity.requests.employer')}: {request.employer}
          </Text>
          <Text size="sm">
            {t('caseCommon.sickSince')}: {formatDate(request.sickSince)}
          </Text>
          <Text size="sm" style={WRAP}>
            {t('identity.requests.requestedDoctor')}: {request.requestedDoctor ?? t('identity.requests.anyDoctor')}
          </Text>
          <Text size="sm" c="dimmed">
            {t('identity.requests.requestedAt', { date: formatDateTime(request.requestedAt) })}
          </Text>
        </Stack>
        <FormError message={error} />
        {request.requestedDoctorId && (
          <Group>
            <Button
              onClick={onAccept}
              loading={accepting}
              aria-label={t('identity.requests.acceptLabel', { doctor: request.requestedDoctor ?? '', employee: request.employee })}
            >
              {t('identity.requests.accept')}
            </Button>
          </Group>
        )}
        {others.length > 0 ? (
          <form onSubmit={onAssign} noValidate aria-label={t('identity.requests.otherLabel', { employee: request.employee })}>
            <Stack gap="xs">
              <NativeSelect
                label={request.requestedDoctorId ? t('identity.requests.otherDoctor') : t('identity.requests.doctor')}
                value={chosen ? chosen.id : ''}
                onChange={(e) => setDoctorId(e.currentTarget.value)}
                data={[{ value: '', label: t('identity.requests.chooseDoctor') }, ...others.map((d) => ({ value: d.id, label: d.name }))]}
                error={fieldError}
                maw={420}
              />
              <Group>
                <Button type="submit" variant={request.requestedDoctorId ? 'default' : 'filled'} loading={assigning}>
                  {t('identity.requests.assign')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          !request.requestedDoctorId && <Text size="sm">{t('identity.requests.noDoctors')}</Text>
        )}
      </Stack>
    </Card>
  );
}
