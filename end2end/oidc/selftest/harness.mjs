// The self-test's harness: the tally of checks, a stand-in for the forum, the provider started as a
// child process, HTTP with a cookie jar, and JWT and authorization-request helpers.
import { spawn } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(dirname(fileURLToPath(import.meta.url))); // end2end/oidc
export const CHROMIUM = process.env.JONCTION_CHROMIUM || '/usr/bin/chromium';
export const CLIENT_ID = 'jonction-selftest';
export const CLIENT_SECRET = 'selftest-secret-0123456789abcdef';

export const tally = { passes: 0, failures: 0 };

export function check(name, ok, detail = '') {
  if (ok) {
    tally.passes += 1;
    console.log(`PASS ${name}`);
  } else {
    tally.failures += 1;
    console.log(`FAIL ${name}${detail ? ` (${detail})` : ''}`);
  }
  return ok;
}

export const random = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const b64json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

export function freePort() {
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
export async function startRelyingParty() {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><title>RP</title><p>retour au service</p>');
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, close: () => new Promise((resolve) => server.close(resolve)) };
}

export async function startProvider(alg, rpPort) {
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

export class Browser {
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

export function verifyJwt(jwt, jwks) {
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

export const pkcePair = () => {
  const verifier = random(48);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

export function authorizeUrl(discovery, env, { state, nonce, challenge, extra = {} }) {
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

export const formAction = (html) => html.match(/<form[^>]*method="post"[^>]*action="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
export const hidden = (html, name) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1];

export const LOGIN = {
  email: 'camille.dupont@test.proconnect.example',
  given_name: 'Camille Marie',
  usual_name: 'Dupont',
  siret: '13002526500013',
  organization_label: 'Direction interministérielle du numérique',
  acr: 'eidas1',
  action: 'login',
};

// Authorize, then fill the login form: returns the callback URL the browser is sent to.
export async function logIn(browser, discovery, env, issuer, { form = LOGIN, extra } = {}) {
  const state = random(32);
  const nonce = random(32);
  const { verifier, challenge } = pkcePair();
  const origin = new URL(issuer).origin;
  const loginPage = await browser.follow(authorizeUrl(discovery, env, { state, nonce, challenge, extra }), origin);
  const action = formAction(loginPage.text);
  const callback = await browser.follow(new URL(action, issuer).href, origin, { method: 'POST', form });
  return { state, nonce, verifier, loginPage, callback: callback.location ? new URL(callback.location) : null };
}

export const tokenRequest = (discovery, body, headers = {}) => fetch(discovery.token_endpoint, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body).toString(),
});

