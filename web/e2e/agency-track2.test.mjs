// 12. The re-integration consultant works track 2 from his phone: he finds Willem Nijhuis among
//     his cases across employers, logs an application (and moves its status) and a contact
//     moment, drafts the report, writes his assessment and submits it. HR of the employer then
//     reads that assessment on the case page. axe checks the consultant's pages at phone width.
//     Rerunnable: the seeded draft is used by the first run; later runs draft a new one.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
  DESKTOP,
  PHONE,
  expectNoHorizontalScroll,
  expectNoSeriousAxeViolations,
  expectPortal,
  field,
  launch,
  login,
  newPage,
  screenshot,
} from './helpers.mjs';

const CONSULTANT = ACCOUNTS.find((a) => a.email === 'adviseur@werkpad.example');
const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
const EMPLOYEE_NAME = 'Willem Nijhuis';

// Distinct per run, so a second run against the same server finds its own entries.
const stamp = Date.now();
const COMPANY = `Logistiek E2E ${stamp}`;
const POSITION = 'Orderpicker';
const CONTACT = `Telefonisch de sollicitatie bij ${COMPANY} voorbereid.`;
const ASSESSMENT = `Beoordeling E2E ${stamp}: de werknemer solliciteert actief; plaatsing binnen drie maanden is reëel.`;
const ATTITUDE = `Gemotiveerd en komt afspraken na (${stamp}).`;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function openTab(page, name) {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tabpanel', { name }).waitFor();
}

