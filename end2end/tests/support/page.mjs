// Steps and checks on a page: navigation, the elements a check reads, refused forms, thread lists.
import assert from 'node:assert/strict';
import { BASE_URL } from './config.mjs';
import { jsEnabled } from './scenario.mjs';
import { eventually, startsWith } from './text.mjs';


/** After a page load: with JavaScript on, also let the WebAssembly download and hydration finish, so
 * typing does not race with hydration. */
export async function settle(page) {
  await page.waitForLoadState('load');
  if (jsEnabled(page.context())) {
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

