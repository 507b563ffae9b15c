// Threads and posts: the new-thread form, publishing, replying, a thread's tags.
import assert from 'node:assert/strict';
import { TAGS } from './config.mjs';
import { field, pathOf, postWithText, press, visit } from './page.mjs';
import { normalizeNewlines, uniqueToken } from './text.mjs';

/** A thread to publish: unique title and body (Markdown), solutions with versions, standards with clauses. */
export function threadSpec(overrides = {}) {
  const token = uniqueToken();
  return {
    token,
    title: `GeoServer renvoie toutes les entités sans limite par défaut ${token}`,
    body: [
      'Sur la collection communes, la réponse contient **toutes** les entités.',
      '',
      '- requête sans paramètre limit',
      '- réponse de 12 Mo',
      '',
      `Référence ${token}`,
    ].join('\n'),
    solutions: [{ slug: 'geoserver', version: '2.25.1' }, { slug: 'qgis' }],
    standards: [{ slug: 'ogcapi-features', clause: '/req/core/fc-limit-default' }, { slug: 'wfs' }],
    ...overrides,
  };
}

export async function fillThreadForm(page, spec) {
  await field(page, 'Titre').fill(spec.title);
  await field(page, 'Message').fill(spec.body);
  for (const [index, solution] of spec.solutions.entries()) {
    await field(page, `Solution ${index + 1}`).selectOption(solution.slug);
    if (solution.version) await field(page, `Version de la solution ${index + 1}`).fill(solution.version);
  }
  for (const [index, standard] of spec.standards.entries()) {
    await field(page, `Norme ${index + 1}`).selectOption(standard.slug);
    if (standard.clause) await field(page, `Clause de la norme ${index + 1}`).fill(standard.clause);
  }
}

/** Checks that the new-thread form still holds what was typed (after a preview or a refusal). */
export async function expectThreadFormKept(page, spec) {
  assert.equal(await field(page, 'Titre').inputValue(), spec.title, 'title kept');
  assert.equal(normalizeNewlines(await field(page, 'Message').inputValue()), normalizeNewlines(spec.body), 'message kept');
  for (const [index, solution] of spec.solutions.entries()) {
    assert.equal(await field(page, `Solution ${index + 1}`).inputValue(), solution.slug, `solution ${index + 1} kept`);
    if (solution.version) {
      assert.equal(await field(page, `Version de la solution ${index + 1}`).inputValue(), solution.version, `version ${index + 1} kept`);
    }
  }
  for (const [index, standard] of spec.standards.entries()) {
    assert.equal(await field(page, `Norme ${index + 1}`).inputValue(), standard.slug, `standard ${index + 1} kept`);
    if (standard.clause) {
      assert.equal(await field(page, `Clause de la norme ${index + 1}`).inputValue(), standard.clause, `clause ${index + 1} kept`);
    }
  }
}

/** Publishes a thread through /new (the member must be signed in); returns { ...spec, id, path }. */
export async function startThread(page, spec = threadSpec()) {
  await visit(page, '/new');
  await fillThreadForm(page, spec);
  await press(page.getByRole('button', { name: 'Publier', exact: true }));
  await page.waitForURL(/\/t\/[^/]+$/);
  await page.getByRole('heading', { level: 1, name: spec.title }).waitFor();
  const path = pathOf(page);
  return { ...spec, path, id: path.match(/^\/t\/(\d+)/)?.[1] };
}

/** Publishes a reply with the thread's reply form; returns the new post (an <article>). */
export async function reply(page, text) {
  await field(page, 'Votre réponse').fill(text);
  await press(page.getByRole('button', { name: 'Publier la réponse', exact: true }));
  const post = postWithText(page, firstLine(text));
  await post.waitFor();
  return post;
}

export function firstLine(text) {
  return text.split('\n').find((line) => line.trim() !== '').trim();
}

/** Checks that the thread page's header carries the tag `slug`, linked to its page under its name, with
 * `detail` (version, clause) as its own detail, or none. */
export async function expectTagWithDetail(page, slug, detail) {
  const tag = page.locator(`.thread__header [data-tag="${slug}"]`);
  assert.equal(await tag.count(), 1, `the thread should carry the tag ${slug} once`);
  assert.equal(await tag.getByRole('link', { name: TAGS[slug].pattern }).getAttribute('href'), `/tags/${slug}`);
  const shown = await tag.locator('.tag__detail').allInnerTexts();
  assert.deepEqual(shown.map((text) => text.trim()), detail ? [detail] : [], `the detail of the tag ${slug}`);
}
