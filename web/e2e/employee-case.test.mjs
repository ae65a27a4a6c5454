// 8. The employee, on his phone, signs the adjusted plan of action and writes his view on the
// latest evaluation in "Mijn verzuim". HR first adjusts and signs the plan through the API, so
// every run has a fresh version awaiting his signature.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
  PHONE,
  apiLogin,
  expectNoSeriousAxeViolations,
  expectPortal,
  field,
  gql,
  launch,
  login,
  newPage,
  screenshot,
} from './helpers.mjs';

const EMPLOYEE_NAME = 'Willem Nijhuis';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function isoDate(daysFromToday) {
  const d = new Date();
  d.setDate(d.getDate() + daysFromToday);
  return d.toISOString().slice(0, 10);
}

/** As HR: adjusts Willem's plan of action (a new version) and signs it for the employer. */
async function adjustPlanAsHr(stamp) {
  const token = await apiLogin('hr@korenschoof.example');
  const data = await gql(
    `query ($filter: CaseFilter) {
      cases(first: 10, filter: $filter, sort: SICK_SINCE_DESC) {
        edges { node { id status employee { name } planOfAction { version status } } }
      }
    }`,
    { filter: { search: 'Nijhuis', status: 'OPEN' } },
    token,
  );
  const kase = data.cases.edges.map((e) => e.node).find((c) => c.employee?.name === EMPLOYEE_NAME);
  assert.ok(kase, `${EMPLOYEE_NAME} has an open case`);
  const saved = await gql(
    `mutation ($caseId: ID!, $input: PlanOfActionInput!) {
      savePlanOfAction(caseId: $caseId, input: $input) { id version status isAdjustment }
    }`,
    {
      caseId: kase.id,
      input: {
        goal: `Terug in eigen werk als bakker, 24 uur per week (e2e ${stamp}).`,
        contactFrequency: 'Elke week telefonisch contact met de casemanager.',
        changeNote: `Opbouw van uren aangepast na de evaluatie (e2e ${stamp}).`,
        activities: [
          { description: 'Uren opbouwen naar 24 uur per week', owner: 'EMPLOYEE', dueOn: isoDate(28) },
          { description: 'Werkplek aanpassen', owner: 'EMPLOYER', dueOn: isoDate(14) },
        ],
      },
    },
    token,
  );
  const plan = saved.savePlanOfAction;
  assert.ok(!kase.planOfAction || plan.version > kase.planOfAction.version, 'saving a signed plan makes a new version');
  const signed = await gql(
    'mutation ($caseId: ID!, $version: Int) { signPlanOfAction(caseId: $caseId, version: $version) { version status } }',
    { caseId: kase.id, version: plan.version },
    token,
  );
  assert.equal(signed.signPlanOfAction.status, 'PARTLY_SIGNED', 'signed by the employer only');
  return plan.version;
}

it('employee signs the adjusted plan and writes his view on his phone', async () => {
  const stamp = Date.now().toString(36);
  const version = await adjustPlanAsHr(stamp);

  const employee = ACCOUNTS.find((a) => a.email === 'werknemer@korenschoof.example');
  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, employee);
    await expectPortal(page, employee);

    // The start page links to "Mijn verzuim"; the phone menu has it too.
    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Mijn verzuim' }).click();
    await page.waitForURL(/\/werknemer\/mijn-verzuim$/);
    await page.getByRole('heading', { level: 2, name: 'Mijn verzuim' }).waitFor();
    await page.getByText(/U bent nu in week \d+ van het verzuim\./).waitFor();

    // "Wat wordt er van mij verwacht" asks him to sign the new version.
    const expected = page.getByRole('region', { name: 'Wat wordt er van mij verwacht' });
    await expected.getByText(`Lees het plan van aanpak (versie ${version}) en onderteken het.`, { exact: false }).waitFor();

    // The current version awaits his signature.
    const plan = page.getByRole('article', { name: new RegExp(`^Plan van aanpak — Versie ${version}\\b`) });
    await plan.waitFor();
    await plan.getByText('Deels ondertekend', { exact: true }).waitFor();
    await plan.getByText(`e2e ${stamp}`, { exact: false }).first().waitFor();
    const sign = plan.getByRole('button', { name: 'Ondertekenen' });
    assert.equal(await sign.isDisabled(), true, 'signing waits for the "read it" checkbox');
    await plan.getByRole('checkbox', { name: `Ik heb het plan van aanpak (versie ${version}) gelezen en ga ermee akkoord.` }).check();
    await sign.click();
    await plan.getByText('Ondertekend', { exact: true }).waitFor();
    await plan.getByText(new RegExp(`Werknemer:\\s*Ondertekend door ${EMPLOYEE_NAME} op`)).waitFor();
    assert.equal(await plan.getByRole('button', { name: 'Ondertekenen' }).count(), 0, 'nothing left to sign');

    // His view on the latest evaluation (newest first).
    const evaluations = page.getByRole('region', { name: 'Evaluaties' });
    const latest = evaluations.getByRole('article').first();
    await latest.getByRole('button', { name: /^Mijn visie (schrijven|aanpassen)$/ }).click();
    const view = field(latest, 'Mijn visie');
    const describedBy = await view.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the view field is described by the warning');
    const warning = await page.locator(`[id="${describedBy.split(' ').pop()}"]`).innerText();
    assert.match(warning, /Uw werkgever leest/, 'the warning says the employer reads it');
    const text = `Het gaat langzaam beter; ik wil de uren rustig opbouwen (e2e ${stamp}).`;
    await view.fill(text);
    await latest.getByRole('button', { name: 'Visie opslaan' }).click();
    await latest.getByTestId('employee-view').filter({ hasText: text }).waitFor();
    await latest.getByText(/^Geschreven op /).waitFor();

    await expectNoSeriousAxeViolations(page, 'Mijn verzuim (telefoon)');
    const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    assert.ok(overflow.scroll <= overflow.width, `no sideways scrolling of the page: ${overflow.scroll} > ${overflow.width}`);
    await screenshot(page, 'werknemer-mijn-verzuim-phone');
  } finally {
    await context.close();
  }
});
