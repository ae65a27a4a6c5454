import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, type AppLanguage } from '../i18n';

const OPTIONS: { value: AppLanguage; short: string; name: string }[] = [
  { value: 'nl', short: 'NL', name: 'Nederlands' },
  { value: 'en', short: 'EN', name: 'English' },
];

/** NL/EN switch; `onChanged` lets signed-in screens store the choice in the profile too. */
export function LanguageSwitch({ onChanged }: { onChanged?: (language: AppLanguage) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={i18n.language === 'en' ? 'en' : 'nl'}
      onChange={(value) => {
        const language = value === 'en' ? 'en' : 'nl';
        changeLanguage(language);
        onChanged?.(language);
      }}
      data={OPTIONS.map((option) => ({
        value: option.value,
        label: (
          <>
            <span aria-hidden="true">{option.short}</span>
            {/* the language's own name, in its own language, for screen readers */}
            <VisuallyHidden lang={option.value}>{option.name}</VisuallyHidden>
          </>
        ),
      }))}
    />
  );
}
