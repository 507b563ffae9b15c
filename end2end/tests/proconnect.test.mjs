// Sign-in with ProConnect against a local provider built on oidc-provider (like ProConnect's own):
// the official button, the provider's login page, back signed in, a thread posted as that member
// (organisation shown), then sign-out through the provider. Once per signing algorithm (RS256 and
// ES256 for both the ID token and the userinfo JWT), each with JavaScript on and off.
import assert from 'node:assert/strict';
import { scenario, settle, press, header, field, fillThreadForm, threadSpec, uniqueToken, mainOf } from './support.mjs';

const TARGETS = (process.env.JONCTION_PROCONNECT_TARGETS || '')
  .split(',')
  .filter(Boolean)
  .map((pair) => {
    const [alg, url] = pair.split('=');
    return { alg, url: url.replace(/\/+$/, '') };
  });

async function go(page, url) {
  const response = await page.goto(url);
  await settle(page);
  return response;
}

async function pressProConnect(page, base) {
  await go(page, `${base}/login`);
  const help = page.getByRole('link', { name: 'Qu’est-ce que ProConnect ?' });
  assert.equal(await help.getAttribute('href'), 'https://www.proconnect.gouv.fr/');
  assert.equal(await help.getAttribute('target'), '_blank');
  assert.equal(await help.getAttribute('title'), 'Qu’est-ce que ProConnect ? - nouvelle fenêtre');
  await press(page.getByRole('button', { name: 'S’identifier avec ProConnect' }));
  await page.getByRole('heading', { name: 'Fournisseur d’identité de test' }).waitFor();
}

for (const { alg, url } of TARGETS) {
  scenario(`ProConnect sign-in, thread and sign-out (${alg})`, async ({ page, shot }) => {
    await pressProConnect(page, url);
    const token = uniqueToken();
    const name = `Camille Dupont-${token}`;
    await field(page, 'Adresse électronique').fill(`agent-${token}@test.proconnect.example`);
    await field(page, 'Prénom(s)').fill('Camille');
    await field(page, 'Nom d’usage').fill(`Dupont-${token}`);
    await field(page, 'Organisation').fill('Préfecture de la Creuse');
    await shot('provider-login');
    await press(page.getByRole('button', { name: 'Se connecter', exact: true }));

    // Back on the forum, signed in under the name and organisation ProConnect vouched for.
    assert.equal(new URL(page.url()).origin, url);
    const me = header(page).getByRole('link', { name });
    await me.waitFor();
    await shot('signed-in');

    // Post a thread as that member: the organisation is shown beside the name.
    const spec = threadSpec();
    await go(page, `${url}/new`);
    await fillThreadForm(page, spec);
    await press(page.getByRole('button', { name: 'Publier', exact: true }));
    await page.getByRole('heading', { level: 1, name: spec.title }).waitFor();
    const opening = mainOf(page).locator('article[data-post]').first();
    assert.equal((await opening.locator('.post__author').innerText()).trim(), name);
    assert.equal((await opening.locator('.post__org').innerText()).trim(), 'Préfecture de la Creuse');

    // Sign out: the local session ends, the provider signs out too and sends the browser back.
    await press(header(page).getByRole('button', { name: 'Se déconnecter', exact: true }));
    await page.getByRole('heading', { name: 'Déconnexion' }).waitFor();
    await press(page.getByRole('button', { name: 'Se déconnecter', exact: true }));
    await page.waitForURL((u) => u.origin === url && u.pathname === '/');
    await header(page).getByRole('link', { name: 'Se connecter', exact: true }).waitFor();
    assert.equal(await header(page).getByRole('link', { name }).count(), 0, 'still signed in');

    // Signing in again reaches the same account (keyed on the provider's sub), not a new one.
    await pressProConnect(page, url);
    await field(page, 'Adresse électronique').fill(`agent-${token}@test.proconnect.example`);
    await field(page, 'Nom d’usage').fill(`Dupont-${token}`);
    await press(page.getByRole('button', { name: 'Se connecter', exact: true }));
    const href = await header(page).getByRole('link', { name }).getAttribute('href');
    await go(page, `${url}${href}`);
    await page.locator('[data-list="threads"]').getByRole('link', { name: spec.title }).waitFor();
  });
}

if (TARGETS.length > 0) {
  const { url } = TARGETS[0];
  scenario('ProConnect refusal at the provider', async ({ page, shot }) => {
    await pressProConnect(page, url);
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await press(page.getByRole('button', { name: 'Refuser', exact: true }));
    assert.equal(new URL(page.url()).origin, url);
    await page.getByRole('heading', { name: 'La connexion n’a pas abouti' }).waitFor();
    assert.match(await page.locator('.error-panel [role="alert"]').innerText(), /^Vous avez refusé ou annulé la connexion avec ProConnect/);
    const callback = responses.find((r) => new URL(r.url()).pathname === '/auth/proconnect/callback');
    assert.equal(callback?.status(), 403);
    await shot('refused');
    await press(mainOf(page).getByRole('link', { name: 'Retour à la connexion' }));
    assert.equal(new URL(page.url()).pathname, '/login');
    await header(page).getByRole('link', { name: 'Se connecter', exact: true }).waitFor();
  });
}
