// The scenario runner: each scenario runs once with JavaScript on and once off, in fresh browser
// contexts, with screenshots and the page's HTML saved on failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ACTION_TIMEOUT_MS,
  BASE_URL,
  DESKTOP,
  NAVIGATION_TIMEOUT_MS,
  SCREENSHOT_DIR,
  SERVER_WAIT_S,
  TEST_TIMEOUT_MS,
  launchBrowser,
} from './config.mjs';
import { sleep, slugify } from './text.mjs';

let browserPromise;
let hooksRegistered = false;
const jsEnabledOf = new WeakMap(); // BrowserContext -> boolean

/** Whether the browser context runs JavaScript (the scenario's setting). */
export function jsEnabled(context) {
  return jsEnabledOf.get(context) === true;
}

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
