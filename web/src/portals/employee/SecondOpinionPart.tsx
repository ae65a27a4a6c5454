import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { SectionCard } from '../../components/SectionCard';
import { WRAPPING_BUTTON } from '../../components/wrappingButton';
import { errorMessage } from '../../errors';
import { DateStepForm } from '../../cases/forms';
import { RequestSecondOpinionDocument, caseContext, type CaseDetail } from '../../cases/operations';
import { SecondOpinionList } from '../../cases/sections/SecondOpinionList';

/** His second opinions (dates only: the other doctor's findings stay with the doctors), and
 * the form to record that he asked for one — his right, at the employer's cost. */
export function SecondOpinionPart({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const opinions = c.clock.secondOpinions;
  const [opened, setOpened] = useState(false);
  const [{ fetching, error }, request] = useMutation(RequestSecondOpinionDocument);
  if (c.status === 'CLOSED' && opinions.length === 0) return null;

  async function onSave(requestedOn: string) {
    const res = await request({ caseId: c.id, requestedOn }, caseContext);
    if (!res.error) {
      notifications.show({ color: 'green', message: t('caseCommon.secondOpinion.requestSaved') });
      setOpened(false);
    }
  }

  return (
    <SectionCard headingId="second-opinion-heading" linkTarget padding="lg" title={t('caseCommon.secondOpinion.title')}>
      <Text size="sm">{t('employeeCase.second.intro')}</Text>
      <SecondOpinionList opinions={opinions} />
      {c.status !== 'CLOSED' && (
        <>
          <Group>
            <Button variant="light" onClick={() => setOpened((v) => !v)} aria-expanded={opened} aria-controls="second-opinion-form" styles={WRAPPING_BUTTON}>
              {t('employeeCase.second.open')}
            </Button>
          </Group>
          <div id="second-opinion-form" hidden={!opened} aria-label={t('employeeCase.second.formTitle')} role="group">
            {opened && (
              <DateStepForm
                label={t('caseCommon.secondOpinion.requestedOn')}
                submitLabel={t('employeeCase.second.save')}
                onSave={onSave}
                fetching={fetching}
                error={errorMessage(t, error)}
                variant="filled"
              />
            )}
          </div>
        </>
      )}
    </SectionCard>
  );
}
