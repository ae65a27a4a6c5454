// 2. A wrong password shows a Dutch error message.
// 3. The doctor (who has TOTP) is asked for the code after the password.
// 4. axe finds no serious/critical violation on the login page (desktop and phone).
// 5. The English switch changes the login page texts and <html lang>, and is remembered.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNTS, DEMO_PASSWORD, DESKTOP, PHONE, chooseSegment, enterEmail, expectNoSeriousAxeViolations, field, launch, newPage, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function withPage(viewport, fn) {
  const { context, page } = await newPage(browser, viewport);
  try {
    await fn(page);
  } finally {
    await context.close();
  }
}

describe('login page', () => {
  it('shows a Dutch error for a wrong password and stays on /inloggen', () =>
    withPage(DESKTOP, async (page) => {
      await enterEmail(page, 'casemanager@korenschoof.example');
      await field(page, 'Wachtwoord').fill('dit-is-niet-het-wachtwoord');
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
      const alert = page.getByRole('alert').filter({ hasText: /\S/ });
      await alert.waitFor();
      const text = await alert.innerText();
      assert.match(text, /e-mailadres of het wachtwoord is onjuist/i, `Dutch wrong-password message, got "${text}"`);
      assert.doesNotMatch(text, /invalid|credentials|password/i, 'no English server text');
      assert.ok(page.url().endsWith('/inloggen'));
      await screenshot(page, 'login-wrong-password');
    }));

  it('asks the company doctor for a 6-digit code after the password', () =>
    withPage(DESKTOP, async (page) => {
      const doctor = ACCOUNTS.find((a) => a.email === 'bedrijfsarts@arbo-oost.example');
      await enterEmail(page, doctor.email);
      await field(page, 'Wachtwoord').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
      const code = field(page, 'Verificatiecode');
      await code.waitFor();
      assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
      assert.equal(await code.getAttribute('inputmode'), 'numeric');
      assert.ok(page.url().endsWith('/inloggen'), 'still on the login page without a code');
      assert.equal(await field(page, 'Wachtwoord').count(), 0, 'password step replaced by the code step');
      await expectNoSeriousAxeViolations(page, 'login code step');
      await screenshot(page, 'login-code-step');
    }));

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    it(`has no serious accessibility violations (${name})`, () =>
      withPage(viewport, async (page) => {
        await page.goto('/inloggen');
        await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
        await expectNoSeriousAxeViolations(page, `login ${name}`);
        await screenshot(page, `login-${name}`);
      }));
  }

  it('invitation page checks the password locally and explains an invalid link in Dutch', () =>
    withPage(DESKTOP, async (page) => {
      await page.goto('/uitnodiging/dit-is-geen-geldige-uitnodiging');
      await page.getByRole('heading', { level: 1, name: 'Uitnodiging accepteren' }).waitFor();
      await field(page, 'Nieuw wachtwoord').fill('kort');
      await field(page, 'Herhaal het wachtwoord').fill('anders');
      await page.getByRole('button', { name: 'Account activeren' }).click();
      await page.getByText('Kies een wachtwoord van minstens 12 tekens.').waitFor();
      await page.getByText('De wachtwoorden zijn niet gelijk.').waitFor();

      await field(page, 'Nieuw wachtwoord').fill('een lang genoeg wachtwoord');
      await field(page, 'Herhaal het wachtwoord').fill('een lang genoeg wachtwoord');
      await page.getByRole('button', { name: 'Account activeren' }).click();
      const alert = page.getByRole('alert').filter({ hasText: /\S/ });
      await alert.waitFor();
      assert.match(await alert.innerText(), /verlopen of al gebruikt/, 'invalid token explained in Dutch');
      assert.ok(page.url().includes('/uitnodiging/'), 'stays on the invitation page');
      await expectNoSeriousAxeViolations(page, 'invitation page');
    }));

  it('switches to English (texts and <html lang>) and remembers the choice', () =>
    withPage(DESKTOP, async (page) => {
      await page.goto('/inloggen');
      await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'nl');

      await chooseSegment(page, 'English');
      await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      await field(page, 'Email address').waitFor();
      await page.getByRole('button', { name: 'Continue', exact: true }).waitFor();
      assert.equal(await field(page, 'E-mailadres').count(), 0, 'Dutch label gone');
      await screenshot(page, 'login-english');

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'choice kept after reload');

      await chooseSegment(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
    }));
});
