// "Koppeling personeelssysteem (SCIM)": HR reads the SCIM base URL, makes a token (shown once,
// with a copy button and the warning), the token works against /scim/v2 and the list then says
// when it was last used; HR revokes it (after confirming) and it is refused from then on.
// Desktop and phone, axe on each state.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
  BASE_URL,
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

const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A SCIM request with the token, as the identity provider makes it; its HTTP status. */
async function scimStatus(token) {
  const res = await fetch(`${BASE_URL}/scim/v2/Users?count=1`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/scim+json' },
  });
  await res.arrayBuffer();
  return res.status;
}

it('HR makes a provisioning token, sees it used, and revokes it', async () => {
  const { context, page } = await newPage(browser, DESKTOP);
  const name = `Entra ID ${Date.now()}`;
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await page.getByRole('navigation').getByRole('link', { name: 'Koppeling personeelssysteem' }).click();
    await page.waitForURL(/\/werkgever\/personeelssysteem$/);
    await page.mouse.move(700, 20);
    await page.getByRole('heading', { level: 2, name: 'Koppeling personeelssysteem (SCIM)' }).waitFor();
    assert.equal(await field(page, 'SCIM-basis-URL').inputValue(), `${BASE_URL}/scim/v2`);
    await page.getByRole('button', { name: 'Kopiëren' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the SCIM page');

    await page.getByRole('button', { name: 'Token aanmaken' }).click();
    await page.getByText('Geef het token een naam.').waitFor();
    await field(page, 'Naam van het token').fill(name);
    await page.getByRole('button', { name: 'Token aanmaken' }).click();
    const shown = page.getByRole('status').filter({ hasText: `Token ‘${name}’ is aangemaakt` });
    await shown.waitFor();
    await shown.getByText('Dit token wordt hierna niet meer getoond.').waitFor();
    await shown.getByRole('button', { name: 'Token kopiëren' }).waitFor();
    const token = (await page.getByTestId('scim-token').innerText()).trim();
    assert.ok(token.length > 20, `a token is shown, got "${token}"`);
    await expectNoSeriousAxeViolations(page, 'the SCIM page with a new token');
    await screenshot(page, 'werkgever-personeelssysteem-token');

    const row = page.getByTestId('scim-token-row').filter({ hasText: name });
    await row.getByText('Hilde Roelofs').waitFor();
    await row.getByText('Nog niet', { exact: true }).waitFor();
    await row.getByText('Actief', { exact: true }).waitFor();

    // The identity provider uses it; after a reload the token is gone from the page for good.
    assert.equal(await scimStatus(token), 200, 'the new token is accepted at /scim/v2');
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Koppeling personeelssysteem (SCIM)' }).waitFor();
    await row.waitFor();
    assert.equal(await page.getByTestId('scim-token').count(), 0, 'the token is not shown again');
    assert.equal(await row.getByText('Nog niet', { exact: true }).count(), 0, 'last use is shown');

    // Revoke, on a phone.
    await page.setViewportSize(PHONE);
    await row.getByRole('button', { name: `Token ${name} intrekken` }).click();
    const question = row.getByRole('group', { name: /intrekken\?/ });
    await question.waitFor();
    await expectNoSeriousAxeViolations(page, 'the SCIM page, revoking (phone)');
    await expectNoHorizontalScroll(page, 'the SCIM page');
    await question.getByRole('button', { name: 'Ja, intrekken' }).click();
    await row.getByText(/^Ingetrokken op /).waitFor();
    assert.equal(await row.getByRole('button', { name: `Token ${name} intrekken` }).count(), 0, 'no second revoke');
    await screenshot(page, 'werkgever-personeelssysteem-ingetrokken-phone');
    assert.equal(await scimStatus(token), 401, 'the revoked token is refused');
  } finally {
    await context.close();
  }
});
