import { useTranslation } from 'react-i18next';

/** "Skip to content": the first tab stop, visible only while focused. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('common.skipToContent')}
    </a>
  );
}
