// The interoperability map: a solution × standard table whose cells link to the filtered list.
import assert from 'node:assert/strict';
import {
  scenario, visit, press, mainOf, signUp, startThread, threadSpec, threadRows, assertEveryRowShows,
  uniqueToken, TAGS,
} from './support.mjs';

scenario('interoperability map', async ({ page, shot }) => {
  await signUp(page);
  const thread = await startThread(page, threadSpec({
    title: `Le moissonneur rejette la réponse GetRecords ${uniqueToken()}`,
    solutions: [{ slug: 'prodige', version: '5.0' }],
    standards: [{ slug: 'csw', clause: 'GetRecords' }],
  }));

  await visit(page, '/map');
  const map = page.locator('table').filter({ has: page.locator('caption', { hasText: 'Carte de l’interopérabilité' }) });
  await map.waitFor();
  await shot('map');

  // The Prodige × CSW cell: in the Prodige row and the CSW column, with a count of open threads.
  const cell = map.locator('a[href*="solution=prodige"][href*="standard=csw"]').first();
  await cell.waitFor();
  assert.match(await cell.innerText(), /ouvert|résolu/i);
  const { rowHeader, columnHeader } = await cell.evaluate((a) => {
    const td = a.closest('td, th');
    const table = a.closest('table');
    const headRow = table.tHead?.rows[0] ?? table.rows[0];
    return {
      rowHeader: td.parentElement.cells[0].innerText,
      columnHeader: headRow.cells[td.cellIndex]?.innerText ?? '',
    };
  });
  assert.match(rowHeader, TAGS.prodige.pattern, 'the cell is in the Prodige row');
  assert.match(columnHeader, /Catalogue Service for the Web|CSW/i, 'the cell is in the CSW column');

  // Following it gives the list filtered on both tags, with the new thread in it.
  await press(cell);
  await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('solution') === 'prodige');
  assert.equal(new URL(page.url()).searchParams.get('standard'), 'csw');
  const rows = await threadRows(page);
  assertEveryRowShows(rows, [TAGS.prodige.pattern, TAGS.csw.pattern], 'map cell');
  assert.ok(rows.some((row) => row.title === thread.title), `the new thread should be listed; rows: ${rows.map((r) => r.title).join(' | ')}`);
  await mainOf(page).getByRole('link', { name: thread.title }).waitFor();
  await shot('map-cell-list');
});
