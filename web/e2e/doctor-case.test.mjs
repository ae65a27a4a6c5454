// 9. The company doctor logs in with his second factor, finds his cases across employers,
//    records a consultation and a problem analysis for Willem Nijhuis (the medical part and the
//    advice kept apart, the advice previewed as the employer will read it), and sees who
//    accessed the file. The case manager then finds the advice on the case page, and nothing
//    medical anywhere on it. axe checks the doctor's pages, also on a phone.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ACCOUNTS, DESKTOP, PHONE, expectNoSeriousAxeViolations, expectPortal, field, launch, login, newPage, screenshot } from './helpers.mjs';

const DOCTOR = ACCOUNTS.find((a) => a.email === 'bedrijfsarts@arbo-oost.example');
const CASE_MANAGER = ACCOUNTS.find((a) => a.email === 'casemanager@korenschoof.example');
const EMPLOYEE_NAME = 'Willem Nijhuis';

// Distinct per run, so a second run against the same server checks its own texts.
const stamp = Date.now();
const MEDICAL = {
  complaints: `KLACHTEN-E2E-${stamp}: rugpijn bij tillen`,
  diagnosis: `DIAGNOSE-E2E-${stamp}`,
  personal: `WERKAANTEKENING-E2E-${stamp}: bespreken met huisarts`,
  assessment: `MEDISCH-DEEL-E2E-${stamp}: lumbale hernia, fysiotherapie loopt`,
};
const ADVICE = {
  limitations: [`Niet langer dan twee uur achter elkaar staan (${stamp})`, `Geen nachtdiensten (${stamp})`],
  capability: `Lichte inpakwerkzaamheden aan tafel (${stamp})`,
  advice: `Opbouwen vanaf 4 uur per dag, elke twee weken een uur erbij (${stamp})`,
};

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const noPageScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function openTab(page, name) {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tabpanel', { name }).waitFor();
}

