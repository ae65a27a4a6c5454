// HR marks the employer as an own-risk carrier on a phone: the retention periods shown change
// from 2 to 10 years, the choice survives a reload, and the page passes axe.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
  PHONE,
  expectNoHorizontalScroll,
  expectNoSeriousAxeViolations,
  expectPortal,
  launch,
  login,
  newPage,
  screenshot,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

it('HR sets the own-risk status and sees how long absence files are kept', async () => {
  const hr = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, hr);
    await expectPortal(page, hr);
    await page.goto('/werkgever/organisatie');
    await page.getByRole('heading', { name: 'Bewaartermijnen' }).waitFor();
    const toggle = page.getByRole('switch', { name: /eigenrisicodrager/ });
    assert.equal(await toggle.isChecked(), false, 'the demo employer starts as no own-risk carrier');
    await page.getByText('2 jaar na het einde van het verzuim').waitFor();
    await expectNoSeriousAxeViolations(page, 'the organisation page');
    await expectNoHorizontalScroll(page, 'the organisation page');

    await toggle.click();
    await page.getByText('10 jaar na het einde van het verzuim').waitFor();
    await page.reload();
    await page.getByText('10 jaar na het einde van het verzuim').waitFor();
    assert.equal(await page.getByRole('switch', { name: /eigenrisicodrager/ }).isChecked(), true, 'saved');
    await screenshot(page, 'werkgever-organisatie-eigenrisicodrager');

    // Back as it was, for the other tests on the same demo server.
    await page.getByRole('switch', { name: /eigenrisicodrager/ }).click();
    await page.getByText('2 jaar na het einde van het verzuim').waitFor();
  } finally {
    await context.close();
  }
});
