import { Button, Loader, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { errorMessage } from '../errors';
import { FormError } from './FormError';

/**
 * What a page shows while its query is not answered: a spinner the first time, and when it
 * failed, the error with a button that asks the server again (past the cache).
 */
export function QueryState({
  loading,
  error,
  onRetry,
}: {
  loading: boolean;
  error: CombinedError | undefined;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {loading && <Loader aria-label={t('common.loading')} />}
      {error && (
        <Stack gap="xs" align="flex-start">
          <FormError message={errorMessage(t, error)} />
          <Button variant="default" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        </Stack>
      )}
    </>
  );
}
