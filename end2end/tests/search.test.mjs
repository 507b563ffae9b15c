// Searching: from the header's search form, narrowing by a facet (and removing the filter), and
// opening a result. With JavaScript on and off: the forms and links are plain HTML.
import assert from 'node:assert/strict';
import {
  scenario, visit, press, header, field, signUp, startThread, threadSpec, pathOf, eventually, assertFitsWidth,
} from './support.mjs';

function hitOf(page, threadId) {
  return page.locator(`li.search-hit[data-thread-id="${threadId}"]`);
}

scenario('search', async ({ page, shot }) => {
  await signUp(page);
  const spec = threadSpec();
  // The token is in the title and in the opening post (« Référence TOKEN »).
  const token = spec.token;
  const thread = await startThread(page, { ...spec, title: `Moissonnage des couches refusé ${token}` });

  // From the header of any page (here the thread itself).
  await field(header(page), 'Rechercher dans les fils').fill(`moissonner couche ${token}`);
  await press(header(page).getByRole('button', { name: 'Rechercher', exact: true }));
  await page.waitForURL((url) => url.pathname === '/search');
  assert.equal(new URL(page.url()).searchParams.get('q'), `moissonner couche ${token}`);
  // The indexer applies new posts within a second: reload until it has.
  await eventually(async () => {
    if ((await hitOf(page, thread.id).count()) === 0) {
      await visit(page, new URL(page.url()).pathname + new URL(page.url()).search);
    }
    assert.equal(await hitOf(page, thread.id).count(), 1, 'the new thread is found');
  });
  assert.equal(await hitOf(page, thread.id).getAttribute('data-rank'), '1', 'ranked first');
  const marked = await hitOf(page, thread.id).locator('mark').allInnerTexts();
  assert.ok(marked.some((m) => m.toLowerCase() === token), `the token is highlighted: ${marked}`);
  assert.equal(await field(page, 'Mots, expressions').inputValue(), `moissonner couche ${token}`, 'the query is kept in the box');
  await page.getByRole('heading', { name: 'Syntaxe de recherche' }).waitFor();
  await assertFitsWidth(page, 'search results');
  await shot('search');

  // A facet is a link that adds its filter; the active filter is shown and removable.
  const facet = page.locator('a[data-facet-value="solution:geoserver"]');
  assert.match(await facet.locator('[data-count]').innerText(), /^\(\d+\)$/);
  await press(facet);
  assert.match(new URL(page.url()).searchParams.get('q'), /solution:geoserver/);
  assert.equal(await hitOf(page, thread.id).count(), 1, 'still found with its solution as filter');
  const remove = page.locator('a[data-remove-filter]');
  assert.equal(await remove.count(), 1);
  assert.match(await remove.innerText(), /Solution : GeoServer/);
  await shot('search-filtered');
  await press(remove);
  assert.equal(new URL(page.url()).searchParams.get('q'), `moissonner couche ${token}`);
  assert.equal(await page.locator('a[data-remove-filter]').count(), 0);

  // Opening a result.
  await press(hitOf(page, thread.id).getByRole('link', { name: thread.title }));
  assert.equal(pathOf(page), thread.path);
  await page.getByRole('heading', { level: 1, name: thread.title }).waitFor();
});
