// The one island: with JavaScript on, « Aperçu en direct » renders the message as it will be saved
// (sanitised by the server) without leaving the page or losing what was typed. Without JavaScript the
// form's « Prévisualiser » button does the same by a round trip (new-thread.test.mjs).
import assert from 'node:assert/strict';
import test from 'node:test';
import { launchBrowser, BASE_URL, DESKTOP, signUp, visit, field, uniqueToken } from './support.mjs';

test('live Markdown preview (JS on)', { timeout: 120_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ baseURL: BASE_URL, viewport: DESKTOP, locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signUp(page);
    await visit(page, '/new');
    const token = uniqueToken();
    await field(page, 'Titre').fill(`Titre ${token}`);
    await field(page, 'Message').fill(`**gras ${token}** et \`code\`\n\n<script>window.__pwned = 1</script>`);
    const before = page.url();
    await page.getByRole('button', { name: 'Aperçu en direct' }).click();
    const preview = page.locator('.live-preview');
    await preview.locator('strong', { hasText: `gras ${token}` }).waitFor();
    assert.equal(await preview.locator('code').first().innerText(), 'code');
    assert.equal(await preview.locator('script').count(), 0, 'the preview is sanitised');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(page.url(), before, 'no navigation');
    assert.equal(await field(page, 'Titre').inputValue(), `Titre ${token}`, 'typed title kept');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
