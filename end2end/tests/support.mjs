// Shared harness and steps for Jonction's browser tests.
//
// Every scenario runs twice, with JavaScript on (the hydrated Leptos app) and off (plain HTML forms),
// each time in fresh browser contexts and with its own freshly signed-up member, so scenarios never
// depend on each other. Steps act like a person (labels, roles, French texts) and check what a person
// sees, plus the HTTP statuses the contract names. Checks look at the element that shows a behaviour
// (an id, a `data-` attribute, a count, a role and name within its region), never at a word that could
// appear elsewhere on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { followMailLink } from './mail.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// ---------------------------------------------------------------------------------------------------
// Configuration (all from the environment, with defaults that suit a local run)
// ---------------------------------------------------------------------------------------------------

export const BASE_URL = (process.env.JONCTION_BASE_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
const CHROMIUM_PATH = process.env.JONCTION_CHROMIUM || '/usr/bin/chromium';
const ACTION_TIMEOUT_MS = Number(process.env.JONCTION_E2E_ACTION_TIMEOUT_MS || 15_000);
const NAVIGATION_TIMEOUT_MS = Number(process.env.JONCTION_E2E_NAVIGATION_TIMEOUT_MS || 30_000);
const TEST_TIMEOUT_MS = Number(process.env.JONCTION_E2E_TEST_TIMEOUT_MS || 180_000);
const SERVER_WAIT_S = Number(process.env.JONCTION_WAIT_SECONDS || 30);

export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches Debian's Chromium (playwright-core never downloads a browser of its own). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
}

// Tags of the real taxonomy that the demo data and these tests use. `kind` is the tag page's
// `data-kind`; `pattern` matches the name a person sees (names from shared/taxonomy.md; a pattern rather than the full name where the name is long).
export const TAGS = {
  geoserver: { kind: 'solution', name: 'GeoServer', pattern: /GeoServer/ },
  qgis: { kind: 'solution', name: 'QGIS', pattern: /QGIS/ },
  prodige: { kind: 'solution', name: 'Prodige', pattern: /Prodige/ },
  georchestra: { kind: 'solution', name: 'geOrchestra', pattern: /geOrchestra/ },
  pygeoapi: { kind: 'solution', name: 'pygeoapi', pattern: /pygeoapi/ },
  wfs: { kind: 'standard', name: 'Web Feature Service', pattern: /Web Feature Service/ },
  csw: { kind: 'standard', name: 'Catalogue Service for the Web', pattern: /Catalogue Service for the Web/ },
  'ogcapi-features': { kind: 'standard', name: 'OGC API – Features', pattern: /OGC API\s*[–-]\s*Features/ },
  'iso-19115': { kind: 'standard', name: 'ISO 19115', pattern: /ISO 19115/ },
};

export const STATUS_LABELS = ['Ouvert', 'Besoin d’informations', 'Confirmé', 'Résolu', 'Ne sera pas corrigé', 'Doublon'];

// ---------------------------------------------------------------------------------------------------
// Scenario runner: one test per JavaScript setting, fresh contexts, screenshots on failure
// ---------------------------------------------------------------------------------------------------

let browserPromise;
let hooksRegistered = false;
const jsEnabledOf = new WeakMap(); // BrowserContext -> boolean

function registerHooks() {
  if (hooksRegistered) return;
  hooksRegistered = true;
  before(async () => {
    await waitForServer();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    browserPromise = launchBrowser();
    await browserPromise;
  });
  after(async () => {
    const browser = await browserPromise?.catch(() => null);
    await browser?.close();
  });
}

