// Every page fits the screen it is read on, at 1280 px (desktop) and 390 px (phone): the document is
// never wider than the viewport. What is wider by nature (a code block, a table in a message, the
// interoperability map) scrolls inside its own box, and long unbroken words (inline code, URLs,
// clauses, names) wrap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  scenario, visit, press, field, button, sectionOf, postWithText, postId, signUp, startThread, threadSpec,
  uniqueToken, assertFitsWidth, assertScrollsInside, mainOf, header, DESKTOP, PHONE,
} from './support.mjs';

const LARGE_MAP_URL = (process.env.JONCTION_LARGE_MAP_URL || '').replace(/\/+$/, '');
// "e-mail password" of an administrator of that forum (scripts/e2e.sh creates one): the
// administration pages are measured too.
const [ADMIN_EMAIL, ADMIN_PASSWORD] = (process.env.JONCTION_LARGE_MAP_ADMIN || '').split(' ');
const SIZES = [['desktop', DESKTOP], ['phone', PHONE]];

// Long unbroken texts, as members paste them: a WFS query string, a URL, a clause.
const QUERY =
  'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=cadastre:parcelles_communales_2024' +
  '&OUTPUTFORMAT=application/json&SRSNAME=urn:ogc:def:crs:EPSG::2154&COUNT=100000&STARTINDEX=0';
const URL_TEXT = `https://donnees.exemple.gouv.fr/geoserver/cadastre/ows?${QUERY}`;
const CLAUSE = 'urn:ogc:def:crs:EPSG::2154/req/ogcapi-features-1/core/fc-limit-default/conformance/classes/core/x'.slice(0, 100);