it('the doctor records a consultation and a problem analysis; the employer reads the advice and nothing medical', async () => {
  const doctor = await newPage(browser, DESKTOP);
  try {
    const { page } = doctor;
    await login(page, DOCTOR);
    await expectPortal(page, DOCTOR);

    // His cases, across employers; only the ones he is assigned to.
    await page.getByRole('heading', { level: 2, name: 'Mijn dossiers' }).waitFor();
    const table = page.getByRole('region', { name: /Mijn dossiers, pagina 1/ });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    assert.ok((await rows.count()) >= 5, 'his demo cases are listed');
    const willemRow = rows.filter({ hasText: EMPLOYEE_NAME });
    assert.equal(await willemRow.count(), 1, `${EMPLOYEE_NAME} is listed once`);
    assert.match(await willemRow.innerText(), /Bakkerij De Korenschoof B\.V\./, 'the employer is named');
    assert.equal(await table.getByText('Arjen Kramer').count(), 0, 'a case he is not assigned to is not listed');
    await expectNoSeriousAxeViolations(page, "the doctor's cases");
    await screenshot(page, 'bedrijfsarts-mijn-dossiers');

    await table.getByRole('link', { name: EMPLOYEE_NAME }).click();
    await page.waitForURL(/\/bedrijfsarts\/dossiers\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 2, name: EMPLOYEE_NAME }).waitFor();
    await page.getByText(/week \d+ van het verzuim/).waitFor();
    await page.getByRole('tabpanel', { name: 'Medisch dossier' }).getByRole('region', { name: 'Consulten' }).waitFor();

    // A consultation, with a personal working note.
    await openTab(page, 'Consult vastleggen');
    const consultation = page.getByRole('region', { name: 'Consult vastleggen' });
    await field(consultation, 'Klachten').fill(MEDICAL.complaints);
    await field(consultation, 'Diagnose').fill(MEDICAL.diagnosis);
    await field(consultation, 'Werkaantekening').fill(MEDICAL.personal);
    await expectNoSeriousAxeViolations(page, 'the consultation form');
    await consultation.getByRole('button', { name: 'Consult opslaan' }).click();

    // Saved: the medical file shows it, the working note marked as his alone.
    const file = page.getByRole('tabpanel', { name: 'Medisch dossier' });
    await file.waitFor();
    await file.getByTestId('current-diagnosis').getByText(MEDICAL.diagnosis).waitFor();
    const consultations = file.getByRole('region', { name: 'Consulten' });
    const saved = consultations.getByRole('article').filter({ hasText: MEDICAL.diagnosis });
    await saved.getByText(MEDICAL.complaints).waitFor();
    const note = saved.getByTestId('personal-note');
    await note.getByText('Persoonlijke werkaantekening — alleen voor u').waitFor();
    await note.getByText(MEDICAL.personal).waitFor();
    await expectNoSeriousAxeViolations(page, 'the medical file');
    await screenshot(page, 'bedrijfsarts-medisch-dossier');

    // A problem analysis: the medical part and the advice in separate fieldsets.
    await openTab(page, 'Probleemanalyse / actueel oordeel');
    await page.getByRole('radio', { name: 'Probleemanalyse' }).check();
    const medicalPart = page.getByRole('group', { name: 'Medisch deel — blijft in het medisch dossier' });
    const advicePart = page.getByRole('group', { name: 'Advies voor de werkgever — dit leest de werkgever' });
    await field(medicalPart, 'Medische beoordeling').fill(MEDICAL.assessment);
    await advicePart.getByText(/Geen diagnose, klachten of oorzaak/).waitFor();
    await field(advicePart, 'Beperkingen').fill(ADVICE.limitations.join('\n'));
    await advicePart.getByRole('checkbox', { name: 'Werktijden' }).check();
    await field(advicePart, 'Mogelijkheden').fill(ADVICE.capability);
    await field(advicePart, 'Uren per dag').fill('4');
    await field(advicePart, 'Uren per week').fill('20');
    await field(advicePart, 'Advies over aanpassingen').fill(ADVICE.advice);
    await expectNoSeriousAxeViolations(page, 'the problem analysis form');
    await screenshot(page, 'bedrijfsarts-probleemanalyse');

    // The preview: exactly what the employer will read — the advice, not the medical part.
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await page.getByRole('heading', { name: 'Controleer: dit leest de werkgever' }).waitFor();
    const preview = page.getByRole('region', { name: 'Advies van de bedrijfsarts' });
    for (const line of ADVICE.limitations) await preview.getByText(line).waitFor();
    await preview.getByText(ADVICE.capability).waitFor();
    await preview.getByText(/4 uur per dag, 20 uur per week/).waitFor();
    const previewText = await preview.innerText();
    assert.ok(previewText.includes(ADVICE.advice), 'the advice text is in the preview');
    for (const secret of Object.values(MEDICAL)) assert.ok(!previewText.includes(secret), `the preview holds no medical text (${secret})`);
    const panelText = await page.getByRole('tabpanel', { name: 'Probleemanalyse / actueel oordeel' }).innerText();
    assert.ok(!panelText.includes(MEDICAL.assessment), 'the medical part is not shown beside the preview');
    await expectNoSeriousAxeViolations(page, 'the preview');
    await screenshot(page, 'bedrijfsarts-voorbeeld-advies');

    // Back keeps what was typed; then save.
    await page.getByRole('button', { name: 'Terug' }).click();
    assert.equal(await field(medicalPart, 'Medische beoordeling').inputValue(), MEDICAL.assessment, 'the medical part is kept');
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();

    // In the file: the assessment with its medical part and its advice.
    await file.waitFor();
    const assessments = file.getByRole('region', { name: 'Probleemanalyses en actuele oordelen' });
    const assessment = assessments.getByRole('article').filter({ hasText: MEDICAL.assessment });
    await assessment.getByText(ADVICE.limitations[0]).waitFor();
    assert.match(await assessment.getByRole('heading').innerText(), /^Probleemanalyse — /);

    // The advice history leads with the new advice.
    await openTab(page, 'Advies');
    const history = page.getByRole('region', { name: 'Gegeven adviezen' });
    await history.getByRole('article').first().getByText(ADVICE.limitations[1]).waitFor();
    await history.getByRole('article').first().getByText('Geldend advies').waitFor();
    await expectNoSeriousAxeViolations(page, 'the advice tab');

    await openTab(page, 'Tijdlijn');
    await page.getByRole('region', { name: 'Tijdlijn' }).getByText('Probleemanalyse', { exact: true }).waitFor();

    // Who accessed the file, in plain words.
    await openTab(page, 'Inzage');
    const log = page.getByRole('region', { name: 'Wie heeft het dossier ingezien' });
    await log.waitFor();
    await log.getByRole('cell', { name: 'Medisch dossier ingezien' }).first().waitFor();
    await log.getByRole('cell', { name: 'Probleemanalyse of actueel oordeel vastgelegd' }).first().waitFor();
    await log.getByText('Toegestaan').first().waitFor();
    await expectNoSeriousAxeViolations(page, 'the access log');
    await screenshot(page, 'bedrijfsarts-inzage');

    // On a phone: no sideways scrolling of the page; the tables scroll in their own box.
    await page.setViewportSize(PHONE);
    await openTab(page, 'Probleemanalyse / actueel oordeel');
    assert.ok(await noPageScroll(page), 'the assessment form does not scroll sideways');
    await expectNoSeriousAxeViolations(page, 'the assessment form on a phone');
    await screenshot(page, 'bedrijfsarts-probleemanalyse-telefoon');
    await openTab(page, 'Inzage');
    await log.waitFor();
    assert.ok(await noPageScroll(page), 'the access log does not scroll sideways');
    await page.goto('/bedrijfsarts');
    await table.waitFor();
    assert.ok(await noPageScroll(page), 'the case list does not scroll sideways');
    await expectNoSeriousAxeViolations(page, "the doctor's cases on a phone");
    await screenshot(page, 'bedrijfsarts-mijn-dossiers-telefoon');
  } finally {
    await doctor.context.close();
  }

  // The case manager: the advice in the same words; nothing medical on any tab.
  const employer = await newPage(browser, DESKTOP);
  try {
    const { page } = employer;
    await login(page, CASE_MANAGER);
    await expectPortal(page, CASE_MANAGER);
    const cases = page.getByRole('region', { name: /Verzuimdossiers, pagina 1/ });
    await cases.getByRole('link', { name: EMPLOYEE_NAME }).click();
    await page.waitForURL(/\/werkgever\/dossiers\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 2, name: EMPLOYEE_NAME }).waitFor();

    const advice = page.getByRole('tabpanel', { name: 'Overzicht' }).getByRole('region', { name: 'Advies van de bedrijfsarts' });
    for (const line of ADVICE.limitations) await advice.getByText(line).waitFor();
    await advice.getByText(ADVICE.capability).waitFor();
    await advice.getByText(/4 uur per dag, 20 uur per week/).waitFor();
    assert.ok((await advice.innerText()).includes(ADVICE.advice), 'the advice text reaches the employer');

    const tabs = page.getByRole('tab');
    const names = await tabs.allInnerTexts();
    assert.ok(names.length >= 5, `the case page has its tabs: ${names.join(', ')}`);
    let seen = '';
    for (const name of names) {
      await openTab(page, name.trim());
      await page.waitForLoadState('networkidle');
      seen += `\n${await page.evaluate(() => document.body.innerText)}`;
      const html = await page.content();
      for (const secret of Object.values(MEDICAL)) assert.ok(!html.includes(secret), `tab "${name}" holds no medical text in its HTML (${secret})`);
    }
    assert.ok(seen.includes(ADVICE.limitations[0]), 'the collected text includes the advice');
    for (const secret of Object.values(MEDICAL)) assert.ok(!seen.includes(secret), `the employer never sees "${secret}"`);
    for (const marker of ['DIAGNOSE-E2E', 'KLACHTEN-E2E', 'WERKAANTEKENING-E2E', 'MEDISCH-DEEL-E2E'])
      assert.ok(!seen.includes(marker), `no medical marker of any run on the employer's page (${marker})`);
    await screenshot(page, 'werkgever-advies-bedrijfsarts');
  } finally {
    await employer.context.close();
  }
});
