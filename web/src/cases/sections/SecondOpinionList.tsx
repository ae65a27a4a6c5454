import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormMutation } from '../../components/useFormMutation';
import { formatDate } from '../../dates';
import { DateStepForm } from '../forms';
import { RecordSecondOpinionGivenDocument } from '../operations';

export interface SecondOpinion {
  id: string;
  requestedOn: string;
  givenOn?: string | null;
}

/**
 * The second opinions of a case as every portal reads them: only dates (what the other doctor
 * found stays with the doctors). `renderActions` adds what the reader may do with one that was
 * not given yet (record the day it was given).
 */
export function SecondOpinionList({
  opinions,
  headingLevel = 4,
  renderActions,
}: {
  opinions: SecondOpinion[];
  headingLevel?: 4 | 5;
  renderActions?: (opinion: SecondOpinion, headingId: string) => ReactNode;
}) {
  const { t } = useTranslation();
  if (opinions.length === 0) return <Text>{t('caseCommon.secondOpinion.none')}</Text>;
  return (
    <Stack gap="sm">
      {opinions.map((o) => {
        const headingId = `second-opinion-${o.id}`;
        return (
          <Card key={o.id} withBorder radius="md" padding="sm" component="article" aria-labelledby={headingId}>
            <Stack gap={4}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Title order={headingLevel} size="h5" id={headingId}>
                  {t('caseCommon.secondOpinion.requested', { date: formatDate(o.requestedOn) })}
                </Title>
                <Badge variant="light" color={o.givenOn ? 'green' : 'blue'} leftSection={<span aria-hidden="true">{o.givenOn ? '✓' : '◷'}</span>}>
                  {o.givenOn ? t('caseCommon.secondOpinion.givenBadge') : t('caseCommon.secondOpinion.pendingBadge')}
                </Badge>
              </Group>
              <Text size="sm">{o.givenOn ? t('caseCommon.secondOpinion.given', { date: formatDate(o.givenOn) }) : t('caseCommon.secondOpinion.notGiven')}</Text>
              {!o.givenOn && renderActions?.(o, headingId)}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}

/** Under a second opinion not given yet: the day it was given (the employee, the employer or the
 * doctor records it). */
export function SecondOpinionGivenForm({ caseId, opinionId, labelledBy }: { caseId: string; opinionId: string; labelledBy: string }) {
  const { t } = useTranslation();
  const { submit, fetching, error, fieldErrors } = useFormMutation(RecordSecondOpinionGivenDocument);
  return (
    <DateStepForm
      labelledBy={labelledBy}
      label={t('caseCommon.secondOpinion.givenOn')}
      submitLabel={t('caseCommon.secondOpinion.saveGiven')}
      fetching={fetching}
      error={error}
      fieldError={fieldErrors.givenOn}
      onSave={async (givenOn) => {
        const r = await submit({ caseId, id: opinionId, givenOn }, ['givenOn']);
        if (r) notifications.show({ color: 'green', message: t('caseCommon.secondOpinion.givenSaved') });
      }}
    />
  );
}
