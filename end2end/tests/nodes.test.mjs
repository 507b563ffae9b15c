// Two server nodes on one PostgreSQL database behind nginx, round-robin (scripts/e2e-nodes.sh; skipped
// elsewhere). nginx names the node that answered each request (X-Jonction-Upstream) and, with one
// worker, alternates strictly between the two: the scenario steers each step to a chosen node (a
// request to /healthz moves the turn when needed) and checks that the node it chose answered. So the
// journey crosses nodes on purpose at each step: signed up on one node, the mailed link followed on
// the other; a tag followed on one, shown followed on both; the ProConnect sign-in started on one and
// completed on the other (its pending state is in the database); a thread posted on one, the single
// mail about it delivered once by whichever node claimed it; the thread searched on each node's own
// index; a reply written on one and shown at once on both (neither keeps a stale page); sign-out on
// one, signed out on both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  scenario, visit, press, header, mainOf, fillSignUp, newUser, expectSignedIn, expectSignedOut, fillThreadForm, threadSpec,
  eventually, uniqueToken, pathOf, settle, field, postWithText, BASE_URL,
} from './support.mjs';
import { mailsTo, openMailLink } from './mail.mjs';
import { follow, fillProviderLogin } from './steps.mjs';

const NODES = (process.env.JONCTION_NODES || '').split(',').filter(Boolean);
const [A, B] = NODES;
const ORIGIN = new URL(BASE_URL).origin;

function nodeOf(response) {
  return response.headers()['x-jonction-upstream'];
}

/** Every request of `page` to the forum, in the order sent: { method, path, node (once answered) }. */
function recordRequests(page) {
  const list = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== ORIGIN) return;
    // node: who answered; null for a request that got no answer (cancelled by a navigation).
    const entry = { method: request.method(), path: url.pathname, node: undefined, answered: null };
    entry.answered = request.response().then((r) => { entry.node = r ? nodeOf(r) : null; }, () => { entry.node = null; });
    list.push(entry);
  });
  return list;
}

/** Makes `node` answer the page's next request: nginx alternates, so one or two requests to
 * /healthz (outside the page, its answer read) leave the turn to `node`. */
async function steer(page, node) {
  for (let i = 0; i < 2; i++) {
    const answered = nodeOf(await page.request.get('/healthz'));
    assert.ok(NODES.includes(answered), `/healthz answered by ${answered}, not one of ${NODES}`);
    if (answered !== node) return;
  }
  throw new Error(`nginx does not alternate: ${node} answered /healthz twice in a row`);
}

/** Waits until every request `page` sent to the forum was answered and none was sent for a second:
 * a request the page sends by itself (the similar threads asked for a moment after typing) would
 * otherwise take the turn `steer` gives. */
async function quiet(page, requests) {
  for (;;) {
    const sent = requests.length;
    await Promise.all(requests.map((r) => r.answered));
    await page.waitForTimeout(1000);
    if (requests.length === sent) return;
  }
}

/** Steers the next request to `node`, runs `action` (a click), and checks that the first request it
 * made to the forum went to `node`; returns that request ({ method, path, node }). */
async function on(page, requests, node, action) {
  await quiet(page, requests);
  await steer(page, node);
  const mark = requests.length;
  await action();
  const first = requests[mark];
  assert.ok(first, 'the action sent a request to the forum');
  await first.answered;
  assert.equal(first.node, node, `${first.method} ${first.path} was steered to ${node}`);
  return first;
}

/** Opens `path` once through each node (in turn) and runs `check(node)` on what it showed. */
async function onEachNode(page, path, check) {
  for (const node of NODES) {
    await steer(page, node);
    const response = await visit(page, path);
    assert.equal(nodeOf(response), node, `GET ${path} was steered to ${node}`);
    await check(node);
  }
}

async function postCount(page) {
  return mainOf(page).locator('article[data-post]').count();
}

