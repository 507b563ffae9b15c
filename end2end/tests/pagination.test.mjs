// Long threads in pages and each post's permanent address: the pager, the resolution at the top of
// every page, the resolution's link and a post's date leading to the page that shows the post, and a
// reply landing on the page that shows it, and shown at once to a visitor who is not signed in (whose
// browser revalidates the cached page); then the home list paged by cursor, there and back.
import assert from 'node:assert/strict';
import {
  scenario, visit, press, link, button, signUp, startThread, reply, sectionOf, uniqueToken, BASE_URL,
} from './support.mjs';

const POSTS_PER_PAGE = 50; // app/src/domain/limits.rs
const THREADS_PER_PAGE = 25;
const TAG_PAGE_THREADS = 10;

function posts(page) {
  return page.locator('section.posts article[data-post]');
}

function pager(page) {
  return page.getByRole('navigation', { name: 'Pagination' }).first();
}

/** `n` threads on GeoServer × WFS, posted as the form posts them from this member's session; their ids. */
async function startGeoserverThreads(page, n, title) {
  const ids = [];
  for (let i = 0; i < n; i += 1) {
    const started = await page.request.post('/new', {
      form: { title: `${title} ${i} ${uniqueToken()}`, body: 'texte', solution: 'geoserver', standard: 'wfs', intent: 'publish' },
      headers: { Origin: BASE_URL },
      maxRedirects: 0,
    });
    assert.equal(started.status(), 303);
    ids.push(started.headers().location.match(/^\/t\/(\d+)/)[1]);
  }
  return ids;
}

scenario('long thread in pages and post addresses', async ({ page, newPage, shot }) => {
  await signUp(page);
  const thread = await startThread(page);
  const token = uniqueToken();
  // A full first page of replies, posted as the reply form posts them, from this member's session.
  for (let i = 1; i <= POSTS_PER_PAGE; i += 1) {
    const answer = await page.request.post(`${thread.path.split('-')[0]}/reply`, {
      form: { body: `Réponse ${i} ${token}`, parent_id: '' },
      headers: { Origin: BASE_URL },
      maxRedirects: 0,
    });
    assert.equal(answer.status(), 303, `reply ${i}`);
  }

  await visit(page, thread.path);
  await pager(page).getByText('Page 1 sur 2').waitFor();
  assert.equal(await posts(page).count(), POSTS_PER_PAGE);
  await press(link(pager(page), 'Page suivante'));
  assert.match(page.url(), /[?&]page=2$/);
  assert.equal(await posts(page).count(), 1, 'the last reply is alone on page 2');
  const lastId = await posts(page).first().getAttribute('data-post');

  // Marked as the resolution on page 2, it shows at the top of page 1, whose link leads back to it.
  await press(button(posts(page).first(), 'Marquer comme résolution'));
  await visit(page, thread.path);
  const resolution = sectionOf(page, 'Résolution');
  await resolution.getByText(`Réponse ${POSTS_PER_PAGE} ${token}`).waitFor();
  await press(link(resolution, 'voir dans la discussion'));
  assert.match(page.url(), new RegExp(`[?&]page=2#p${lastId}$`));
  await page.locator(`#p${lastId}`).waitFor();

  // A post's date is its permanent address: /p/{id}, then its page.
  await visit(page, thread.path);
  const firstReply = posts(page).nth(1);
  const firstReplyId = await firstReply.getAttribute('data-post');
  assert.equal(await firstReply.locator('a.post__date').getAttribute('href'), `/p/${firstReplyId}`);
  await visit(page, `/p/${lastId}`);
  assert.match(page.url(), new RegExp(`[?&]page=2#p${lastId}$`));

  // A visitor who is not signed in reads page 2 (served from the page cache, with its validator).
  const visitor = await newPage();
  const page2 = `${thread.path}?page=2`;
  const seen = async () => posts(visitor).evaluateAll((all) => all.map((p) => p.dataset.post));
  await visit(visitor, page2);
  assert.deepEqual(await seen(), [lastId]);

  // A reply written on page 2 lands where it is shown.
  const last = await reply(page, `Dernier mot ${token}`);
  assert.match(page.url(), /[?&]page=2#p\d+$/);
  const newId = page.url().match(/#p(\d+)$/)[1];
  assert.equal(await last.getAttribute('data-post'), newId);

  // The visitor sees it at once, in the same browser (its copy of the page is revalidated).
  await visit(visitor, page2);
  assert.deepEqual(await seen(), [lastId, newId]);
  assert.equal(await visitor.locator('.site-header .viewer-name').count(), 0, 'nobody signed in');
  await shot('page-2');
});

scenario('home list paged by cursor', async ({ page }) => {
  await signUp(page);
  // Enough threads for a second page, whatever the forum held before.
  await startGeoserverThreads(page, THREADS_PER_PAGE + 1, 'Fil de pagination');
  await visit(page, '/');
  const rows = page.locator('.thread-list .thread-row');
  const firstPage = await rows.evaluateAll((r) => r.map((row) => row.dataset.thread));
  assert.equal(firstPage.length, THREADS_PER_PAGE);
  await press(link(pager(page), 'Page suivante'));
  assert.match(page.url(), /after=/);
  await pager(page).getByText(/^Page 2 sur \d+$/).waitFor();
  const secondPage = await rows.evaluateAll((r) => r.map((row) => row.dataset.thread));
  assert.ok(secondPage.length > 0 && secondPage.every((id) => !firstPage.includes(id)), 'page 2 shows other threads');
  await press(link(pager(page), 'Page précédente'));
  assert.deepEqual(await rows.evaluateAll((r) => r.map((row) => row.dataset.thread)), firstPage);
});

scenario('a tag page shows each group’s latest threads and leads to all of them', async ({ page }) => {
  await signUp(page);
  // More open threads on GeoServer than its page shows, whatever the forum held before.
  const newest = (await startGeoserverThreads(page, TAG_PAGE_THREADS + 1, 'Fil du tag')).at(-1);
  await visit(page, '/tags/geoserver');
  const open = page.locator('[data-group="open"]');
  const shown = await open.locator('.thread-row').evaluateAll((r) => r.map((row) => row.dataset.thread));
  assert.equal(shown.length, TAG_PAGE_THREADS);
  assert.equal(shown[0], newest, 'the most recently active first');
  await press(open.locator('a[data-all="open"]'));
  assert.match(page.url(), /\/\?solution=geoserver&status=unsettled$/);
  const listed = await page.locator('.thread-list .thread-row').evaluateAll((r) => r.map((row) => row.dataset.thread));
  assert.ok(shown.every((id) => listed.includes(id)), 'the whole list starts with the threads the tag page showed');
  const total = Number(await page.locator('.list-count').getAttribute('data-total'));
  assert.ok(total > TAG_PAGE_THREADS, `all of them are listed (${total})`);
});