/** Waits until the server answers at BASE_URL (the caller starts it), or fails with a clear message. */
async function waitForServer() {
  const deadline = Date.now() + SERVER_WAIT_S * 1000;
  let last = 'no answer';
  for (;;) {
    try {
      const response = await fetch(`${BASE_URL}/`, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      if (response.status < 500) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.cause?.message ?? error.message;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The Jonction server does not answer at ${BASE_URL}/ (${last}) after ${SERVER_WAIT_S} s. ` +
          'Start it (with freshly seeded demo data) and set JONCTION_BASE_URL.',
      );
    }
    await sleep(500);
  }
}

/**
 * Declares a scenario twice: "name (JS on)" and "name (JS off)".
 * `body` receives { page, js, newPage, shot }:
 *  - page: a desktop page in a fresh context with the run's JavaScript setting;
 *  - newPage(options): another fresh context (another person, or the same one on a phone with
 *    { viewport: PHONE, storageState });
 *  - shot(step, page?): saves screenshots/<scenario>-js-<on|off>-<step>.png.
 */
export function scenario(name, body) {
  registerHooks();
  for (const js of [true, false]) {
    const title = `${name} (JS ${js ? 'on' : 'off'})`;
    test(title, { timeout: TEST_TIMEOUT_MS }, async () => {
      const run = new Run(await browserPromise, js, title);
      try {
        const page = await run.newPage();
        await body({
          page,
          js,
          newPage: (options) => run.newPage(options),
          shot: (step, onPage = page) => run.shot(step, onPage),
        });
        run.assertNoPageErrors();
      } catch (error) {
        await run.saveFailure();
        throw error;
      } finally {
        await run.close();
      }
    });
  }
}

class Run {
  constructor(browser, js, title) {
    this.browser = browser;
    this.js = js;
    this.title = title;
    this.slug = slugify(title);
    this.contexts = [];
    this.pages = [];
    this.pageErrors = [];
  }

  async newPage({ viewport = DESKTOP, storageState, phone = viewport.width < 600 } = {}) {
    const context = await this.browser.newContext({
      baseURL: BASE_URL,
      javaScriptEnabled: this.js,
      viewport,
      locale: 'fr-FR',
      isMobile: phone,
      hasTouch: phone,
      deviceScaleFactor: phone ? 2 : 1,
      storageState,
    });
    jsEnabledOf.set(context, this.js);
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    this.contexts.push(context);
    const page = await context.newPage();
    // A confirmation dialog ("Supprimer ce message ?") is answered yes, as the person meant it.
    page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
    page.on('pageerror', (error) => this.pageErrors.push(`${page.url()}: ${error.message}`));
    this.pages.push(page);
    return page;
  }

  async shot(step, page) {
    const file = path.join(SCREENSHOT_DIR, `${this.slug}-${slugify(step)}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true });
    } catch (error) {
      console.warn(`screenshot ${file} failed: ${error.message}`);
    }
  }

  assertNoPageErrors() {
    // With JavaScript on, an uncaught exception (a hydration panic, say) is a bug even if the page
    // still works as plain HTML.
    assert.deepEqual(this.pageErrors, [], 'uncaught errors in the page');
  }

  async saveFailure() {
    const dir = path.join(SCREENSHOT_DIR, 'failures');
    await mkdir(dir, { recursive: true }).catch(() => {});
    for (const [index, page] of this.pages.entries()) {
      if (page.isClosed()) continue;
      const base = path.join(dir, `${this.slug}-${index + 1}`);
      await page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => {});
      const html = await page.content().catch(() => '');
      await writeFile(`${base}.html`, `<!-- ${page.url()} -->\n${html}`).catch(() => {});
      console.error(`failure evidence: ${base}.png / .html (page at ${page.url()})`);
    }
  }

  async close() {
    await Promise.all(this.contexts.map((context) => context.close().catch(() => {})));
  }
}

// ---------------------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------------------

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function slugify(text) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A name or label that begins with `text` (e.g. "Mot de passe" matches "Mot de passe (12 caractères
 * au moins)" but neither "Confirmer le mot de passe" nor "Solution 1" → "Solution 10"). */
export function startsWith(text) {
  return new RegExp(`^\\s*${escapeRegExp(text)}(?![\\p{L}\\p{N}])`, 'u');
}

