import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../../gql';
import { FormError } from '../../../components/FormError';
import { useFormMutation } from '../../../components/useFormMutation';
import { WRAPPING_BUTTON } from '../../../components/wrappingButton';
import { formatDateTime } from '../../../dates';

export const ConfirmSickReportDocument = graphql(`
  mutation ConfirmSickReport($caseId: ID!) {
    confirmSickReport(caseId: $caseId) {
      id
      reportedByEmployee
      sickReportConfirmedAt
    }
  }
`);

/**
 * The employee reported himself sick: until the employer confirms (case manager, HR or line
 * manager), a clear notice with "Ziekmelding bevestigen"; after that, when it was confirmed.
 * The task in "Mijn taken" and the daily reminder end with the confirmation.
 */
export function SelfReportNotice({ caseId, confirmedAt }: { caseId: string; confirmedAt: string | null | undefined }) {
  const { t } = useTranslation();
  const { submit, fetching, error } = useFormMutation(ConfirmSickReportDocument);

  async function confirm() {
    const result = await submit({ caseId });
    if (result?.data) notifications.show({ color: 'green', message: t('employerCase.selfReport.confirmedNotice') });
  }

  const confirmed = Boolean(confirmedAt);
  return (
    // A live region: the change to "Bevestigd op …" is announced.
    <Paper
      withBorder
      radius="md"
      p="md"
      role="status"
      data-testid="self-report-notice"
      style={{ borderLeft: `4px solid var(--mantine-color-${confirmed ? 'green-7' : 'orange-7'})` }}
    >
      {confirmed ? (
        <Text>
          <Text span fw={600}>
            <span aria-hidden="true">✓ </span>
            {t('employerCase.selfReport.byEmployee')}
          </Text>{' '}
          {t('employerCase.selfReport.confirmedOn', { date: formatDateTime(confirmedAt) })}
        </Text>
      ) : (
        <Stack gap="xs">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <Stack gap={4} style={{ flex: '1 1 18rem' }}>
              <Text fw={700}>
                <span aria-hidden="true">⚠ </span>
                {t('employerCase.selfReport.unconfirmed')}
              </Text>
              <Text size="sm">{t('employerCase.selfReport.hint')}</Text>
            </Stack>
            <Button onClick={() => void confirm()} loading={fetching} styles={WRAPPING_BUTTON}>
              {t('employerCase.selfReport.confirm')}
            </Button>
          </Group>
          <FormError message={error} />
        </Stack>
      )}
    </Paper>
  );
}
