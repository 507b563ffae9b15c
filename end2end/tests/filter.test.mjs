// Finding threads by tag: the filter form on the home page (every listed row has the chosen tags and
// status), pagination, and the tag pages reached from a thread's tag links.
import assert from 'node:assert/strict';
import {
  scenario, visit, press, header, mainOf, field, link, signUp, startThread, threadSpec, threadRows,
  assertEveryRowShows, sectionOf, pathOf, word, uniqueToken, TAGS,
} from './support.mjs';

async function expectTagPage(page, slug, threadTitle) {
  const tag = TAGS[slug];
  assert.equal(pathOf(page), `/tags/${slug}`);
  assert.match((await page.getByRole('heading', { level: 1 }).innerText()).trim(), tag.pattern);
  assert.match(await mainOf(page).innerText(), word(tag.kind), `the page should say the tag is a "${tag.kind}"`);
  const open = sectionOf(page, 'Fils ouverts');
  await open.getByRole('link', { name: threadTitle }).waitFor();
  await sectionOf(page, 'Fils résolus').waitFor();
  assert.equal(await open.getByRole('heading', { name: /Fils résolus/ }).count(), 0, '"Fils ouverts" and "Fils résolus" are one section');
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
  assert.match(ours.text, word('Ouvert'));
  assert.match(ours.text, /(?<!\d)0 réponse(?!s)/);
  assertEveryRowShows(latest, [/\d+\s+réponses?/], 'home');
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
  assert.ok(query.get('status'), 'the status is in the URL');
  assert.equal(await field(page, 'Solution').inputValue(), 'pygeoapi', 'the filter form shows the chosen solution');
  const filtered = await threadRows(page);
  assertEveryRowShows(filtered, [TAGS.pygeoapi.pattern, TAGS['ogcapi-features'].pattern, word('Ouvert')], 'filtered home');
  assert.ok(filtered.some((row) => row.title === thread.title), 'the new thread is in the filtered list');
  await shot('filtered');

  // From the thread page, a tag link leads to the tag's page, for a solution and for a standard.
  await press(link(mainOf(page), thread.title).first());
  await page.getByRole('heading', { level: 1, name: thread.title }).waitFor();
  await press(link(mainOf(page), TAGS.pygeoapi.pattern).first());
  await expectTagPage(page, 'pygeoapi', thread.title);
  await shot('tag-solution');

  await page.goBack();
  await page.getByRole('heading', { level: 1, name: thread.title }).waitFor();
  await press(link(mainOf(page), TAGS['ogcapi-features'].pattern).first());
  await expectTagPage(page, 'ogcapi-features', thread.title);
  await shot('tag-standard');
});
