// The same login and logout in Chromium, JavaScript on and off.
import { existsSync } from 'node:fs';

import {
  CHROMIUM, CLIENT_ID, CLIENT_SECRET, authorizeUrl, check, pkcePair, random, tokenRequest, verifyJwt,
} from './harness.mjs';

export async function runBrowserChecks(alg, provider) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    console.log(`SKIP [${alg}] browser checks: playwright-core is not installed (cd .. && npm ci)`);
    return;
  }
  if (!existsSync(CHROMIUM)) {
    console.log(`SKIP [${alg}] browser checks: no Chromium at ${CHROMIUM}`);
    return;
  }
  const { issuer, env } = provider;
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  try {
    for (const javaScriptEnabled of [true, false]) {
      const t = (name) => `[${alg}] browser, JS ${javaScriptEnabled ? 'on' : 'off'}: ${name}`;
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      try {
        const state = random(32);
        await page.goto(authorizeUrl(discovery, env, { state, nonce: random(32), challenge: pkcePair().challenge }));
        check(t('login page title'), (await page.title()) === 'Fournisseur d’identité de test');
        await page.getByLabel('Adresse électronique').fill('navigateur@test.proconnect.example');
        await page.getByLabel('Niveau eIDAS').selectOption('eidas2');
        await Promise.all([
          page.waitForURL((url) => url.href.startsWith(env.OIDC_REDIRECT_URI)),
          page.getByRole('button', { name: 'Se connecter' }).click(),
        ]);
        const callback = new URL(page.url());
        check(t('« Se connecter » lands on the callback with code, state, iss'),
          Boolean(callback.searchParams.get('code')) && callback.searchParams.get('state') === state
          && callback.searchParams.get('iss') === issuer, callback.href);
        const tokens = await (await tokenRequest(discovery, {
          grant_type: 'authorization_code', code: callback.searchParams.get('code'), redirect_uri: env.OIDC_REDIRECT_URI,
          client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
        })).json();
        check(t('token without code_verifier is refused once a code_challenge was sent'), tokens.error === 'invalid_grant',
          JSON.stringify(tokens));

        // A second login to get an ID token for logout.
        const { verifier, challenge } = pkcePair();
        const state2 = random(32);
        await page.goto(authorizeUrl(discovery, env, { state: state2, nonce: random(32), challenge }));
        const code2 = new URL(page.url()).searchParams.get('code');
        check(t('the session is kept: a new authorize comes straight back'), Boolean(code2), page.url());
        const tokens2 = await (await tokenRequest(discovery, {
          grant_type: 'authorization_code', code: code2, redirect_uri: env.OIDC_REDIRECT_URI, code_verifier: verifier,
          client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
        })).json();
        check(t('id_token acr is the chosen level'), verifyJwt(tokens2.id_token ?? '..', { keys: [] }).payload.acr === 'eidas2');

        const logoutState = random(32);
        await page.goto(`${discovery.end_session_endpoint}?${new URLSearchParams({
          id_token_hint: tokens2.id_token, state: logoutState, post_logout_redirect_uri: env.OIDC_POST_LOGOUT_REDIRECT_URI,
        })}`);
        check(t('logout page title'), (await page.title()) === 'Déconnexion');
        await Promise.all([
          page.waitForURL((url) => url.href.startsWith(env.OIDC_POST_LOGOUT_REDIRECT_URI)),
          page.getByRole('button', { name: 'Se déconnecter' }).click(),
        ]);
        check(t('« Se déconnecter » comes back with the same state'),
          new URL(page.url()).searchParams.get('state') === logoutState, page.url());

        const state3 = random(32);
        await page.goto(authorizeUrl(discovery, env, { state: state3, nonce: random(32), challenge: pkcePair().challenge }));
        check(t('after logout the login page is shown again'), (await page.title()) === 'Fournisseur d’identité de test');
        await Promise.all([
          page.waitForURL((url) => url.href.startsWith(env.OIDC_REDIRECT_URI)),
          page.getByRole('button', { name: 'Refuser' }).click(),
        ]);
        const refused = new URL(page.url());
        check(t('« Refuser » lands on the callback with error=access_denied'),
          refused.searchParams.get('error') === 'access_denied' && refused.searchParams.get('state') === state3, refused.href);
      } catch (err) {
        check(t('browser flow'), false, err.message.split('\n')[0]);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
}
