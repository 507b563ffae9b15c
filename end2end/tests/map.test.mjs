// The interoperability map: a solution × standard table whose cells link to the filtered list.
import assert from 'node:assert/strict';
import {
  scenario, visit, press, mainOf, signUp, startThread, threadSpec, threadRows, assertEveryRowHas,
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

  // The Prodige × CSW cell: in the Prodige row and the CSW column, counting the new open thread.
  // The cell is found by its link, which names the pair.
  const td = map.locator('td[data-open]').filter({ has: page.locator('a[href="/?solution=prodige&standard=csw"]') });
  assert.equal(await td.count(), 1, 'one cell links to the Prodige × CSW threads');
  assert.ok(Number(await td.getAttribute('data-open')) >= 1, 'the cell counts at least the new open thread');
  const cell = td.getByRole('link');
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
  assertEveryRowHas(rows, { tags: ['prodige', 'csw'] }, 'map cell');
  assert.ok(rows.some((row) => row.title === thread.title), `the new thread should be listed; rows: ${rows.map((r) => r.title).join(' | ')}`);
  await mainOf(page).getByRole('link', { name: thread.title }).waitFor();
  await shot('map-cell-list');
});
