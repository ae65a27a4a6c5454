// 6. The HR admin adds an employee through the form and finds it in the list.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ACCOUNTS, DESKTOP, expectPortal, field, launch, login, newPage, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function countFrom(text) {
  const match = text.match(/(\d+)\s+medewerker/);
  assert.ok(match, `employee count shown, got "${text}"`);
  return Number(match[1]);
}

it('HR admin adds an employee and sees it in the list', async () => {
  const hr = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, hr);
    await expectPortal(page, hr);
    await page.getByRole('navigation').getByRole('link', { name: 'Medewerkers' }).click();
    await page.waitForURL(/\/werkgever\/medewerkers$/);
    const status = page.getByRole('status').filter({ hasText: /medewerker/ });
    await status.waitFor();
    const before = countFrom(await status.innerText());

    const stamp = Date.now().toString(36);
    const name = `Test Medewerker ${stamp}`;
    await page.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Medewerker toevoegen' });
    await field(dialog, 'Naam').fill(name);
    await field(dialog, 'Personeelsnummer').fill(`E2E-${stamp}`);
    await dialog.getByRole('button', { name: 'Opslaan' }).click();
    // Either the dialog closes (saved) or it shows why not; report that text on failure.
    const problem = dialog.getByRole('alert').or(dialog.locator('.mantine-InputWrapper-error'));
    const settled = (promise) => promise.then(() => true, () => false);
    const outcomes = await Promise.race([settled(dialog.waitFor({ state: 'hidden' })), settled(problem.first().waitFor())]);
    assert.ok(outcomes, 'the dialog closes or shows an error');
    if (await dialog.isVisible()) assert.fail(`the form was refused: ${await problem.first().innerText()}`);

    // The total goes up by one and the new name is on one of the pages of the table.
    await page.getByRole('status').filter({ hasText: `${before + 1} medewerkers` }).waitFor();
    for (;;) {
      if ((await page.getByRole('rowheader', { name, exact: true }).count()) === 1) break;
      const next = page.getByRole('button', { name: 'Volgende' });
      assert.ok((await next.count()) === 1 && (await next.isEnabled()), `"${name}" appears in the employee list`);
      const caption = await page.locator('caption').innerText();
      await next.click();
      await page.waitForFunction((old) => document.querySelector('caption')?.textContent !== old, caption);
    }
    await screenshot(page, 'werkgever-medewerkers-added');
  } finally {
    await context.close();
  }
});
