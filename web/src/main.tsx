import { StrictMode, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { Badge, MantineProvider, Notification, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Notifications } from '@mantine/notifications';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import './i18n';
import { SessionProvider } from './auth/SessionProvider';
import { App } from './App';

// Darker shades than Mantine's defaults so text on buttons, badges and alerts and dimmed text
// reach WCAG AA contrast (4.5:1); checked by axe in the browser tests. Built per language,
// because the close button of notifications needs a translated accessible name.
function useTheme() {
  const { t } = useTranslation();
  return useMemo(
    () =>
      createTheme({
        primaryColor: 'blue',
        primaryShade: { light: 8, dark: 8 },
        focusRing: 'auto',
        components: {
          // Sentence case reads better than Mantine's all-caps badges ("Ingeschakeld sinds ...").
          Badge: Badge.extend({ defaultProps: { tt: 'none', size: 'md' } }),
          Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } }),
        },
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      }),
    // react-i18next gives a new `t` exactly when the language (or its texts) change.
    [t],
  );
}

function ThemedProvider({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={useTheme()} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      {children}
    </MantineProvider>
  );
}

const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-green-light-color': '#1b5e20',
    '--mantine-color-red-light-color': '#a51d1d',
    '--mantine-color-teal-light-color': '#0b5e45',
    '--mantine-color-orange-light-color': '#9a3412',
    '--mantine-color-yellow-light-color': '#7a4a00',
    '--mantine-color-grape-light-color': 'var(--mantine-color-grape-9)',
  },
  dark: {},
});

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

createRoot(root).render(
  <StrictMode>
    <ThemedProvider>
      <Notifications position="top-right" />
      <SessionProvider>
        <App />
      </SessionProvider>
    </ThemedProvider>
  </StrictMode>,
);
