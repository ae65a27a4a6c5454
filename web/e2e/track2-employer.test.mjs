// Track 2 (spoor 2) for the employer and the employee. HR follows the agency's effort on
// Karin Bos's case (it fell below the agreement: the warning and the risk signal show) and
// reads the submitted report on Daan Visser's; HR engages Werkpad on Ilse Meijer's case (a run
// on the same server later finds it engaged); the employee sees "Mijn spoor 2" on his phone.
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
  openCase,
  screenshot,
} from './helpers.mjs';

const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
const EMPLOYEE = ACCOUNTS.find((a) => a.email === 'werknemer@korenschoof.example');
const AGENCY = 'Werkpad Re-integratie';
const EFFORT_WARNING = /Inzet onder de afspraak sinds .+: te weinig inspanning in spoor 2 is een veelvoorkomende reden voor een loonsanctie/;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** From the dashboard, opens the case of `name` (searching narrows the list to it). */
async function openTrack2Tab(page) {
  await page.getByRole('tab', { name: 'Spoor 2' }).click();
  await page
    .getByRole('region', { name: 'Re-integratiebureau en afspraak' })
    .or(page.getByRole('region', { name: 'Tweede spoor' }))
    .waitFor();
}

it('HR sees the track 2 effort fall below the agreement, and a submitted report', async () => {
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR);
    await expectPortal(page, HR);

    // Karin Bos: the agency's effort stalled after the first month.
    await openCase(page, 'Karin Bos');
    await page.getByText('Onvoldoende inzet in het tweede spoor', { exact: false }).waitFor();
    await openTrack2Tab(page);
    const agreement = page.getByRole('region', { name: 'Re-integratiebureau en afspraak' });
    await agreement.getByText(AGENCY).waitFor();
    const effort = page.getByRole('region', { name: 'Inzet ten opzichte van de afspraak' });
    await effort.getByRole('alert').filter({ hasText: EFFORT_WARNING }).waitFor();
    await effort.getByText('Afgesproken per maand: 2 contactmomenten en 4 sollicitaties.').waitFor();
    const months = effort.getByRole('list', { name: 'Inzet per maand' });
    await months.waitFor();
    assert.ok((await months.getByText('Onder de afspraak', { exact: true }).count()) >= 1, 'a month below the agreement is marked in words');
    assert.equal(await months.getByText('Loopt nog', { exact: true }).count(), 1, 'the running month is marked as running');
    // Read-only for the employer: the agency records contacts and applications.
    assert.equal(await page.getByRole('button', { name: /vastleggen|toevoegen/i }).count(), 0, 'no recording of track 2 facts by the employer');
    await page.getByRole('region', { name: 'Zoekprofiel en kansrijke beroepen' }).getByText('Orderpicker', { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the track 2 tab with the effort warning');
    await screenshot(page, 'werkgever-spoor2-inzet');

    // Daan Visser: the agency submitted a progress report.
    await openCase(page, 'Daan Visser');
    await openTrack2Tab(page);
    const reports = page.getByRole('region', { name: 'Rapportages' });
    const report = reports.getByRole('article').first();
    await report.getByText('Voortgangsrapportage', { exact: true }).waitFor();
    await report.getByText(/^Ingediend op /).waitFor();
    await report.getByText('Gemotiveerd en op tijd; komt afspraken na.').waitFor();
    await report.getByText(/Kans op plaatsing binnen drie maanden is reëel/).waitFor();
    await expectNoSeriousAxeViolations(page, 'the track 2 tab with a report');
    await screenshot(page, 'werkgever-spoor2-rapportage');
  } finally {
    await context.close();
  }
});

it('the effort indicator reads on a phone', async () => {
  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await openCase(page, 'Karin Bos');
    await openTrack2Tab(page);
    await page.getByRole('region', { name: 'Inzet ten opzichte van de afspraak' }).getByText(EFFORT_WARNING).waitFor();
    await expectNoHorizontalScroll(page, 'the track 2 tab');
    await expectNoSeriousAxeViolations(page, 'the track 2 tab on a phone');
    await screenshot(page, 'werkgever-spoor2-telefoon');
  } finally {
    await context.close();
  }
});

it('HR engages an agency on a case without track 2', async () => {
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await openCase(page, 'Ilse Meijer');
    await openTrack2Tab(page);
    const agreement = page.getByRole('region', { name: 'Re-integratiebureau en afspraak' });
    if (!(await agreement.isVisible())) {
      // First run on this server: no track 2 yet, so the form to engage an agency.
      const form = page.getByRole('form', { name: 'Re-integratiebureau inschakelen' });
      await form.waitFor();
      await expectNoSeriousAxeViolations(page, 'the form to engage an agency');
      await field(form, 'Re-integratiebureau').selectOption({ label: AGENCY });
      const consultant = field(form, 'Re-integratieadviseur');
      if (!(await consultant.inputValue())) {
        const first = await consultant.locator('option:not([disabled])').first().getAttribute('value');
        await consultant.selectOption(first);
      }
      assert.ok(await field(form, 'Startdatum spoor 2').inputValue(), 'the start date defaults to today');
      await field(form, 'Contactmomenten per maand').fill('3');
      await field(form, 'Sollicitaties per maand').fill('5');
      await form.getByRole('button', { name: 'Re-integratiebureau inschakelen' }).click();
      await agreement.waitFor();
      await agreement.getByText('3', { exact: true }).waitFor();
      await agreement.getByText('5', { exact: true }).waitFor();
    }
    await agreement.getByText(AGENCY).waitFor();
    await page.getByRole('region', { name: 'Inzet ten opzichte van de afspraak' }).waitFor();
    await page.getByRole('region', { name: 'Rapportages' }).waitFor();
    await agreement.getByRole('button', { name: 'Afspraak wijzigen' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the track 2 tab after engaging');
  } finally {
    await context.close();
  }
});

it('the employee sees "Mijn spoor 2" with his applications on his phone', async () => {
  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, EMPLOYEE);
    await expectPortal(page, EMPLOYEE);
    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Mijn verzuim' }).click();
    await page.waitForURL(/\/werknemer\/mijn-verzuim$/);
    const track2 = page.getByRole('region', { name: 'Mijn spoor 2' });
    await track2.waitFor();
    await track2.getByText(AGENCY).first().waitFor();
    await track2.getByText(/Afgesproken: per maand \d+ contactmomenten met uw adviseur en \d+ sollicitaties\./).waitFor();
    await track2.getByRole('region', { name: 'Zoekprofiel en kansrijke beroepen' }).getByText('Winkelmedewerker', { exact: true }).waitFor();
    const applications = track2.getByRole('list', { name: 'Sollicitaties en voordrachten' });
    await applications.waitFor();
    assert.ok((await applications.getByRole('listitem').count()) >= 1, 'his applications are listed');
    await applications.getByText(/^(Orderpicker|Winkelmedewerker) bij /).first().waitFor();
    await applications.getByText(/^(Verstuurd|Afgewezen|Gesprek|Aanbod|Aangenomen|Ingetrokken)$/).first().waitFor();
    await track2.getByRole('region', { name: 'Rapportages' }).waitFor();
    await expectNoHorizontalScroll(page, 'Mijn spoor 2');
    await expectNoSeriousAxeViolations(page, 'Mijn verzuim with track 2 (phone)');
    await screenshot(page, 'werknemer-mijn-spoor2-telefoon');
  } finally {
    await context.close();
  }
});
