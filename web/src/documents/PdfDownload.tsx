import { Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FormError } from '../components/FormError';
import { WRAPPING_BUTTON } from '../components/wrappingButton';
import { errorMessage } from '../errors';
import { useDownload } from './download';

/** A button that downloads a generated PDF (the RIV, the medical part), with its error. */
export function PdfDownload({ url, fileName, label }: { url: string; fileName: string; label: string }) {
  const { t } = useTranslation();
  const { start, busy, error } = useDownload();
  return (
    <Stack gap="xs" align="flex-start">
      <Button onClick={() => start(url, url, fileName)} loading={busy !== null} styles={WRAPPING_BUTTON}>
        {label}
      </Button>
      <FormError message={errorMessage(t, error)} />
    </Stack>
  );
}