function longBody(token) {
  const columns = Array.from({ length: 14 }, (_, i) => `Paramètre${i + 1}`);
  return [
    `La requête \`${QUERY}\` renvoie une réponse tronquée ${token}.`,
    '',
    `Adresse complète : <${URL_TEXT}>`,
    '',
    '```sh',
    `curl -s '${URL_TEXT}' | jq -c '.features[] | {id: .id, commune: .properties.nom_commune, surface: .properties.contenance, section: .properties.section}' > parcelles.ndjson`,
    '```',
    '',
    `| ${columns.join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    `| ${columns.map((_, i) => `valeur${i + 1}`).join(' | ')} |`,
    '',
    `Référence ${token}`,
  ].join('\n');
}

/** Asserts an element lies inside the viewport horizontally (it wrapped rather than overflowed). */
async function assertWithinViewport(locator, what) {
  const page = locator.page();
  await locator.waitFor();
  const { left, right, innerWidth } = await locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return { left: box.left, right: box.right, innerWidth: window.innerWidth };
  });
  assert.ok(
    left >= 0 && right <= innerWidth,
    `${page.url()}: the ${what} runs out of the ${innerWidth}px viewport (from ${Math.round(left)} to ${Math.round(right)}px)`,
  );
}

/** Asserts an inline element (inline code, a link) is broken over several lines. */
async function assertWraps(locator, what) {
  const lines = await locator.evaluate((element) => element.getClientRects().length);
  assert.ok(lines > 1, `${locator.page().url()}: the ${what} should wrap over several lines (${lines} line box)`);
  await assertWithinViewport(locator, what);
}

scenario('every page fits the screen, at 1280 and 390 px', async ({ page, js, newPage, shot }) => {
  const token = uniqueToken();
  const author = await signUp(page, { name: `Camille Essai${token}DeLaPlateformeRégionaleDesDonnées` });
  const spec = threadSpec({
    title: `Réponse tronquée ${token} OUTPUTFORMAT=application/vnd.ogc.fg+json;profil=rel-as-link;version=1.0`,
    body: longBody(token),
    solutions: [{ slug: 'geoserver', version: '2.25.1' }],
    standards: [{ slug: 'wfs', clause: CLAUSE }],
  });
  const thread = await startThread(page, spec);
  const openingId = await postId(postWithText(page, `Référence ${token}`));
  const signedIn = await page.context().storageState();

  for (const [size, viewport] of SIZES) {
    const member = await newPage({ viewport, storageState: signedIn });
    const visitor = await newPage({ viewport });
    const fits = async (onPage, pathname, what) => {
      const response = await visit(onPage, pathname);
      assert.ok(response.status() < 500, `${pathname}: HTTP ${response.status()}`);
      await assertFitsWidth(onPage, `${what}, ${size}`);
      return response;
    };

    // Home: the new thread is listed first, with its long title and clause.
    await fits(member, '/', 'home');
    const row = mainOf(member).getByRole('link', { name: spec.title }).first();
    await assertWithinViewport(row, 'thread title in the list');
    await assertWithinViewport(mainOf(member).locator('.tag__detail', { hasText: CLAUSE.slice(0, 30) }).first(), 'clause in the list');
    await assertWithinViewport(header(member).getByRole('link', { name: author.name }), 'member name in the header');
    await shot(`home-${size}`, member);

    // The thread: inline code and the URL wrap; the code block and the table scroll in their boxes.
    await fits(member, thread.path, 'thread');
    const opening = postWithText(member, `Référence ${token}`);
    await assertWithinViewport(member.getByRole('heading', { level: 1 }), 'thread title');
    await assertWithinViewport(mainOf(member).locator('.tag__detail', { hasText: CLAUSE.slice(0, 30) }).first(), 'clause');
    await assertWraps(opening.locator(':not(pre) > code', { hasText: 'STARTINDEX' }).first(), 'inline code');
    await assertWraps(opening.locator(`a[href^="https://donnees.exemple.gouv.fr"]`).first(), 'long URL');
    await assertScrollsInside(opening.locator('pre').first(), 'code block');
    await assertScrollsInside(opening.locator('table').first(), 'table');
    await shot(`thread-${size}`, member);

    // The reply preview: with JavaScript on, the editor's live preview (the island) first; then the
    // form's « Prévisualiser », a round trip to the server, with JavaScript on or off.
    await field(member, 'Votre réponse').fill(longBody(`${token}r`));
    if (js) {
      await member.getByRole('button', { name: 'Aperçu en direct' }).click();
      const live = member.locator('.live-preview pre').first();
      await live.waitFor();
      await assertScrollsInside(live, 'code block of the live preview');
    }
    await press(button(member, 'Prévisualiser'));
    const preview = sectionOf(member, 'Aperçu');
    await preview.locator('pre').first().waitFor();
    await assertFitsWidth(member, `reply preview, ${size}`);
    await assertScrollsInside(preview.locator('pre').first(), 'code block of the preview');
    await assertWraps(preview.locator(':not(pre) > code', { hasText: 'STARTINDEX' }).first(), 'inline code of the preview');
    await shot(`reply-preview-${size}`, member);

    // The edit page of the opening post, with the long Markdown in its editor.
    await fits(member, `/p/${openingId}/edit`, 'edit page');
    await assertWithinViewport(field(member, 'Message'), 'message editor');

    await fits(member, '/new', 'new thread');
    await assertWithinViewport(field(member, 'Titre'), 'title field');
    await assertWithinViewport(button(member, 'Publier'), 'publish button');

    await fits(member, '/tags/geoserver', 'tag page');
    await assertWithinViewport(mainOf(member).getByRole('link', { name: spec.title }).first(), 'thread title on the tag page');

    await fits(member, `/search?q=${encodeURIComponent(`${token} solution:geoserver`)}`, 'search page');
    await fits(member, '/search', 'search page, all threads');

    // The pages of subscriptions, notifications and the account (a long name and e-mail).
    await fits(member, '/settings/notifications', 'notification settings');
    await fits(member, '/notifications', 'notifications');
    await fits(member, '/settings/account', 'account page');
    await fits(visitor, '/password/forgot', 'password reset request');

    await fits(member, `/u/${author.id}`, 'member page');
    await assertWithinViewport(mainOf(member).getByRole('heading', { level: 1 }), 'member name');

    // The map: the frame scrolls, not the document.
    await fits(member, '/map', 'map');
    await assertScrollsInside(member.locator('.map-scroll'), 'map frame');
    await shot(`map-${size}`, member);

    const missing = await fits(visitor, `/nulle-part-${token}`, '404 page');
    assert.equal(missing.status(), 404);
    await fits(visitor, '/login', 'sign-in page');
    await assertWithinViewport(button(visitor, 'Se connecter'), 'sign-in button');
    await fits(visitor, '/signup', 'sign-up page');
    await assertWithinViewport(button(visitor, 'Créer mon compte'), 'sign-up button');
  }
});

// The map with 100 solutions × 50 standards, on a forum seeded by end2end/fixtures/large_map.py
// (scripts/e2e.sh starts it and sets JONCTION_LARGE_MAP_URL).
if (LARGE_MAP_URL) {
  scenario('large forum: the 100 × 50 map scrolls in its frame with its headers in view, the administration fits', async ({ newPage, shot }) => {
    for (const [size, viewport] of SIZES) {
      const page = await newPage({ viewport });
      await visit(page, `${LARGE_MAP_URL}/map`);
      const frame = page.locator('.map-scroll');
      await frame.waitFor();
      const table = frame.locator('table.interop-map');
      assert.equal(await table.locator('tbody th[scope=row]').count(), 100, 'solutions (rows) on the large map');
      assert.equal(await table.locator('thead th[scope=col] a').count(), 50, 'standards (columns) on the large map');
      await assertScrollsInside(frame, `map frame, ${size}`);
      const { scrollHeight, clientHeight } = await frame.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
      assert.ok(scrollHeight > clientHeight, `the map frame should scroll down itself (${scrollHeight}px in ${clientHeight}px)`);
      const { innerHeight } = await page.evaluate(() => ({ innerHeight: window.innerHeight }));
      assert.ok(clientHeight <= innerHeight, `the map frame (${clientHeight}px high) should fit the ${innerHeight}px window`);

      // Columns stay narrow enough to read several at once, whatever the standards' names.
      const widest = await table.locator('thead th[scope=col]').evaluateAll((cells) =>
        Math.max(...cells.slice(1).map((cell) => cell.getBoundingClientRect().width)));
      assert.ok(widest <= 200, `a standard's column is ${Math.round(widest)}px wide (${size})`);

      // The keyboard scrolls the frame (it is focusable).
      await frame.focus();
      await page.keyboard.press('PageDown');
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
      await eventuallyScrolled(frame);

      // Scrolled right and down: the headers of the visible cells are still in view, on top.
      await frame.evaluate((el) => el.scrollTo({ left: el.scrollWidth / 2, top: el.scrollHeight / 2, behavior: 'instant' }));
      await checkHeadersInView(frame, `${size}, scrolled to the middle`);
      await frame.evaluate((el) => el.scrollTo({ left: el.scrollWidth, top: el.scrollHeight, behavior: 'instant' }));
      await checkHeadersInView(frame, `${size}, scrolled to the end`);
      await assertFitsWidth(page, `large map scrolled, ${size}`);

      // A cell reached by keyboard focus is scrolled into view beside the headers, not under them.
      for (const which of ['first', 'last']) {
        const link = table.locator('td a')[which]();
        await link.focus();
        const seen = await link.evaluate((a) => {
          const el = a.closest('.map-scroll');
          const view = el.getBoundingClientRect();
          const box = a.getBoundingClientRect();
          const rowHeaderRight = a.closest('tr').cells[0].getBoundingClientRect().right;
          const headerBottom = el.querySelector('thead tr').getBoundingClientRect().bottom;
          return {
            focused: document.activeElement === a,
            box: [box.left, box.top, box.right, box.bottom].map(Math.round),
            clear: box.left >= rowHeaderRight - 1 && box.top >= headerBottom - 1 && box.right <= view.right + 1 && box.bottom <= view.bottom + 1,
            rowHeaderRight: Math.round(rowHeaderRight),
            headerBottom: Math.round(headerBottom),
          };
        });
        assert.ok(seen.focused && seen.clear, `${size}: the ${which} cell link, focused, should be in view beside the headers: ${JSON.stringify(seen)}`);
      }
      await shot(`large-map-${size}`, page);

      // The administration pages of that forum (150 tags to curate), signed in as its administrator.
      if (ADMIN_EMAIL && ADMIN_PASSWORD) {
        const admin = await newPage({ viewport });
        await visit(admin, `${LARGE_MAP_URL}/login`);
        await field(admin, 'Adresse électronique').fill(ADMIN_EMAIL);
        await field(admin, 'Mot de passe').fill(ADMIN_PASSWORD);
        await press(button(admin, 'Se connecter'));
        await header(admin).getByRole('button', { name: 'Se déconnecter', exact: true }).waitFor();
        for (const pathname of ['/admin/tags', '/admin/members']) {
          const response = await visit(admin, `${LARGE_MAP_URL}${pathname}`);
          assert.equal(response.status(), 200, `${pathname} as the administrator`);
          await assertFitsWidth(admin, `administration, ${size}`);
        }
        await assertWithinViewport(admin.locator('table.admin-members'), 'members table');
      }
    }
  });
} else {
  test('large forum: the 100 × 50 map scrolls in its frame with its headers in view, the administration fits', {
    skip: 'JONCTION_LARGE_MAP_URL is not set: start a forum seeded with end2end/fixtures/large_map.py (scripts/e2e.sh does) and pass its URL',
  }, () => {});
}

