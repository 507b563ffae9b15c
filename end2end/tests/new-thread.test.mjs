// Starting a tagged thread: preview, a refusal that keeps every field, then publication; the thread
// page shows the tags with their version and clause, rendered Markdown, and no executable HTML.
import assert from 'node:assert/strict';
import {
  scenario, visit, press, header, mainOf, field, signUp, threadSpec, fillThreadForm,
  expectThreadFormKept, expectRefusal, submitUnchecked, sectionOf, postWithText, expectThreadStatus,
  expectTagWithDetail, pathOf, PHONE, assertFitsWidth,
} from './support.mjs';

// Markup a message must never get through to the page as live HTML.
const HOSTILE_HTML = [
  '<script>window.__jonctionXss = "script"</script>',
  '',
  '<img src="/favicon.ico?xss" onerror="window.__jonctionXss = \'onerror\'" onload="window.__jonctionXss = \'onload\'">',
].join('\n');

async function expectNothingExecutable(page, scope, js) {
  assert.equal(await scope.locator('script').count(), 0, 'a <script> from a message is in the page');
  assert.equal(await scope.locator('[onerror], [onload]').count(), 0, 'an event handler from a message is in the page');
  if (js) assert.equal(await page.evaluate(() => window.__jonctionXss), undefined, 'markup from a message was executed');
}

scenario('start a tagged thread', async ({ page, js, newPage, shot }) => {
  // Signed-out visitors are sent to sign in first.
  await visit(page, '/new');
  assert.equal(pathOf(page), '/login');

  const author = await signUp(page);
  const spec = threadSpec();
  spec.body = `${spec.body}\n\n${HOSTILE_HTML}`;

  await press(header(page).getByRole('link', { name: 'Nouveau fil', exact: true }));
  assert.equal(pathOf(page), '/new');
  await fillThreadForm(page, spec);

  // "Prévisualiser" shows the rendered Markdown under "Aperçu" and keeps every field.
  await press(page.getByRole('button', { name: 'Prévisualiser', exact: true }));
  const preview = sectionOf(page, 'Aperçu');
  await preview.locator('strong', { hasText: 'toutes' }).waitFor();
  await expectNothingExecutable(page, preview, js);
  await expectThreadFormKept(page, spec);
  await shot('preview');

  // An empty title is refused (422) and nothing typed is lost.
  await field(page, 'Titre').fill('');
  await expectRefusal(page, { status: 422, message: 'Le titre est obligatoire.', field: 'title' }, () =>
    submitUnchecked(page.getByRole('button', { name: 'Publier', exact: true })),
  );
  await expectThreadFormKept(page, { ...spec, title: '' });
  await shot('title-missing');

  // With the title back, "Publier" leads to the thread page /t/{id}-{slug}.
  await field(page, 'Titre').fill(spec.title);
  await press(page.getByRole('button', { name: 'Publier', exact: true }));
  await page.waitForURL(/\/t\/\d+-[^/]+$/);
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), spec.title);
  await expectThreadStatus(page, 'open');
  await expectTagWithDetail(page, 'geoserver', '2.25.1');
  await expectTagWithDetail(page, 'qgis');
  await expectTagWithDetail(page, 'ogcapi-features', '/req/core/fc-limit-default');
  await expectTagWithDetail(page, 'wfs');

  const opening = postWithText(page, `Référence ${spec.token}`);
  assert.equal((await opening.locator('.post__author').innerText()).trim(), author.name);
  await opening.locator('strong', { hasText: 'toutes' }).waitFor();
  await opening.locator('li', { hasText: 'réponse de 12 Mo' }).waitFor();
  await expectNothingExecutable(page, mainOf(page).locator('article'), js);
  await shot('thread');

  // The same member on a phone: home and thread pages fit the screen.
  const phone = await newPage({ viewport: PHONE, storageState: await page.context().storageState() });
  await visit(phone, '/');
  await phone.getByRole('link', { name: spec.title }).first().waitFor();
  await assertFitsWidth(phone);
  await shot('home-phone', phone);
  await press(phone.getByRole('link', { name: spec.title }).first());
  await phone.getByRole('heading', { level: 1, name: spec.title }).waitFor();
  await assertFitsWidth(phone);
  await shot('thread-phone', phone);
});

scenario('new thread needs a solution and a standard', async ({ page, shot }) => {
  await signUp(page);
  const spec = threadSpec();
  await visit(page, '/new');

  // No solution: 422 and the message; title, body and standard kept.
  const withoutSolution = { ...spec, solutions: [] };
  await fillThreadForm(page, withoutSolution);
  await expectRefusal(page, { status: 422, message: 'Choisissez au moins une solution.', field: 'solution' }, () =>
    submitUnchecked(page.getByRole('button', { name: 'Publier', exact: true })),
  );
  await expectThreadFormKept(page, withoutSolution);
  await shot('solution-missing');

  // A solution but no standard: 422 and the other message; everything else kept.
  const withoutStandard = { ...spec, standards: [] };
  await field(page, 'Solution 1').selectOption(spec.solutions[0].slug);
  await field(page, 'Version de la solution 1').fill(spec.solutions[0].version);
  await field(page, 'Norme 1').selectOption('');
  await field(page, 'Clause de la norme 1').fill('');
  await field(page, 'Norme 2').selectOption('');
  await expectRefusal(page, { status: 422, message: 'Choisissez au moins une norme.', field: 'standard' }, () =>
    submitUnchecked(page.getByRole('button', { name: 'Publier', exact: true })),
  );
  await expectThreadFormKept(page, { ...withoutStandard, solutions: [spec.solutions[0]] });
  await shot('standard-missing');
});