it('the consultant logs an application and a contact and submits a report on his phone; the employer reads it', async () => {
  let caseId;
  const consultant = await newPage(browser, PHONE);
  try {
    const { page } = consultant;
    await login(page, CONSULTANT);
    await expectPortal(page, CONSULTANT);

    // His cases across employers, with the employer named and the sanction risks shown.
    await page.getByRole('heading', { level: 2, name: 'Mijn dossiers' }).waitFor();
    const list = page.getByRole('list', { name: /Mijn dossiers, pagina 1/ });
    await list.waitFor();
    const willem = list.getByRole('listitem').filter({ has: page.getByRole('link', { name: EMPLOYEE_NAME }) });
    assert.equal(await willem.count(), 1, `${EMPLOYEE_NAME} is listed once`);
    assert.match(await willem.innerText(), /Bakkerij De Korenschoof B\.V\./, 'the employer is named');
    assert.match(await willem.innerText(), /Spoor 2: gestart op/, 'the start of track 2 is shown');
    const karin = list.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Karin Bos' }) });
    await karin.getByText('Risico op een loonsanctie').waitFor();
    await page.getByRole('region', { name: 'Mijn taken' }).waitFor();
    await expectNoHorizontalScroll(page, "the consultant's cases");
    await expectNoSeriousAxeViolations(page, "the consultant's cases on a phone");
    await screenshot(page, 're-integratie-mijn-dossiers-telefoon');

    await willem.getByRole('link', { name: EMPLOYEE_NAME }).click();
    await page.waitForURL(/\/re-integratie\/dossiers\/[0-9a-f-]+$/);
    caseId = page.url().split('/').pop();
    await page.getByRole('heading', { level: 2, name: EMPLOYEE_NAME }).waitFor();
    await page.getByText(/week \d+ van het verzuim/).waitFor();
    const agreement = page.getByRole('region', { name: 'Afspraak spoor 2' });
    await agreement.getByText('Werkpad Re-integratie').waitFor();
    await page.getByRole('region', { name: 'Inzet per maand' }).waitFor();
    await page.getByRole('region', { name: 'Advies van de bedrijfsarts' }).waitFor();
    await expectNoHorizontalScroll(page, 'the case overview');
    await expectNoSeriousAxeViolations(page, 'the case overview on a phone');
    await screenshot(page, 're-integratie-dossier-telefoon');

    // Quick entry of an application: today's date is filled in already.
    await openTab(page, 'Sollicitaties en contacten');
    const applicationForm = page.getByRole('form', { name: 'Sollicitatie of voordracht vastleggen' });
    await field(applicationForm, 'Bedrijf').fill(COMPANY);
    await field(applicationForm, 'Functie').fill(POSITION);
    assert.match(await field(applicationForm, 'Datum').inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'the date defaults to today');
    await applicationForm.getByRole('button', { name: 'Sollicitatie opslaan' }).click();
    const applications = page.getByRole('region', { name: 'Sollicitaties en voordrachten', exact: true });
    const application = applications.getByRole('listitem').filter({ hasText: COMPANY });
    await application.getByText('Verstuurd', { exact: true }).first().waitFor();
    assert.equal(await field(applicationForm, 'Bedrijf').inputValue(), '', 'the form is cleared for the next entry');

    // Its status moves on: invited for an interview.
    await application.getByLabel(/^Status wijzigen/).selectOption('INTERVIEW');
    await application.getByRole('button', { name: 'Status opslaan' }).click();
    await application.getByText('Uitgenodigd voor gesprek', { exact: true }).first().waitFor();
    await application.getByRole('button', { name: 'Status opslaan' }).waitFor({ state: 'detached' });

    // Quick entry of a contact moment.
    const contactForm = page.getByRole('form', { name: 'Contactmoment vastleggen' });
    await field(contactForm, 'Soort contact').selectOption('PHONE');
    await contactForm.getByText(/Noteer geen diagnose/).waitFor();
    await field(contactForm, 'Wat is besproken en afgesproken').fill(CONTACT);
    await contactForm.getByRole('button', { name: 'Contactmoment opslaan' }).click();
    const contacts = page.getByRole('region', { name: 'Contactmomenten', exact: true });
    const contact = contacts.getByRole('listitem').filter({ hasText: CONTACT });
    await contact.getByText('Telefonisch', { exact: true }).first().waitFor();
    await expectNoHorizontalScroll(page, 'the quick entry');
    await expectNoSeriousAxeViolations(page, 'the quick entry on a phone');
    await screenshot(page, 're-integratie-sollicitaties-telefoon');

    // The report: drafted from the file, the assessment required before submitting.
    await openTab(page, 'Rapportages');
    const drafting = page.getByRole('region', { name: 'Rapportage opstellen', exact: true });
    await drafting.getByRole('button', { name: 'Rapportage opstellen' }).click();
    const draft = page.getByRole('region', { name: /^Concept over / });
    await draft.waitFor();
    assert.match(await field(draft, 'Activiteiten in deze periode').inputValue(), /Periode .* t\/m /, 'the activities text is drafted from the file');
    await draft.getByText(/Noteer geen diagnose/).first().waitFor();
    await draft.getByRole('radio', { name: 'Voortgangsrapportage' }).check();
    await field(draft, 'Beoordeling voortgang').fill('');
    await draft.getByRole('button', { name: 'Indienen' }).click();
    await draft.getByText('Schrijf uw beoordeling van de voortgang voordat u indient.').waitFor();
    await field(draft, 'Beoordeling voortgang').fill(ASSESSMENT);
    await field(draft, 'Houding en inzet werknemer').fill(ATTITUDE);
    await expectNoHorizontalScroll(page, 'the report draft');
    await expectNoSeriousAxeViolations(page, 'the report draft on a phone');
    await screenshot(page, 're-integratie-rapportage-concept-telefoon');
    await draft.getByRole('button', { name: 'Indienen' }).click();

    // Submitted: among the submitted reports, and no draft is left.
    const submitted = page.getByRole('region', { name: 'Ingediende rapportages', exact: true });
    const report = submitted.getByRole('article').filter({ hasText: ASSESSMENT });
    await report.waitFor();
    await report.getByText(/^Ingediend op /).waitFor();
    await report.getByText(ATTITUDE).waitFor();
    await draft.waitFor({ state: 'detached' });
    await drafting.getByText(/Er is nog geen concept/).waitFor();
    await expectNoHorizontalScroll(page, 'the reports');
    await expectNoSeriousAxeViolations(page, 'the reports on a phone');
    await screenshot(page, 're-integratie-rapportage-ingediend-telefoon');
  } finally {
    await consultant.context.close();
  }

  // HR of the employer reads the submitted report on the case page (wherever its track 2
  // section puts it: found by the assessment text).
  assert.ok(caseId, 'the case id is known');
  const employer = await newPage(browser, DESKTOP);
  try {
    const { page } = employer;
    await login(page, HR);
    await expectPortal(page, HR);
    await page.goto(`/werkgever/dossiers/${caseId}`);
    await page.getByRole('heading', { level: 2, name: EMPLOYEE_NAME }).waitFor();
    const assessment = page.getByText(ASSESSMENT);
    const visible = async () => (await assessment.count()) > 0 && (await assessment.first().isVisible());
    // A tab loads its part of the case when opened: wait until no spinner is left.
    const settled = async () => {
      await page.waitForLoadState('networkidle');
      await page.locator('.mantine-Loader-root').first().waitFor({ state: 'detached', timeout: 30_000 });
    };
    const openReports = async () => {
      // An older report may be folded in; open them until the text shows.
      const buttons = page.getByRole('button', { name: 'Rapportage lezen' });
      while (!(await visible()) && (await buttons.count()) > 0) await buttons.first().click();
    };
    await settled();
    await openReports();
    if (!(await visible())) {
      for (const name of await page.getByRole('tab').allInnerTexts()) {
        await openTab(page, name.trim());
        await settled();
        await openReports();
        if (await visible()) break;
      }
    }
    assert.ok(await visible(), "the consultant's assessment is readable for the employer");
    await screenshot(page, 'werkgever-rapportage-spoor-2');
  } finally {
    await employer.context.close();
  }
});
