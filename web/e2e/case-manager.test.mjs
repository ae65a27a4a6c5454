// 7. A case manager opens a case from the dashboard (overdue first), draws up or changes the
//    plan of action, signs it for the employer, and finds it on the timeline; axe checks the
//    dashboard and the case page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ACCOUNTS, DESKTOP, PHONE, expectNoSeriousAxeViolations, expectPortal, field, launch, login, newPage, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

it('case manager opens a case from the dashboard, edits and signs the plan of action', async () => {
  const account = ACCOUNTS.find((a) => a.email === 'casemanager@korenschoof.example');
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, account);
    await expectPortal(page, account);

    // The dashboard: the employer's cases, next step first, overdue ones leading.
    const table = page.getByRole('region', { name: /Verzuimdossiers, pagina 1/ });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    assert.ok((await rows.count()) >= 8, 'the demo cases are listed');
    const statuses = await rows.evaluateAll((trs) => trs.map((tr) => tr.cells[2]?.innerText ?? ''));
    const firstNotOverdue = statuses.findIndex((s) => !s.includes('Te laat'));
    assert.ok(statuses.slice(firstNotOverdue).every((s) => !s.includes('Te laat')), `overdue cases come first: ${statuses.join(' | ')}`);
    assert.equal(await table.getByText('Arjen Kramer').count(), 0, "another employer's case is not listed");
    await expectNoSeriousAxeViolations(page, 'the employer dashboard');
    await screenshot(page, 'werkgever-dashboard');

    // Search narrows the list; the case opens from its row.
    await field(page, 'Zoek op naam').fill('Carolien');
    await table.locator('tbody tr').filter({ hasText: 'Willem Nijhuis' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Carolien Lammers' }).click();
    await page.waitForURL(/\/werkgever\/dossiers\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 2, name: 'Carolien Lammers' }).waitFor();
    await page.getByText(/week \d+ van het verzuim/).waitFor();

    // Plan of action: draw it up (first run) or change it (a run on the same server later).
    await page.getByRole('tab', { name: 'Plan van aanpak' }).click();
    const create = page.getByRole('button', { name: 'Plan opstellen' });
    const change = page.getByRole('button', { name: 'Plan wijzigen' });
    await create.or(change).waitFor();
    const firstRun = await create.isVisible();
    await (firstRun ? create : change).click();
    const editor = page.getByRole('form', { name: 'Plan van aanpak bewerken' });
    await editor.waitFor();
    const stamp = new Date().toISOString().slice(11, 19);
    await field(editor, 'Doel').fill(`Terug in eigen werk als verkoopster, 24 uur per week (${stamp})`);
    await field(editor, 'Activiteit 1').fill('Werkplek en rooster aanpassen');
    // A changed plan starts from the current activities; a new one has a single empty row.
    if ((await field(editor, 'Activiteit 2').count()) === 0) await editor.getByRole('button', { name: 'Activiteit toevoegen' }).click();
    await field(editor, 'Activiteit 2').fill('Opbouw met 4 uur per dag');
    await field(editor, 'Contact tussen werkgever en werknemer').fill('Wekelijks telefonisch, elke zes weken een gesprek');
    const note = field(editor, 'Wat is er veranderd en waarom');
    if ((await note.count()) > 0) await note.fill('Doel en opbouw aangepast na gesprek');
    await editor.getByRole('button', { name: 'Plan opslaan' }).click();
    await editor.waitFor({ state: 'detached' });

    // The saved version is a draft (or, after a change, a new version); the employer signs it.
    const plan = page.getByRole('article').filter({ has: page.getByRole('heading', { name: /Plan van aanpak — Versie \d+/ }) }).first();
    await plan.getByText(stamp).waitFor();
    await plan.getByText('Concept').waitFor();
    const heading = await plan.getByRole('heading').first().innerText();
    const version = heading.match(/Versie (\d+)/)[1];
    await plan.getByRole('checkbox', { name: `Ik heb het plan van aanpak (versie ${version}) gelezen en ga ermee akkoord.` }).check();
    await plan.getByRole('button', { name: 'Ondertekenen' }).click();
    await plan.getByText('Deels ondertekend').waitFor();
    await plan.getByText(/Werkgever:\s*Ondertekend door Cees Mannaerts/).waitFor();
    assert.equal(await plan.getByText(/Werknemer:\s*Nog niet ondertekend/).count(), 1, 'the employee still has to sign');
    assert.equal(await plan.getByRole('button', { name: 'Ondertekenen' }).count(), 0, 'the employer cannot sign twice');
    await expectNoSeriousAxeViolations(page, 'the plan of action tab');
    await screenshot(page, 'werkgever-plan-van-aanpak');

    // The timeline names the plan of action with its last day; the warning against medical
    // details stands beside the employer's free-text fields.
    await page.getByRole('tab', { name: 'Overzicht' }).click();
    // The doctor's advice, in plain words, with nothing medical in it.
    const advice = page.getByRole('region', { name: 'Advies van de bedrijfsarts' });
    await advice.getByText('Niet zwaar tillen (boven 10 kg)').waitFor();
    await advice.getByText(/4 uur per dag, 20 uur per week/).waitFor();
    const timeline = page.getByRole('region', { name: 'Tijdlijn' });
    await timeline.getByText('Plan van aanpak', { exact: true }).waitFor();
    await timeline.getByText('Probleemanalyse', { exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Activiteitenlogboek' }).click();
    const summary = field(page, 'Wat is er besproken of afgesproken');
    const describedBy = await summary.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the summary field is described');
    const description = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
    assert.match(description, /geen diagnose/i, 'the warning is read out with the field');
    await expectNoSeriousAxeViolations(page, 'the activity log tab');
  } finally {
    await context.close();
  }
});

it('the dashboard and a case page work on a phone', async () => {
  const account = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, account);
    await expectPortal(page, account);
    await page.getByRole('region', { name: /Verzuimdossiers, pagina 1/ }).waitFor();
    const noPageScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(await noPageScroll(), 'the dashboard does not scroll sideways (the table scrolls in its own box)');
    await expectNoSeriousAxeViolations(page, 'the dashboard on a phone');
    await page.getByRole('link', { name: 'Willem Nijhuis' }).click();
    await page.getByRole('heading', { level: 2, name: 'Willem Nijhuis' }).waitFor();
    await page.getByRole('region', { name: 'Tijdlijn' }).waitFor();
    assert.ok(await noPageScroll(), 'the case page does not scroll sideways');
    await expectNoSeriousAxeViolations(page, 'a case page on a phone');
    await screenshot(page, 'werkgever-dossier-telefoon');
  } finally {
    await context.close();
  }
});
