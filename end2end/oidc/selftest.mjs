// Self-test of the ProConnect-like test provider, without the forum: `node selftest.mjs`.
//
// For each of RS256 and ES256 it starts provider.mjs as a child process on a free port and runs the
// code flow with plain fetch and a hand-kept cookie jar: discovery, authorize, the login form, the
// callback (code, state, iss), the token endpoint (client_secret_post accepted, HTTP Basic refused),
// the ID token and the signed userinfo (alg, signature by kid, claims), refresh, the « Refuser » path,
// ProConnect's own checks on /authorize, and RP-initiated logout. Then, when playwright-core (from
// ../node_modules) and Chromium are there, the same login and logout are clicked in a real browser,
// with JavaScript on and off. Prints PASS/FAIL per check and exits non-zero on any failure.

import { spawn } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.JONCTION_CHROMIUM || '/usr/bin/chromium';
const CLIENT_ID = 'jonction-selftest';
const CLIENT_SECRET = 'selftest-secret-0123456789abcdef';

let failures = 0;
let passes = 0;

function check(name, ok, detail = '') {
  if (ok) {
    passes += 1;
    console.log(`PASS ${name}`);
  } else {
    failures += 1;
    console.log(`FAIL ${name}${detail ? ` (${detail})` : ''}`);
  }
  return ok;
}