if (NODES.length === 2) {
  scenario('two nodes behind nginx: sign-up, ProConnect, posting, search, one mail, sign-out', async ({ page, newPage, shot }) => {
    const requests = recordRequests(page);

    // Sign-up on A; the mailed link followed on B: the pending verification is in the database.
    const member = newUser();
    await visit(page, '/signup');
    await fillSignUp(page, member);
    await settle(page);
    await on(page, requests, A, () => press(page.getByRole('button', { name: 'Créer mon compte', exact: true })));
    await page.locator('[data-signup-sent]').waitFor();
    await openMailLink(page, member.email, '/verify/');
    await on(page, requests, B, () => press(page.getByRole('button', { name: 'Confirmer mon adresse', exact: true })));
    await page.waitForURL((url) => url.pathname === '/');
    await expectSignedIn(page, member);
    const verifications = (await mailsTo(member.email)).filter((m) => m.text.includes('/verify/'));
    assert.equal(verifications.length, 1, 'one verification mail, from one node');

    // Following GeoServer (wherever it lands): both nodes show it followed.
    await follow(page, 'geoserver', 'Suivre cette solution', 'watching');
    await onEachNode(page, '/tags/geoserver', async () => {
      assert.equal(await page.locator('#subscription-level').getAttribute('data-level'), 'watching');
    });

    // ProConnect: started on A, the provider's answer (the callback) taken by B.
    const author = await newPage();
    const authorRequests = recordRequests(author);
    await visit(author, '/login');
    await on(author, authorRequests, A, () => press(author.getByRole('button', { name: 'S’identifier avec ProConnect' })));
    await author.getByRole('heading', { name: 'Fournisseur d’identité de test' }).waitFor();
    const authorName = await fillProviderLogin(author, uniqueToken());
    const callback = await on(author, authorRequests, B, () => press(author.getByRole('button', { name: 'Se connecter', exact: true })));
    assert.equal(callback.path, '/auth/proconnect/callback');
    await header(author).getByRole('link', { name: authorName }).waitFor();

    // A thread in GeoServer posted through B.
    const spec = threadSpec();
    const thread = await startThreadOn(author, authorRequests, B, spec);
    await shot('thread', author);

    // The follower is told once: one node claimed the mail and delivered it; the other never does.
    const about = async () => (await mailsTo(member.email)).filter((m) => m.header('X-Jonction-Event') === 'new_thread' && m.header('Subject').includes(spec.title));
    await eventually(async () => assert.equal((await about()).length, 1, 'the mail about the new thread arrived'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // both nodes' delivery loops have run again
    assert.equal((await about()).length, 1, 'the mail about the new thread was sent exactly once');

    // Each node's own index finds the thread (fed from the change log): reload as a person would.
    const visitor = await newPage();
    const searchPath = `/search?q=${encodeURIComponent(spec.token)}`;
    for (const node of NODES) {
      await eventually(async () => {
        await steer(visitor, node);
        const response = await visit(visitor, searchPath);
        assert.equal(nodeOf(response), node);
        assert.equal(await visitor.locator(`li.search-hit[data-thread-id="${thread.id}"]`).count(), 1, `found by ${node}'s index`);
      }, 30_000);
    }

    // A visitor reads the thread on both nodes; a reply through A is shown at once by both.
    await onEachNode(visitor, thread.path, async () => assert.equal(await postCount(visitor), 1));
    const text = `Précision depuis l’autre nœud ${spec.token}`;
    await field(author, 'Votre réponse').fill(text);
    await settle(author);
    await on(author, authorRequests, A, () => press(author.getByRole('button', { name: 'Publier la réponse', exact: true })));
    await postWithText(author, text).waitFor();
    await onEachNode(visitor, thread.path, async (node) => {
      assert.equal(await postCount(visitor), 2, `${node} shows the reply at once`);
    });

    // Sign-out through B: signed out on both.
    await on(page, requests, B, () => press(header(page).getByRole('button', { name: 'Se déconnecter', exact: true })));
    await onEachNode(page, '/', () => expectSignedOut(page));

    // Every answer named one of the two nodes, and both took writes.
    const all = [...requests, ...authorRequests];
    await Promise.all(all.map((r) => r.answered));
    for (const r of all.filter((r) => r.node !== null)) assert.ok(NODES.includes(r.node), `${r.method} ${r.path} answered by ${r.node}`);
    const writers = new Set(all.filter((r) => r.method === 'POST').map((r) => r.node));
    assert.deepEqual([...writers].sort(), [...NODES].sort(), 'both nodes took POSTs');
  });
} else {
  test('two nodes behind nginx', { skip: 'JONCTION_NODES is not set: scripts/e2e-nodes.sh runs this' }, () => {});
}

/** Publishes a thread like support.mjs's startThread, its « Publier » click steered to `node`. */
async function startThreadOn(page, requests, node, spec) {
  await visit(page, '/new');
  await fillThreadForm(page, spec);
  await settle(page); // with JavaScript, typing asks for similar threads: let that finish first
  await on(page, requests, node, () => press(page.getByRole('button', { name: 'Publier', exact: true })));
  await page.waitForURL(/\/t\/[^/]+$/);
  await page.getByRole('heading', { level: 1, name: spec.title }).waitFor();
  const path = pathOf(page);
  return { ...spec, path, id: path.match(/^\/t\/(\d+)/)?.[1] };
}
