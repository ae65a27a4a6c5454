// The "Beveiliging" page lets any user start TOTP enrolment: it shows the secret and the
// otpauth URL as text, and refuses a wrong code with a Dutch message. (The test does not
// confirm a right code: that would switch on TOTP for a shared demo account.)
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ACCOUNTS, DESKTOP, expectNoSeriousAxeViolations, expectPortal, field, launch, login, newPage, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

it('agency consultant starts TOTP enrolment on the security page; a wrong code is refused in Dutch', async () => {
  const consultant = ACCOUNTS.find((a) => a.email === 'adviseur@werkpad.example');
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, consultant);
    await expectPortal(page, consultant);
    await page.getByRole('navigation').getByRole('link', { name: 'Beveiliging' }).click();
    await page.waitForURL(/\/re-integratie\/beveiliging$/);
    await page.getByRole('heading', { level: 2, name: 'Beveiliging' }).waitFor();
    await expectPortal(page, consultant);

    await page.getByRole('button', { name: 'Tweestapsverificatie instellen' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    assert.match(secret, /^[A-Z2-7]{16,}=*$/, `a base32 secret is shown, got "${secret}"`);
    const url = await page.getByText(/^otpauth:\/\/totp\//).innerText();
    assert.equal(new URL(url).searchParams.get('secret'), secret, 'the otpauth URL carries the shown secret');

    const code = field(page, 'Code uit de app');
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await code.getAttribute('inputmode'), 'numeric');
    await expectNoSeriousAxeViolations(page, 'security page during enrolment');
    await screenshot(page, 're-integratie-beveiliging-desktop');

    await code.fill('000000');
    await page.getByRole('button', { name: 'Code bevestigen' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /code/i });
    await alert.waitFor();
    assert.match(await alert.innerText(), /code is onjuist|niet juist|onjuist/i);
  } finally {
    await context.close();
  }
});
