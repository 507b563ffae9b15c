// Accessibility (RGAA 4 / WCAG 2.1 AA): axe-core checks every kind of page, signed out and signed in,
// on desktop and phone widths. Serious and critical violations fail the test. axe runs inside the
// page, so this test runs with JavaScript on; the HTML is the same with it off (islands only add the
// live preview), which the other scenarios exercise.
import assert from 'node:assert/strict';
import test from 'node:test';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { visit, signUp, startThread, launchBrowser, BASE_URL, DESKTOP, PHONE } from './support.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function audit(page) {
  // Evaluated by the test driver, so it runs even when the page's own JavaScript is off.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

async function auditAll(page, paths) {
  const problems = [];
  for (const path of paths) {
    await visit(page, path);
    for (const p of await audit(page)) problems.push(`${path}: ${p}`);
  }
  return problems;
}

test('accessibility of every page (axe-core, JS on)', { timeout: 300_000 }, async () => {
  const browser = await launchBrowser();
  const newPage = async ({ viewport = DESKTOP } = {}) =>
    (await browser.newContext({ baseURL: BASE_URL, viewport, locale: 'fr-FR' })).newPage();
  const page = await newPage();
  const publicPages = ['/', '/?solution=geoserver', '/?solution=geoserver&standard=wfs', '/password/forgot', '/t/1', '/tags/geoserver', '/tags/wfs', '/map', '/search', '/search?q=geoserver%20is%3Aresolved', '/u/1', '/login', '/signup', '/t/999999'];
  const problems = await auditAll(page, publicPages);
  // A thread imported from a mailing list (scripts/e2e.sh imports one): its source line and folds.
  await visit(page, '/?status=archived');
  const imported = await page.locator('li.thread-row[data-thread] a[href^="/t/"]').first().getAttribute('href');
  problems.push(...(await auditAll(page, ['/?status=archived', imported])));
  await signUp(page);
  const thread = await startThread(page);
  problems.push(...(await auditAll(page, ["/new", thread.path, '/tags/geoserver', '/settings/notifications', '/notifications', '/settings/account'])));
  const phone = await newPage({ viewport: PHONE });
  problems.push(...(await auditAll(phone, ['/', '/t/1', '/map'])).map((p) => `phone ${p}`));
  await browser.close();
  assert.deepEqual(problems, [], 'serious or critical accessibility violations');
});
