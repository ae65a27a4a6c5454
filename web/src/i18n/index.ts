import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/nl';
import 'dayjs/locale/en';
import nlBase from './nl.json';
import enBase from './en.json';
import nlCases from './cases.nl.json';
import enCases from './cases.en.json';
import nlEmployer from './employer.nl.json';
import enEmployer from './employer.en.json';
import nlEmployee from './employee.nl.json';
import enEmployee from './employee.en.json';
import nlEmployeeMedical from './employee-medical.nl.json';
import enEmployeeMedical from './employee-medical.en.json';
import nlDoctor from './doctor.nl.json';
import enDoctor from './doctor.en.json';
import nlDocuments from './documents.nl.json';
import enDocuments from './documents.en.json';
import nlReminders from './reminders.nl.json';
import enReminders from './reminders.en.json';
import nlTrack2 from './track2.nl.json';
import enTrack2 from './track2.en.json';
import nlAgency from './agency.nl.json';
import enAgency from './agency.en.json';
import nlIdentity from './identity.nl.json';
import enIdentity from './identity.en.json';
import nlPasskeys from './passkeys.nl.json';
import enPasskeys from './passkeys.en.json';
import nlFigures from './figures.nl.json';
import enFigures from './figures.en.json';
import nlEmployees from './employees.nl.json';
import enEmployees from './employees.en.json';
import nlSso from './sso.nl.json';
import enSso from './sso.en.json';
import nlScim from './scim.nl.json';
import enScim from './scim.en.json';

// One namespace, assembled from files per area (distinct top-level keys) so screens can be
// worked on side by side; scripts/check-i18n.mjs merges them the same way.
const nl = { ...nlBase, ...nlCases, ...nlEmployer, ...nlEmployee, ...nlEmployeeMedical, ...nlDoctor, ...nlDocuments, ...nlReminders, ...nlTrack2, ...nlAgency, ...nlIdentity, ...nlPasskeys, ...nlFigures, ...nlEmployees, ...nlSso, ...nlScim };
const en = { ...enBase, ...enCases, ...enEmployer, ...enEmployee, ...enEmployeeMedical, ...enDoctor, ...enDocuments, ...enReminders, ...enTrack2, ...enAgency, ...enIdentity, ...enPasskeys, ...enFigures, ...enEmployees, ...enSso, ...enScim };

export type AppLanguage = 'nl' | 'en';
export const LANGUAGES: AppLanguage[] = ['nl', 'en'];
const STORAGE_KEY = 'poortwachter.language';

function storedLanguage(): AppLanguage | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'nl' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

/** True when the user picked a language in this browser (then it wins over the profile). */
export function hasStoredLanguage(): boolean {
  return storedLanguage() !== null;
}

function apply(language: string) {
  const lang: AppLanguage = language === 'en' ? 'en' : 'nl';
  document.documentElement.lang = lang;
  dayjs.locale(lang);
}

i18n.on('languageChanged', apply);

void i18n.use(initReactI18next).init({
  resources: { nl: { translation: nl }, en: { translation: en } },
  lng: storedLanguage() ?? 'nl',
  fallbackLng: 'nl',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});
apply(i18n.language);

/** Switches the UI language and remembers the choice in this browser. */
export function changeLanguage(language: AppLanguage) {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not persisted; still switch
  }
  void i18n.changeLanguage(language);
}

export default i18n;
