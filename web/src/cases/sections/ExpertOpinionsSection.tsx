import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExpertOpinionQuestion, ExpertOpinionStatus, Party } from '../../gql/graphql';
import { Fact } from '../../components/Fact';
import { formatDate } from '../../dates';
import type { CaseDetail } from '../operations';

export type ExpertOpinion = CaseDetail['expertOpinions'][number];

/** The questions one can put to UWV, in the order the forms offer them. */
export const EXPERT_OPINION_QUESTIONS: ExpertOpinionQuestion[] = ['OWN_WORK', 'SUITABLE_WORK', 'EMPLOYER_EFFORT', 'EMPLOYEE_EFFORT', 'NO_USABLE_CAPACITY'];

/** Red when UWV is late, orange when its answer waits for a follow-up, green when done. */
const STATUS_COLOUR: Record<ExpertOpinionStatus, string> = {
  PENDING: 'blue',
  ANSWER_OVERDUE: 'red',
  ANSWERED: 'orange',
  FOLLOWED_UP: 'green',
};

/**
 * The expert opinions of UWV asked on a case, as the employer and the employee both read them:
 * the question, who asked it, UWV's answer and the follow-up. `reader` words who asked for the
 * one who reads it; `renderActions` adds what the reader may do with one opinion (the employer
 * records the answer and the follow-up) and `children`, under the list, what he may do with the
 * section (record a new request).
 */
export function ExpertOpinionsSection({
  opinions,
  reader,
  intro,
  renderActions,
  children,
}: {
  opinions: ExpertOpinion[];
  reader: Party;
  intro: string;
  renderActions?: (opinion: ExpertOpinion) => ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const requestedBy = (party: Party) =>
    reader === 'EMPLOYEE'
      ? t(party === 'EMPLOYEE' ? 'employeeCase.opinions.byYou' : 'employeeCase.opinions.byEmployer')
      : `${t('caseCommon.requestedBy')}: ${t(`party.${party}`)}`;
  return (
    <Stack gap="sm">
      <Text size="sm">{intro}</Text>
      {opinions.length === 0 ? (
        <Text>{t('caseCommon.noExpertOpinions')}</Text>
      ) : (
        <Stack gap="sm">
          {opinions.map((o) => (
            <Card key={o.id} withBorder radius="md" padding="md" component="article" aria-labelledby={`opinion-${o.id}`}>
              <Stack gap={4}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Title order={4} size="h5" id={`opinion-${o.id}`}>
                    {t(`question.${o.question}`)}
                  </Title>
                  <Badge variant="light" color={STATUS_COLOUR[o.status]}>
                    {t(`opinionStatus.${o.status}`)}
                  </Badge>
                </Group>
                <Text size="sm">{requestedBy(o.requestedBy)}</Text>
                <Text size="sm">{t('caseCommon.opinionFee', { amount: o.feeEuros })}</Text>
                <Text size="sm">{t('caseCommon.submittedOn', { date: formatDate(o.submittedOn) })}</Text>
                {o.answeredOn ? (
                  <Text size="sm">{t('caseCommon.answeredOn', { date: formatDate(o.answeredOn) })}</Text>
                ) : (
                  <Text size="sm">{t('caseCommon.expectedBy', { date: formatDate(o.expectedBy) })}</Text>
                )}
                {o.outcome && (
                  <Fact inline size="sm" label={t('caseCommon.opinionOutcome')}>
                    {o.outcome}
                  </Fact>
                )}
                {o.followUp && (
                  <Fact inline size="sm" label={t('caseCommon.followUp')}>
                    {o.followUp}
                    {o.followedUpOn ? ` (${formatDate(o.followedUpOn)})` : ''}
                  </Fact>
                )}
                {renderActions?.(o)}
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      {children}
    </Stack>
  );
}