const random = (bytes = 32) => randomBytes(bytes).toString('base64url');
const b64json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// A stand-in for the forum: answers 200 at the callback and post-logout addresses (for the browser run).
async function startRelyingParty() {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><title>RP</title><p>retour au service</p>');
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function startProvider(alg, rpPort) {
  const port = await freePort();
  const env = {
    ...process.env,
    OIDC_PORT: String(port),
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_REDIRECT_URI: `http://127.0.0.1:${rpPort}/auth/proconnect/callback`,
    OIDC_POST_LOGOUT_REDIRECT_URI: `http://127.0.0.1:${rpPort}/auth/proconnect/logged-out`,
    OIDC_ALG: alg,
  };
  const child = spawn(process.execPath, [join(HERE, 'provider.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  const issuer = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider did not print ready in 15 s:\n${log.join('')}`)), 15000);
    child.stdout.on('data', (chunk) => {
      log.push(chunk.toString());
      const match = log.join('').match(/^ready (\S+)$/m);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on('data', (chunk) => log.push(chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`provider exited with ${code}:\n${log.join('')}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    issuer,
    env,
    log,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

// ---------------------------------------------------------------------------------------------------
// HTTP with a cookie jar (one per simulated browser)
// ---------------------------------------------------------------------------------------------------

class Browser {
  cookies = new Map(); // name -> { value, path }

  cookieHeader(url) {
    const { pathname } = new URL(url);
    return [...this.cookies.entries()]
      .filter(([, c]) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = Object.fromEntries(attributes.map((a) => {
        const i = a.indexOf('=');
        return i === -1 ? [a.toLowerCase(), true] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
      }));
      this.lastAttributes = { ...this.lastAttributes, [name]: attr };
      const expired = attr.expires && new Date(attr.expires) < new Date();
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path: attr.path || '/' });
    }
  }

  async fetch(url, { method = 'GET', form, headers = {} } = {}) {
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        ...headers,
        ...(this.cookieHeader(url) ? { cookie: this.cookieHeader(url) } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    this.store(response);
    const location = response.headers.get('location');
    return {
      status: response.status,
      headers: response.headers,
      location: location ? new URL(location, url).href : null,
      text: await response.text(),
    };
  }

  // Follows redirects on the provider; stops at the first 200 page or at a redirect leaving it.
  async follow(url, issuerOrigin, init) {
    let response = await this.fetch(url, init);
    for (let hops = 0; hops < 10 && response.location; hops += 1) {
      if (new URL(response.location).origin !== issuerOrigin) return response;
      response = await this.fetch(response.location);
    }
    return response;
  }
}

// ---------------------------------------------------------------------------------------------------
// JWT helpers
// ---------------------------------------------------------------------------------------------------

function verifyJwt(jwt, jwks) {
  const [h, p, s] = jwt.split('.');
  const header = b64json(h);
  const payload = b64json(p);
  const jwk = jwks.keys.find((key) => key.kid === header.kid);
  if (!jwk) return { header, payload, valid: false, why: `no key with kid ${header.kid}` };
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const valid = header.alg === 'ES256'
    ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
    : verify('sha256', data, key, signature);
  return { header, payload, valid, jwk };
}

const pkcePair = () => {
  const verifier = random(48);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeUrl(discovery, env, { state, nonce, challenge, extra = {} }) {
  const url = new URL(discovery.authorization_endpoint);
  const params = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: env.OIDC_REDIRECT_URI,
    scope: 'openid given_name usual_name email uid siret siren idp_id organization_label roles phone custom',
    state,
    nonce,
    claims: JSON.stringify({ id_token: { acr: { essential: true, values: ['eidas1'] } } }),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  };
  // A null in `extra` leaves that parameter out.
  url.search = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== null)).toString();
  return url.href;
}

const formAction = (html) => html.match(/<form[^>]*method="post"[^>]*action="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
const hidden = (html, name) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1];

const LOGIN = {
  email: 'camille.dupont@test.proconnect.example',
  given_name: 'Camille Marie',
  usual_name: 'Dupont',
  siret: '13002526500013',
  organization_label: 'Direction interministérielle du numérique',
  acr: 'eidas1',
  action: 'login',
};

// Authorize, then fill the login form: returns the callback URL the browser is sent to.
async function logIn(browser, discovery, env, issuer, { form = LOGIN, extra } = {}) {
  const state = random(32);
  const nonce = random(32);
  const { verifier, challenge } = pkcePair();
  const origin = new URL(issuer).origin;
  const loginPage = await browser.follow(authorizeUrl(discovery, env, { state, nonce, challenge, extra }), origin);
  const action = formAction(loginPage.text);
  const callback = await browser.follow(new URL(action, issuer).href, origin, { method: 'POST', form });
  return { state, nonce, verifier, loginPage, callback: callback.location ? new URL(callback.location) : null };
}

const tokenRequest = (discovery, body, headers = {}) => fetch(discovery.token_endpoint, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body).toString(),
});

// ---------------------------------------------------------------------------------------------------
// The checks, with fetch
// ---------------------------------------------------------------------------------------------------

async function runFetchChecks(alg, provider) {
  const { issuer, env } = provider;
  const t = (name) => `[${alg}] ${name}`;
  const origin = new URL(issuer).origin;

  // Discovery and keys
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  check(t('discovery issuer ends in /api/v2'), discovery.issuer === issuer && issuer.endsWith('/api/v2'), discovery.issuer);
  const endpoints = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'end_session_endpoint', 'jwks_uri'];
  check(t('discovery endpoints under /api/v2'), endpoints.every((e) => discovery[e]?.startsWith(`${issuer}/`)),
    endpoints.map((e) => discovery[e]).join(' '));
  check(t('discovery: /authorize /token /userinfo /session/end /jwks'),
    discovery.authorization_endpoint === `${issuer}/authorize` && discovery.token_endpoint === `${issuer}/token`
    && discovery.userinfo_endpoint === `${issuer}/userinfo` && discovery.end_session_endpoint === `${issuer}/session/end`
    && discovery.jwks_uri === `${issuer}/jwks`);
  check(t('discovery: only client_secret_post'),
    JSON.stringify(discovery.token_endpoint_auth_methods_supported) === '["client_secret_post"]',
    JSON.stringify(discovery.token_endpoint_auth_methods_supported));
  check(t('discovery: claims parameter, iss parameter, eidas acr values'),
    discovery.claims_parameter_supported === true && discovery.authorization_response_iss_parameter_supported === true
    && JSON.stringify(discovery.acr_values_supported) === '["eidas1","eidas2","eidas3"]');
  const jwks = await (await fetch(discovery.jwks_uri)).json();
  const kids = new Set(jwks.keys.map((k) => k.kid));
  check(t('JWKS publishes an RSA and an EC P-256 key with distinct kids'),
    jwks.keys.some((k) => k.kty === 'RSA') && jwks.keys.some((k) => k.kty === 'EC' && k.crv === 'P-256')
    && kids.size === jwks.keys.length && jwks.keys.every((k) => !k.d), JSON.stringify(jwks.keys.map((k) => [k.kty, k.kid])));

  // Authorize → login page
  const browser = new Browser();
  const state = random(32);
  const nonce = random(32);
  const { verifier, challenge } = pkcePair();
  const first = await browser.fetch(authorizeUrl(discovery, env, { state, nonce, challenge }));
  check(t('authorize redirects to the interaction page under /api/v2'),
    first.status === 303 && first.location?.startsWith(`${issuer}/interaction/`), `${first.status} ${first.location}`);
  check(t('provider cookies have no Secure flag and no SameSite=None'),
    Object.values(browser.lastAttributes ?? {}).every((a) => !a.secure && String(a.samesite).toLowerCase() !== 'none'),
    JSON.stringify(browser.lastAttributes));
  const loginPage = await browser.fetch(first.location);
  const html = loginPage.text;
  check(t('login page is French HTML with its title'),
    loginPage.status === 200 && /<html lang="fr">/.test(html) && html.includes('<title>Fournisseur d’identité de test</title>'));
  check(t('login page has the labelled fields and defaults'),
    [['email', 'Adresse électronique', 'agent@test.proconnect.example'], ['given_name', 'Prénom(s)', 'Camille'],
      ['usual_name', 'Nom d’usage', 'Dupont'], ['siret', 'SIRET', '13002526500013'],
      ['organization_label', 'Organisation', 'Direction interministérielle du numérique']]
      .every(([id, label, value]) => html.includes(`<label for="${id}">${label}</label>`)
        && new RegExp(`<input id="${id}" name="${id}"[^>]*value="${value}"`).test(html))
    && html.includes('<label for="acr">Niveau eIDAS</label>') && html.includes('<option value="eidas1" selected>'));
  check(t('login page has « Se connecter » and « Refuser », no script'),
    html.includes('>Se connecter</button>') && html.includes('>Refuser</button>') && !/<script/i.test(html)
    && /<form method="post"/.test(html));

  // Login form → callback
  const afterLogin = await browser.follow(new URL(formAction(html), issuer).href, origin, { method: 'POST', form: LOGIN });
  const callback = afterLogin.location ? new URL(afterLogin.location) : null;
  check(t('login POST ends at redirect_uri'), callback && `${callback.origin}${callback.pathname}` === env.OIDC_REDIRECT_URI,
    `${afterLogin.status} ${afterLogin.location} ${afterLogin.text.slice(0, 300)}`);
  const code = callback?.searchParams.get('code');
  check(t('callback has code, same state, and iss = issuer'),
    Boolean(code) && callback.searchParams.get('state') === state && callback.searchParams.get('iss') === issuer,
    callback?.search);

  // Token: Basic refused, client_secret_post accepted
  const tokenBody = {
    grant_type: 'authorization_code', code, redirect_uri: env.OIDC_REDIRECT_URI, code_verifier: verifier,
  };
  const basic = await tokenRequest(discovery, tokenBody, {
    authorization: `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}`,
  });
  const basicBody = await basic.json();
  check(t('token with HTTP Basic is refused: invalid_client'), basic.status === 401 && basicBody.error === 'invalid_client',
    `${basic.status} ${JSON.stringify(basicBody)}`);
  const wrongSecret = await tokenRequest(discovery, { ...tokenBody, client_id: CLIENT_ID, client_secret: 'wrong' });
  check(t('token with a wrong secret is refused: invalid_client'), wrongSecret.status === 401
    && (await wrongSecret.json()).error === 'invalid_client');
  const tokenResponse = await tokenRequest(discovery, { ...tokenBody, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  const tokens = await tokenResponse.json();
  check(t('token with client_secret_post succeeds'), tokenResponse.status === 200 && tokens.access_token && tokens.id_token,
    `${tokenResponse.status} ${JSON.stringify(tokens)}`);
  check(t('token response: Bearer, expires_in 3600, refresh_token, scope'),
    tokens.token_type === 'Bearer' && tokens.expires_in === 3600 && Boolean(tokens.refresh_token)
    && String(tokens.scope).split(' ').includes('siret'), JSON.stringify({ ...tokens, id_token: '…' }));

  // ID token
  const idToken = verifyJwt(tokens.id_token ?? '..', jwks);
  check(t(`id_token header alg = ${alg}, signature valid by kid`), idToken.header.alg === alg && idToken.valid,
    JSON.stringify(idToken.header));
  const claims = idToken.payload;
  check(t('id_token: iss, aud, nonce'), claims.iss === issuer && claims.aud === CLIENT_ID && claims.nonce === nonce,
    JSON.stringify(claims));
  check(t('id_token: acr = eidas1, amr = ["pwd"]'), claims.acr === 'eidas1' && JSON.stringify(claims.amr) === '["pwd"]',
    JSON.stringify(claims));
  check(t('id_token: sub, sid, auth_time, exp - iat = 3600'),
    /^[0-9a-f]{64}$/.test(claims.sub) && Boolean(claims.sid) && Number.isInteger(claims.auth_time)
    && claims.exp - claims.iat === 3600, JSON.stringify(claims));

  // Userinfo
  const userinfoResponse = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  const userinfoText = await userinfoResponse.text();
  check(t('userinfo answers application/jwt'), userinfoResponse.status === 200
    && /^application\/jwt/.test(userinfoResponse.headers.get('content-type') ?? ''),
  `${userinfoResponse.status} ${userinfoResponse.headers.get('content-type')} ${userinfoText.slice(0, 200)}`);
  const userinfo = verifyJwt(userinfoText.includes('.') ? userinfoText : '..', jwks);
  check(t(`userinfo header alg = ${alg}, signature valid by kid`), userinfo.header.alg === alg && userinfo.valid,
    JSON.stringify(userinfo.header));
  const info = userinfo.payload;
  check(t('userinfo: sub = id_token sub, iss, aud, exp'), info.sub === claims.sub && info.iss === issuer
    && info.aud === CLIENT_ID && Number.isInteger(info.exp) && info.exp > Date.now() / 1000, JSON.stringify(info));
  check(t('userinfo: the claims typed at login'),
    info.email === LOGIN.email && info.given_name === LOGIN.given_name && info.usual_name === LOGIN.usual_name
    && info.siret === LOGIN.siret && info.siren === '130025265' && info.organization_label === LOGIN.organization_label
    && info.uid === claims.sub && info.idp_id === 'fia1v2' && JSON.stringify(info.roles) === '[]'
    && info.phone_number === '' && JSON.stringify(info.custom) === '{}', JSON.stringify(info));
  const badBearer = await fetch(discovery.userinfo_endpoint, { headers: { authorization: 'Bearer nope' } });
  check(t('userinfo refuses an unknown access token'), badBearer.status === 401);

  // Refresh
  const refreshed = await tokenRequest(discovery, {
    grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
  });
  check(t('refresh_token grant with client_secret_post'), refreshed.status === 200 && Boolean((await refreshed.json()).access_token));

  // A code works once; replaying it revokes what it gave.
  const replay = await tokenRequest(discovery, { ...tokenBody, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  check(t('a code works once: invalid_grant on reuse'), replay.status === 400 && (await replay.json()).error === 'invalid_grant');
  const revoked = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  check(t('replaying a code revokes its access token'), revoked.status === 401);

  // Same browser, new authorization: the session is reused, no login page.
  const againState = random(32);
  const again = await browser.follow(authorizeUrl(discovery, env, {
    state: againState, nonce: random(32), challenge: pkcePair().challenge,
  }), origin);
  const againUrl = again.location ? new URL(again.location) : null;
  check(t('second authorize in the same session goes straight back with a code'),
    again.location?.startsWith(env.OIDC_REDIRECT_URI) && Boolean(againUrl.searchParams.get('code'))
    && againUrl.searchParams.get('state') === againState, `${again.status} ${again.location}`);

  // RP-initiated logout
  const logoutState = random(32);
  const logoutUrl = new URL(discovery.end_session_endpoint);
  logoutUrl.search = new URLSearchParams({
    id_token_hint: tokens.id_token, state: logoutState, post_logout_redirect_uri: env.OIDC_POST_LOGOUT_REDIRECT_URI,
  }).toString();
  const logoutPage = await browser.fetch(logoutUrl.href);
  check(t('logout page « Déconnexion » with its form and « Se déconnecter »'),
    logoutPage.status === 200 && logoutPage.text.includes('<title>Déconnexion</title>')
    && logoutPage.text.includes('id="op.logoutForm"') && logoutPage.text.includes('>Se déconnecter</button>')
    && !/<script/i.test(logoutPage.text), `${logoutPage.status} ${logoutPage.text.slice(0, 300)}`);
  const loggedOut = await browser.fetch(new URL(formAction(logoutPage.text), issuer).href, {
    method: 'POST', form: { xsrf: hidden(logoutPage.text, 'xsrf'), logout: 'yes' },
  });
  const back = loggedOut.location ? new URL(loggedOut.location) : null;
  check(t('logout comes back to post_logout_redirect_uri with the same state'),
    back && `${back.origin}${back.pathname}` === env.OIDC_POST_LOGOUT_REDIRECT_URI && back.searchParams.get('state') === logoutState,
    `${loggedOut.status} ${loggedOut.location}`);
  const silent = await browser.follow(authorizeUrl(discovery, env, {
    state: random(32), nonce: random(32), challenge: pkcePair().challenge, extra: { prompt: 'none' },
  }), origin);
  check(t('after logout the provider session is gone: prompt=none gives login_required'),
    silent.location && new URL(silent.location).searchParams.get('error') === 'login_required', silent.location);
  const badLogout = await browser.fetch(`${discovery.end_session_endpoint}?${new URLSearchParams({
    id_token_hint: tokens.id_token, state: logoutState, post_logout_redirect_uri: 'http://127.0.0.1:9/elsewhere',
  })}`);
  check(t('logout refuses an unregistered post_logout_redirect_uri'), badLogout.status === 400 && !badLogout.location);

  // « Refuser »
  const refuser = new Browser();
  const refused = await logIn(refuser, discovery, env, issuer, { form: { ...LOGIN, action: 'refuse' } });
  check(t('« Refuser » gives error=access_denied with state and iss'),
    refused.callback?.searchParams.get('error') === 'access_denied' && refused.callback.searchParams.get('state') === refused.state
    && refused.callback.searchParams.get('iss') === issuer, refused.callback?.href);

  // Level chosen on the login page is returned as is (the client must check acr itself).
  const eidas2 = await logIn(new Browser(), discovery, env, issuer, { form: { ...LOGIN, acr: 'eidas2' } });
  const eidas2Tokens = await (await tokenRequest(discovery, {
    grant_type: 'authorization_code', code: eidas2.callback?.searchParams.get('code'), redirect_uri: env.OIDC_REDIRECT_URI,
    code_verifier: eidas2.verifier, client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
  })).json();
  check(t('choosing eidas2 when eidas1 was asked gives acr=eidas2 in the id_token'),
    verifyJwt(eidas2Tokens.id_token ?? '..', jwks).payload.acr === 'eidas2', JSON.stringify(eidas2Tokens));

  // PKCE is optional for this confidential client; acr and amr come without the claims parameter too.
  const plain = await logIn(new Browser(), discovery, env, issuer, { extra: { code_challenge: null, code_challenge_method: null, claims: null } });
  const plainResponse = await tokenRequest(discovery, {
    grant_type: 'authorization_code', code: plain.callback?.searchParams.get('code'), redirect_uri: env.OIDC_REDIRECT_URI,
    client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
  });
  const plainTokens = await plainResponse.json();
  const plainClaims = plainResponse.status === 200 ? verifyJwt(plainTokens.id_token, jwks).payload : {};
  check(t('without PKCE nor claims parameter: tokens, with acr and amr in the id_token'),
    plainResponse.status === 200 && plainClaims.acr === 'eidas1' && JSON.stringify(plainClaims.amr) === '["pwd"]',
    JSON.stringify(plainTokens));

  // login_hint and siret_hint prefill the form
  const hinted = await new Browser().follow(authorizeUrl(discovery, env, {
    state: random(32), nonce: random(32), challenge: pkcePair().challenge,
    extra: { login_hint: 'hint@test.proconnect.example', siret_hint: '21750001600019', idp_hint: 'fia1v2' },
  }), origin);
  check(t('login_hint and siret_hint prefill the login form'), hinted.status === 200
    && hinted.text.includes('value="hint@test.proconnect.example"') && hinted.text.includes('value="21750001600019"'));

  // ProConnect's own refusals on /authorize
  const short = await new Browser().fetch(authorizeUrl(discovery, env, { state: random(32), nonce: 'tooShort', challenge }));
  check(t('a nonce under 32 characters is refused (Y000400)'), short.status === 400 && short.text.includes('Y000400') && !short.location);
  const shortState = await new Browser().fetch(authorizeUrl(discovery, env, { state: 'abc', nonce: random(32), challenge }));
  check(t('a state under 32 characters is refused (Y000400)'), shortState.status === 400 && shortState.text.includes('Y000400'));
  const extraParam = await new Browser().fetch(authorizeUrl(discovery, env, {
    state: random(32), nonce: random(32), challenge, extra: { max_age: '0' },
  }));
  check(t('an unknown parameter (max_age) is refused (Y000400)'), extraParam.status === 400 && extraParam.text.includes('Y000400'));
  const wrongRedirect = await new Browser().fetch(authorizeUrl(discovery, env, {
    state: random(32), nonce: random(32), challenge, extra: { redirect_uri: `${env.OIDC_REDIRECT_URI}/` },
  }));
  check(t('redirect_uri must match exactly (a trailing slash counts)'), wrongRedirect.status === 400 && !wrongRedirect.location);

  check(t('one log line per request and the ready line'),
    /^ready http:\/\/127\.0\.0\.1:\d+\/api\/v2$/m.test(provider.log.join(''))
    && /^GET \/api\/v2\/authorize$/m.test(provider.log.join('')) && /^POST \/api\/v2\/token$/m.test(provider.log.join('')));
}

// ---------------------------------------------------------------------------------------------------
// The same login and logout in Chromium, JavaScript on and off
// ---------------------------------------------------------------------------------------------------

async function runBrowserChecks(alg, provider) {
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

// ---------------------------------------------------------------------------------------------------

const rp = await startRelyingParty();
try {
  for (const alg of ['RS256', 'ES256']) {
    let provider;
    try {
      provider = await startProvider(alg, rp.port);
      check(`[${alg}] provider prints ready with an issuer under /api/v2`, provider.issuer.endsWith('/api/v2'), provider.issuer);
      await runFetchChecks(alg, provider);
      await runBrowserChecks(alg, provider);
    } catch (err) {
      check(`[${alg}] run`, false, err.stack);
    } finally {
      await provider?.stop();
    }
  }
} finally {
  await rp.close();
}

console.log(`${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
