import { Badge, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseHeaderFieldsFragment } from '../gql/graphql';

/**
 * The badges at the top of a case page in every portal: status, week of sickness and track.
 * `children` adds what the portal itself shows beside them (the employer's case manager).
 */
export function CaseHeader({ header, children }: { header: CaseHeaderFieldsFragment; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="wrap">
      <Badge variant="light" color={header.status === 'OPEN' ? 'orange' : 'green'}>
        {t(`caseStatus.${header.status}`)}
      </Badge>
      {header.sickWeek != null && <Badge variant="light">{t('caseCommon.weekOfSickness', { week: header.sickWeek })}</Badge>}
      <Badge variant="light" color="gray">
        {t(`track.${header.track}`)}
      </Badge>
      {children}
    </Group>
  );
}
