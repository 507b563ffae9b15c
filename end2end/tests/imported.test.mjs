// A thread imported from a mailing list (scripts/e2e.sh imports server/tests/fixtures/mail/list.mbox),
// with JavaScript on and off: listed among archived threads, it names its list, its quoted text and
// signature are folded and open on demand (native <details>: no script needed), and it fits a phone.
import assert from 'node:assert/strict';
import { scenario, visit, press, mainOf, assertFitsWidth, pathOf, PHONE } from './support.mjs';

scenario('imported thread', async ({ page, newPage, shot }) => {
  await visit(page, '/?status=archived');
  const link = mainOf(page).locator('li.thread-row[data-thread] a[href*="-moissonnage-csw-echoue"]');
  assert.equal(await link.count(), 1, 'the imported thread is listed among archived threads');
  await press(link);
  await page.waitForURL((url) => url.pathname.includes('-moissonnage-csw-echoue'));
  const path = pathOf(page);

  assert.equal(await page.locator('.thread__source').getAttribute('data-source-list'), 'geo-list');
  assert.equal(await page.locator('.thread__status [data-status]').getAttribute('data-status'), 'archived');
  assert.equal(await page.locator('article.post[data-post]').count(), 3);

  const quote = page.locator('details.mail-quote').first();
  const quoted = quote.locator('.mail-text');
  assert.equal(await quote.evaluate((d) => d.open), false, 'quoted text starts folded');
  assert.equal(await quoted.isVisible(), false);
  await quote.locator('summary').click();
  assert.equal(await quote.evaluate((d) => d.open), true, 'its summary opens it');
  assert.equal(await quoted.isVisible(), true);
  const signature = page.locator('details.mail-signature').first();
  await signature.locator('summary').focus();
  await page.keyboard.press('Enter');
  assert.equal(await signature.evaluate((d) => d.open), true, 'the keyboard opens it too');
  await assertFitsWidth(page, 'imported thread');
  await shot('imported-thread');

  const phone = await newPage({ viewport: PHONE });
  await visit(phone, path);
  await phone.locator('details.mail-quote summary').first().click();
  await assertFitsWidth(phone, 'imported thread on a phone');
  await shot('imported-thread-phone', phone);
});