/** `text` as a whole word or phrase ("Résolu" does not match "Résolution", "Ouvert" not "ouverts"). */
export function word(text) {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(text)}(?![\\p{L}\\p{N}])`, 'u');
}

/** A short unique token for e-mails, names and texts (letters and digits only: Markdown-safe). */
export function uniqueToken() {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

/** Retries `check` (which throws while the page is not there yet) until it passes or time runs out. */
export async function eventually(check, timeout = ACTION_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}

function normalizeNewlines(text) {
  return text.replace(/\r\n?/g, '\n').trim();
}

// ---------------------------------------------------------------------------------------------------
// Page helpers
// ---------------------------------------------------------------------------------------------------

/** After a page load: with JavaScript on, also let the WebAssembly download and hydration finish, so
 * typing does not race with hydration. */
export async function settle(page) {
  await page.waitForLoadState('load');
  if (jsEnabledOf.get(page.context())) {
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
  }
}

/** Opens a path (relative to BASE_URL) and returns the navigation's response. */
export async function visit(page, pathname) {
  const response = await page.goto(pathname);
  await settle(page);
  return response;
}

/** Clicks a button or link like a person and waits for whatever page it leads to. */
export async function press(locator) {
  await locator.click();
  await settle(locator.page());
}

export function pathOf(page) {
  return new URL(page.url()).pathname;
}

export function header(page) {
  return page.locator('header').first();
}

/** The page's <main> (or the body, should a page have none). */
export function mainOf(page) {
  return page.locator('main, body:not(:has(main))').first();
}

/** The form control whose label begins with `label`. */
export function field(scope, label) {
  return scope.getByLabel(startsWith(label));
}

export function button(scope, name) {
  return scope.getByRole('button', { name: startsWith(name) });
}

export function link(scope, name) {
  return scope.getByRole('link', { name: typeof name === 'string' ? startsWith(name) : name });
}

/** Waits until the thread page's status badge states `status` (its `data-status`: open, confirmed…). */
export async function expectThreadStatus(page, status) {
  const badge = page.locator('.thread__status [data-status]');
  await eventually(async () => assert.equal(await badge.getAttribute('data-status'), status, 'the thread\'s status'));
}

/** The section (section, aside or role=region) that a heading beginning with `name` opens. */
export function sectionOf(page, name) {
  return page
    .getByRole('heading', { name: startsWith(name) })
    .first()
    .locator('xpath=ancestor::*[self::section or self::aside or @role="region"][1]');
}

/** The innermost <article> (post) containing `text`. Later articles come after their ancestors, so
 * `.last()` is the post itself even when replies are nested inside the post they answer. */
export function postWithText(page, text) {
  return page.locator('article').filter({ hasText: text }).last();
}

/** The post whose own "Modifier" link is /p/{id}/edit (innermost, as in postWithText). */
export function postById(page, id) {
  return page.locator('article').filter({ has: page.locator(`a[href$="/p/${id}/edit"]`) }).last();
}

/** The id of a post, read from its own "Modifier" link (/p/{id}/edit). */
export async function postId(post) {
  const hrefs = await post.locator('a[href*="/edit"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const id = hrefs.map((href) => href.match(/\/p\/([^/?#]+)\/edit/)?.[1]).find(Boolean);
  assert.ok(id, `no "Modifier" link (/p/{id}/edit) in the post; links: ${hrefs.join(', ')}`);
  return id;
}

/** The messages of the form's error summary (the alert above a refused form), in order. */
export async function summaryMessages(page) {
  return (await page.locator('.error-summary li').allInnerTexts()).map((text) => text.trim());
}

/**
 * Runs `action` (a form submission the server must refuse) and checks that one of the responses to it
 * had HTTP `status`, that the form's error summary then lists `message` (it did not before), and, for a
 * message about one field, that the field's own message element (`#{field}-error`, which the control
 * or its group is described by) says it.
 */
export async function expectRefusal(page, { status, message, field }, action) {
  assert.ok(!(await summaryMessages(page)).includes(message), `"${message}" is already listed before the submission`);
  const responses = recordResponses(page);
  try {
    await action();
    await eventually(async () => {
      const listed = await summaryMessages(page);
      assert.ok(listed.includes(message), `expected the error summary to list "${message}"; it lists: ${listed.join(' | ') || 'nothing'}`);
    });
    await settle(page);
  } finally {
    responses.stop();
  }
  assert.ok(
    responses.list.some((r) => r.status === status),
    `expected an HTTP ${status} answer; saw ${responses.list.map((r) => `${r.method} ${r.path} → ${r.status}`).join(', ') || 'none'}`,
  );
  if (field) assert.equal((await page.locator(`#${field}-error`).innerText()).trim(), message, `the message of the field ${field}`);
}

/** Records the same-origin document and fetch/XHR responses of a page until stop(). */
export function recordResponses(page) {
  const origin = new URL(BASE_URL).origin;
  const list = [];
  const listener = (response) => {
    const request = response.request();
    if (!['document', 'fetch', 'xhr'].includes(request.resourceType())) return;
    const url = new URL(response.url());
    if (url.origin !== origin) return;
    list.push({ method: request.method(), path: url.pathname + url.search, status: response.status() });
  };
  page.on('response', listener);
  return { list, stop: () => page.off('response', listener) };
}

/**
 * Submits a form while bypassing the browser's own checks (required, minlength): the point is the
 * server's answer, which must hold even when those checks are absent (old browser, crafted request).
 */
export async function submitUnchecked(submitButton) {
  await submitButton.evaluate((element) => {
    if (element.form) element.form.noValidate = true;
  });
  await submitButton.click();
}

/** The thread rows of a listing (home, filtered home), each read from its own elements: the row's
 * `data-thread`, its title link, its status badge's `data-status`, its `data-replies` and the
 * `data-tag` of each of its tags. */
export async function threadRows(page) {
  return mainOf(page)
    .locator('li.thread-row[data-thread]')
    .evaluateAll((rows) =>
      rows.map((row) => {
        const link = row.querySelector('a.thread-row__title');
        return {
          id: row.dataset.thread,
          title: link.innerText.trim(),
          path: new URL(link.href, document.baseURI).pathname,
          status: row.querySelector('[data-status]')?.dataset.status,
          replies: Number(row.querySelector('[data-replies]')?.dataset.replies),
          tags: [...row.querySelectorAll('[data-tag]')].map((tag) => tag.dataset.tag),
        };
      }),
    );
}