async function eventuallyScrolled(frame) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { left, top } = await frame.evaluate((el) => ({ left: el.scrollLeft, top: el.scrollTop }));
    if (left > 0 && top > 0) return;
    assert.ok(Date.now() < deadline, `PageDown and ArrowRight in the focused map frame should scroll it (left ${left}, top ${top})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * In the frame as it is scrolled: the cell in the middle of the frame, its column header (a
 * standard) and its row header (a solution) are all visible inside the frame; the headers are
 * the topmost elements at their place and opaque, and the corner stays top left.
 */
async function checkHeadersInView(frame, what) {
  const found = await frame.evaluate((el) => {
    // The whole frame in the window (it fits it): a point of the frame below
    // the window's edge has no element, wherever the page was left scrolled.
    el.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
    const view = el.getBoundingClientRect();
    const inside = (box) =>
      box.width > 0 && box.left >= view.left - 1 && box.right <= view.right + 1 && box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
    const onTop = (element, box) => {
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit === element || element.contains(hit);
    };
    const corner = el.querySelector('thead tr > :first-child');
    const cornerBox = corner.getBoundingClientRect();
    // A data cell well inside the frame, beyond where the headers stand.
    const x = view.left + view.width * 0.65;
    const y = view.top + view.height * 0.65;
    const hit = document.elementFromPoint(x, y);
    const cell = hit?.closest('td');
    if (!cell || !el.contains(cell)) return { error: `no data cell at the middle of the frame (found ${hit?.outerHTML?.slice(0, 80)})` };
    const columnHeader = el.querySelector('thead tr').cells[cell.cellIndex];
    const rowHeader = cell.parentElement.cells[0];
    const columnBox = columnHeader.getBoundingClientRect();
    const rowBox = rowHeader.getBoundingClientRect();
    return {
      column: columnHeader.innerText.trim(),
      rowName: rowHeader.innerText.trim(),
      columnInside: inside(columnBox),
      rowInside: inside(rowBox),
      columnOnTop: onTop(columnHeader, columnBox),
      rowOnTop: onTop(rowHeader, rowBox),
      columnAtTop: Math.abs(columnBox.top - view.top) <= 2,
      rowAtLeft: Math.abs(rowBox.left - view.left) <= 2,
      cornerAtTopLeft: Math.abs(cornerBox.top - view.top) <= 2 && Math.abs(cornerBox.left - view.left) <= 2 && onTop(corner, cornerBox),
      // Opaque (rgb, not rgba), so the cells scrolling under the headers do not show through.
      backgrounds: [corner, columnHeader, rowHeader].map((header) => getComputedStyle(header).backgroundColor),
      scroll: [el.scrollLeft, el.scrollTop],
    };
  });
  assert.ok(!found.error, `${what}: ${found.error}`);
  const where = `${what} (scrolled to ${found.scroll.join(', ')})`;
  assert.ok(found.columnInside && found.columnAtTop && found.columnOnTop, `${where}: the column header « ${found.column} » should stay visible at the top of the frame: ${JSON.stringify(found)}`);
  assert.ok(found.rowInside && found.rowAtLeft && found.rowOnTop, `${where}: the row header « ${found.rowName} » should stay visible at the left of the frame: ${JSON.stringify(found)}`);
  assert.ok(found.backgrounds.every((color) => color.startsWith('rgb(')), `${where}: the headers need opaque backgrounds (${found.backgrounds.join(', ')})`);
  assert.ok(found.cornerAtTopLeft, `${where}: the corner cell should stay at the top left of the frame, above the headers`);
}
