// « Fils semblables » while writing a new thread: without JavaScript the button looks for threads
// like the one typed so far and keeps the form; with JavaScript the list follows the typing, a moment
// after the last keystroke, without reloading the page.
import assert from 'node:assert/strict';
import { scenario, visit, press, field, signUp, pathOf, eventually } from './support.mjs';

// The demo's thread about the same problem (the harvest of Prodige's CSW failing in geOrchestra).
const SAME_PROBLEM = /Le moissonnage CSW de Prodige échoue dans geOrchestra/;

scenario('similar threads while writing a new one', async ({ page, js, shot }) => {
  await signUp(page);
  await visit(page, '/new');
  const similar = page.locator('#similar-threads');
  assert.equal(await similar.locator('li[data-thread]').count(), 0, 'nothing listed before anything is typed');

  await field(page, 'Titre').fill('Moissonnage CSW de Prodige impossible depuis geOrchestra');
  if (js) {
    // No reload: the page's own element stays, and the list fills in as typed.
    await page.evaluate(() => { window.__samePage = true; });
    await eventually(async () => {
      assert.ok(await similar.locator('li[data-thread]').count() > 0, 'the list follows the typing');
    });
    assert.equal(await page.evaluate(() => window.__samePage), true, 'the page was not reloaded');
    assert.equal(pathOf(page), '/new');
  } else {
    await press(page.getByRole('button', { name: 'Chercher des fils semblables', exact: true }));
    assert.equal(await field(page, 'Titre').inputValue(), 'Moissonnage CSW de Prodige impossible depuis geOrchestra', 'the title is kept');
  }
  const first = similar.locator('li[data-thread]').first();
  assert.match(await first.locator('a').innerText(), SAME_PROBLEM, 'the same problem comes first');
  assert.equal(await first.locator('[data-status]').count(), 1, 'with its status');
  await shot('similar');

  // The link leads to that thread.
  await press(first.locator('a'));
  assert.match(pathOf(page), /^\/t\/\d+/);
  assert.match(await page.locator('h1#thread-title').innerText(), SAME_PROBLEM);
});