/** Asserts every listed row carries each of `tags` (slugs) and, when given, the status `status`. */
export function assertEveryRowHas(rows, { tags = [], status }, what) {
  assert.ok(rows.length > 0, `no thread rows listed (${what})`);
  for (const row of rows) {
    for (const tag of tags) {
      assert.ok(row.tags.includes(tag), `row "${row.title}" should carry the tag ${tag} (${what}); it has ${row.tags.join(', ')}`);
    }
    if (status) assert.equal(row.status, status, `status of row "${row.title}" (${what})`);
  }
}

/** The document's width and the viewport's (CSS pixels). */
export async function pageWidths(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

/** The page fits its viewport: the document is not wider than the window (no sideways scrolling). */
export async function assertFitsWidth(page, what = '') {
  const { scrollWidth, innerWidth } = await pageWidths(page);
  assert.ok(
    scrollWidth <= innerWidth,
    `${page.url()}${what ? ` (${what})` : ''} scrolls sideways: the document is ${scrollWidth}px wide in a ${innerWidth}px viewport`,
  );
}

/**
 * The element (a code block, a table, the map's frame) is wider than its box and scrolls inside it,
 * while the document itself stays within the viewport: what would overflow is its own scroller.
 */
export async function assertScrollsInside(locator, what) {
  const page = locator.page();
  await locator.waitFor();
  const box = await locator.evaluate((element) => {
    const style = getComputedStyle(element);
    return {
      tag: element.tagName.toLowerCase(),
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
      overflowX: style.overflowX,
    };
  });
  assert.ok(
    box.scrollWidth > box.clientWidth,
    `${page.url()}: the ${what} (<${box.tag}>) should be wider than its box (${box.scrollWidth}px of content in ${box.clientWidth}px)`,
  );
  assert.ok(
    ['auto', 'scroll'].includes(box.overflowX),
    `${page.url()}: the ${what} (<${box.tag}>) should scroll sideways itself (overflow-x: ${box.overflowX})`,
  );
  await assertFitsWidth(page, `with the ${what} ${box.scrollWidth}px wide`);
}

// ---------------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------------

export function newUser(overrides = {}) {
  const token = uniqueToken();
  return {
    name: `Camille Essai ${token}`,
    email: `e2e-${token}@exemple.fr`,
    organisation: 'DDT de la Creuse',
    password: `Cheval-agrafe-${token}`,
    ...overrides,
  };
}

export async function fillSignUp(page, user) {
  await field(page, 'Nom affiché').fill(user.name);
  await field(page, 'Adresse électronique').fill(user.email);
  await field(page, 'Organisation').fill(user.organisation ?? '');
  await field(page, 'Mot de passe').fill(user.password);
}

export async function expectSignedIn(page, user) {
  const top = header(page);
  await link(top, user.name).waitFor();
  await top.getByRole('link', { name: 'Nouveau fil', exact: true }).waitFor();
  await top.getByRole('button', { name: 'Se déconnecter', exact: true }).waitFor();
  const href = await link(top, user.name).getAttribute('href');
  const id = new URL(href, BASE_URL).pathname.match(/^\/u\/([^/]+)$/)?.[1];
  assert.ok(id, `the name in the header should link to /u/{id}, not ${href}`);
  return id;
}

export async function expectSignedOut(page) {
  const top = header(page);
  await top.getByRole('link', { name: 'Se connecter', exact: true }).waitFor();
  await top.getByRole('link', { name: 'Créer un compte', exact: true }).waitFor();
  assert.equal(await top.getByRole('button', { name: 'Se déconnecter', exact: true }).count(), 0, 'still signed in');
}

/** Signs a fresh member up through /signup, then follows the link of the mail the forum sent
 * (its page, then « Confirmer mon adresse »); returns the member, signed in, with their id. */
export async function signUp(page, overrides = {}) {
  const user = newUser(overrides);
  await visit(page, '/signup');
  await fillSignUp(page, user);
  await press(page.getByRole('button', { name: 'Créer mon compte', exact: true }));
  await page.locator('[data-signup-sent]').waitFor();
  await followMailLink(page, user.email, '/verify/', 'Confirmer mon adresse');
  await page.waitForURL((url) => url.pathname === '/');
  user.id = await expectSignedIn(page, user);
  return user;
}

export async function signIn(page, user) {
  await visit(page, '/login');
  await field(page, 'Adresse électronique').fill(user.email);
  await field(page, 'Mot de passe').fill(user.password);
  await press(page.getByRole('button', { name: 'Se connecter', exact: true }));
  await expectSignedIn(page, user);
}

export async function signOut(page) {
  await press(header(page).getByRole('button', { name: 'Se déconnecter', exact: true }));
  await expectSignedOut(page);
}

// ---------------------------------------------------------------------------------------------------
// Threads and posts
// ---------------------------------------------------------------------------------------------------

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
