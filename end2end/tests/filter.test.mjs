// Finding threads by tag: the filter form on the home page (every listed row has the chosen tags and
// status), pagination, and the tag pages reached from a thread's tag links.
import assert from 'node:assert/strict';
import {
  scenario, press, header, mainOf, field, link, signUp, startThread, threadSpec, threadRows,
  assertEveryRowHas, pathOf, uniqueToken, TAGS,
} from './support.mjs';

async function expectTagPage(page, slug, threadTitle) {
  const tag = TAGS[slug];
  assert.equal(pathOf(page), `/tags/${slug}`);
  assert.match((await page.getByRole('heading', { level: 1 }).innerText()).trim(), tag.pattern);
  assert.equal(await page.locator('.tag-header [data-kind]').getAttribute('data-kind'), tag.kind, 'the kind the tag page states');
  // The new thread is in the group of open threads, not in the resolved one.
  await page.locator('[data-group="open"]').getByRole('link', { name: threadTitle }).waitFor();
  assert.equal(await page.locator('[data-group="resolved"]').getByRole('link', { name: threadTitle }).count(), 0);
}

/** Follows the link of the tag `slug` in the thread page's header. */
async function followTag(page, slug) {
  await press(page.locator(`.thread__header [data-tag="${slug}"] a`));
}

scenario('filter by tag', async ({ page, shot }) => {
  await signUp(page);
  const thread = await startThread(page, threadSpec({
    title: `Pas de lien next dans les collections paginées ${uniqueToken()}`,
    solutions: [{ slug: 'pygeoapi', version: '0.18' }],
    standards: [{ slug: 'ogcapi-features', clause: '/req/core/fc-links' }],
  }));

  // The home page lists the latest threads, 25 at most per page.
  await press(header(page).getByRole('link', { name: 'Jonction', exact: true }));
  assert.equal(pathOf(page), '/');
  await page.getByRole('heading', { name: 'Derniers fils' }).waitFor();
  const latest = await threadRows(page);
  assert.ok(latest.length >= 1 && latest.length <= 25, `${latest.length} rows on the first page`);
  const ours = latest.find((row) => row.title === thread.title);
  assert.ok(ours, `the new thread should be listed first among the latest; rows: ${latest.map((r) => r.title).join(' | ')}`);
  assert.equal(ours.status, 'open');
  assert.equal(ours.replies, 0);
  assert.ok(latest.every((row) => Number.isInteger(row.replies) && row.status), 'every row states its replies and status');
  await shot('home');

  // Pagination, when there is more than one page.
  if (await link(page, 'Page suivante').count()) {
    await press(link(page, 'Page suivante').first());
    assert.ok((await threadRows(page)).length >= 1, 'the next page lists threads');
    await press(link(page, 'Page précédente').first());
    await page.getByRole('heading', { name: 'Derniers fils' }).waitFor();
  }

  // The filter form (a GET form): solution, standard and status end up in the URL, and every row
  // listed has them.
  await field(page, 'Solution').selectOption('pygeoapi');
  await field(page, 'Norme').selectOption('ogcapi-features');
  await field(page, 'Statut').selectOption({ label: 'Ouvert' });
  await press(page.getByRole('button', { name: 'Filtrer', exact: true }));
  await page.waitForURL((url) => url.searchParams.get('solution') === 'pygeoapi');
  const query = new URL(page.url()).searchParams;
  assert.equal(query.get('standard'), 'ogcapi-features');
  assert.equal(query.get('status'), 'open', 'the status is in the URL');
  assert.equal(await field(page, 'Solution').inputValue(), 'pygeoapi', 'the filter form shows the chosen solution');
  const filtered = await threadRows(page);
  assertEveryRowHas(filtered, { tags: ['pygeoapi', 'ogcapi-features'], status: 'open' }, 'filtered home');
  assert.ok(filtered.some((row) => row.title === thread.title), 'the new thread is in the filtered list');
  await shot('filtered');

  // From the thread page, a tag link leads to the tag's page, for a solution and for a standard.
  await press(link(mainOf(page), thread.title).first());
  await page.getByRole('heading', { level: 1, name: thread.title }).waitFor();
  await followTag(page, 'pygeoapi');
  await expectTagPage(page, 'pygeoapi', thread.title);
  await shot('tag-solution');

  await page.goBack();
  await page.getByRole('heading', { level: 1, name: thread.title }).waitFor();
  await followTag(page, 'ogcapi-features');
  await expectTagPage(page, 'ogcapi-features', thread.title);
  await shot('tag-standard');
});
