// A local OpenID Connect provider that behaves like ProConnect, for Jonction's end-to-end tests.
//
// Built on npm `oidc-provider` 8.8.1 (ProConnect itself runs on `oidc-provider` 7.x), mounted under
// /api/v2 like ProConnect, with its client authentication, claims, scopes, signed userinfo, `iss` on the
// authorization response, RP-initiated logout, and a plain French login page (no JavaScript needed).
// Everything is kept in memory: restarting the provider forgets sessions, codes, tokens and accounts.
//
// Configuration (environment): OIDC_PORT (4000), OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI,
// OIDC_POST_LOGOUT_REDIRECT_URI, OIDC_ALG (RS256 | ES256), OIDC_DEFAULT_EMAIL. See README.md.

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';

import Provider, { errors, interactionPolicy } from 'oidc-provider';

// ---------------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------------

const env = (name, fallback) => {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
};

const PORT = Number(env('OIDC_PORT', '4000'));
const PREFIX = '/api/v2';
const ISSUER = `http://127.0.0.1:${PORT}${PREFIX}`;
const CLIENT_ID = env('OIDC_CLIENT_ID', 'jonction');
const CLIENT_SECRET = env('OIDC_CLIENT_SECRET', 'jonction-secret-de-test-pas-pour-la-production');
const REDIRECT_URI = env('OIDC_REDIRECT_URI', 'http://127.0.0.1:3000/auth/proconnect/callback');
const POST_LOGOUT_REDIRECT_URI = env('OIDC_POST_LOGOUT_REDIRECT_URI', 'http://127.0.0.1:3000/auth/proconnect/logged-out');
const ALG = env('OIDC_ALG', 'RS256');
const DEFAULT_EMAIL = env('OIDC_DEFAULT_EMAIL', 'agent@test.proconnect.example');

if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535) {
  throw new Error(`OIDC_PORT must be a TCP port, not ${JSON.stringify(process.env.OIDC_PORT)}`);
}
if (ALG !== 'RS256' && ALG !== 'ES256') {
  throw new Error(`OIDC_ALG must be RS256 or ES256, not ${JSON.stringify(ALG)}`);
}

const ACR_VALUES = ['eidas1', 'eidas2', 'eidas3'];

// ProConnect's scopes, each giving its claim(s).
const SCOPE_CLAIMS = {
  given_name: ['given_name'],
  usual_name: ['usual_name'],
  email: ['email'],
  uid: ['uid'],
  siret: ['siret'],
  siren: ['siren'],
  idp_id: ['idp_id'],
  organization_label: ['organization_label'],
  roles: ['roles'],
  phone: ['phone_number'],
  custom: ['custom'],
};
const SCOPES = ['openid', ...Object.keys(SCOPE_CLAIMS)];

// The only parameters ProConnect accepts on /authorize; any other one is refused (error Y000400).
const AUTHORIZE_PARAMS = new Set([
  'response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'claims', 'prompt',
  'idp_hint', 'login_hint', 'siret_hint', 'acr_values', 'code_challenge', 'code_challenge_method',
]);
const MIN_STATE_NONCE_LENGTH = 32;

// Two signing keys made at start, both published on the JWKS endpoint; the client's OIDC_ALG picks one.
function signingKey(type, options, alg) {
  const { privateKey } = generateKeyPairSync(type, options);
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: `test-${alg.toLowerCase()}-${randomBytes(6).toString('hex')}`, use: 'sig', alg };
}
const JWKS = {
  keys: [
    signingKey('rsa', { modulusLength: 2048 }, 'RS256'),
    signingKey('ec', { namedCurve: 'P-256' }, 'ES256'),
  ],
};

// oidc-provider's login prompt asks for a new login when the session's level is not among the essential
// `acr` values requested. ProConnect returns the level actually obtained and the client must check `acr`
// itself, so the level chosen on the login page is returned as it is: those two checks are removed.
const policy = interactionPolicy.base();
policy.get('login').checks.remove('essential_acrs');
policy.get('login').checks.remove('essential_acr');

// ---------------------------------------------------------------------------------------------------
// Accounts: whatever was typed on the login page, kept in memory, keyed by an id derived from the e-mail
// ---------------------------------------------------------------------------------------------------

const accounts = new Map();

const accountIdFor = (email) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

async function findAccount(ctx, accountId) {
  const stored = accounts.get(accountId);
  if (!stored) return undefined;
  return {
    accountId,
    async claims() {
      return {
        sub: accountId,
        given_name: stored.given_name,
        usual_name: stored.usual_name,
        email: stored.email,
        uid: accountId,
        siret: stored.siret,
        siren: stored.siret.slice(0, 9),
        idp_id: 'fia1v2',
        organization_label: stored.organization_label,
        roles: [],
        phone_number: '',
        custom: {},
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// HTML pages (plain forms, no JavaScript)
// ---------------------------------------------------------------------------------------------------

const escapeHtml = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f6f6f6;color:#161616}
main{max-width:34rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border:1px solid #ddd}
h1{font-size:1.5rem;margin-top:0}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input,select{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #666}
.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.2rem;border:1px solid #000091;background:#000091;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#000091}
.error{border-left:4px solid #ce0500;padding:.5rem 1rem;background:#fff4f4}
code{background:#eee;padding:0 .2rem}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function loginPage({ action, values, error, clientId }) {
  const field = (id, label, type, extra = '') => `<label for="${id}">${label}</label>
<input id="${id}" name="${id}" type="${type}" value="${escapeHtml(values[id])}" required${extra}>`;
  const options = ACR_VALUES.map((acr) => `<option value="${acr}"${acr === values.acr ? ' selected' : ''}>${acr}</option>`).join('');
  return page('Fournisseur d’identité de test', `<h1>Fournisseur d’identité de test</h1>
<p>Ce fournisseur d’identité imite ProConnect pour les tests. Aucun mot de passe n’est demandé&nbsp;:
les informations ci-dessous sont transmises telles quelles au service <code>${escapeHtml(clientId)}</code>.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
${field('email', 'Adresse électronique', 'email', ' autocomplete="email"')}
${field('given_name', 'Prénom(s)', 'text', ' autocomplete="given-name"')}
${field('usual_name', 'Nom d’usage', 'text', ' autocomplete="family-name"')}
${field('siret', 'SIRET', 'text', ' inputmode="numeric" pattern="[0-9]{14}" maxlength="14"')}
${field('organization_label', 'Organisation', 'text', ' autocomplete="organization"')}
<label for="acr">Niveau eIDAS</label>
<select id="acr" name="acr">${options}</select>
<div class="actions">
<button type="submit" name="action" value="login">Se connecter</button>
<button type="submit" name="action" value="refuse" class="secondary" formnovalidate>Refuser</button>
</div>
</form>`);
}

function errorPage(title, message, code) {
  return page(title, `<h1>${escapeHtml(title)}</h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
${code ? `<p>Code d’erreur&nbsp;: <code>${escapeHtml(code)}</code></p>` : ''}`);
}

// ---------------------------------------------------------------------------------------------------
// The provider
// ---------------------------------------------------------------------------------------------------

const provider = new Provider(ISSUER, {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [REDIRECT_URI],
    post_logout_redirect_uris: [POST_LOGOUT_REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: ALG,
    userinfo_signed_response_alg: ALG,
  }],
  clientAuthMethods: ['client_secret_post'], // HTTP Basic is refused, see the check on /token in handle()
  jwks: JWKS,
  responseTypes: ['code'],
  scopes: SCOPES,
  claims: {
    // acr, amr and auth_time ride on the openid scope so that every ID token carries them, asked or not.
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    sid: null,
    iss: null,
    ...SCOPE_CLAIMS,
  },
  acrValues: ACR_VALUES,
  extraParams: ['idp_hint', 'siret_hint'],
  findAccount,
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
    jwtUserinfo: { enabled: true },
    pushedAuthorizationRequests: { enabled: false }, // ProConnect has no PAR endpoint
    // `iss` on the authorization response (RFC 9207, the former issAuthResp feature) is always on in 8.x.
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.type = 'html';
        ctx.body = page('Déconnexion', `<h1>Déconnexion</h1>
<p>Vous allez être déconnecté(e) du fournisseur d’identité de test.</p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter</button>
</div>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.type = 'html';
        ctx.body = page('Déconnexion', '<h1>Déconnexion</h1>\n<p>Vous êtes déconnecté(e).</p>');
      },
    },
  },
  pkce: { methods: ['S256'], required: () => false }, // allowed, not required for this confidential client
  interactions: {
    policy,
    url: (ctx, interaction) => `${PREFIX}/interaction/${interaction.uid}`,
  },
  routes: {
    authorization: '/authorize',
    token: '/token',
    userinfo: '/userinfo',
    jwks: '/jwks',
    end_session: '/session/end',
  },
  cookies: {
    keys: [randomBytes(32).toString('hex')],
    // Plain http on 127.0.0.1: no Secure flag, so no SameSite=None either (browsers refuse that without Secure).
    long: { httpOnly: true, sameSite: 'lax', signed: true },
    short: { httpOnly: true, sameSite: 'lax', signed: true },
  },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: {
    AuthorizationCode: 60,
    AccessToken: 3600,
    IdToken: 3600,
    RefreshToken: 2 * 3600,
    Session: 12 * 3600,
    Grant: 12 * 3600,
    Interaction: 3600,
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = errorPage('Erreur', out.error_description || 'La requête n’a pas pu aboutir.', out.error);
  },
});
provider.proxy = false;

// Like ProConnect, put `sid` in every ID token (oidc-provider only does so for back-channel logout clients).
provider.Client.prototype.includeSid = () => true;

// ---------------------------------------------------------------------------------------------------
// Interactions: the login page, the automatic consent
// ---------------------------------------------------------------------------------------------------

function claimsRequested(params) {
  if (!params.claims) return [];
  try {
    const { id_token: idToken = {}, userinfo = {} } = JSON.parse(params.claims);
    return [...new Set([...Object.keys(idToken ?? {}), ...Object.keys(userinfo ?? {})])];
  } catch {
    return [];
  }
}

function scopesRequested(params) {
  return String(params.scope ?? '').split(' ').filter((scope) => SCOPES.includes(scope));
}

// ProConnect shows no consent screen: grant whatever was asked.
async function grantEverything({ accountId, clientId, grantId, params, details }) {
  const grant = (grantId && await provider.Grant.find(grantId))
    || new provider.Grant({ accountId, clientId });
  grant.addOIDCScope(scopesRequested(params).join(' '));
  grant.addOIDCClaims(claimsRequested(params));
  if (details?.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details?.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  if (details?.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  return grant.save();
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > 64 * 1024) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendHtml(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
}

async function handleInteraction(req, res, uid) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    if (err instanceof errors.SessionNotFound) {
      sendHtml(res, 400, errorPage('Demande expirée',
        'Cette demande de connexion a expiré ou est introuvable. Recommencez depuis le service.'));
      return;
    }
    throw err;
  }
  if (details.uid !== uid) {
    sendHtml(res, 400, errorPage('Demande invalide', 'Cette demande de connexion ne correspond pas à votre navigateur.'));
    return;
  }

  const { prompt, params, session } = details;
  const action = `${PREFIX}/interaction/${uid}`;

  if (prompt.name === 'consent') {
    // Already logged in, new scopes or claims asked: grant them without a click.
    const grantId = await grantEverything({
      accountId: session.accountId,
      clientId: params.client_id,
      grantId: details.grantId,
      params,
      details: prompt.details,
    });
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  if (prompt.name !== 'login') {
    sendHtml(res, 501, errorPage('Erreur', `Étape « ${prompt.name} » non prise en charge.`));
    return;
  }

  const defaults = {
    email: params.login_hint || DEFAULT_EMAIL,
    given_name: 'Camille',
    usual_name: 'Dupont',
    siret: /^\d{14}$/.test(params.siret_hint ?? '') ? params.siret_hint : '13002526500013',
    organization_label: 'Direction interministérielle du numérique',
    acr: 'eidas1',
  };

  if (req.method === 'GET') {
    sendHtml(res, 200, loginPage({ action, values: defaults, clientId: params.client_id }));
    return;
  }
  if (req.method !== 'POST') {
    sendHtml(res, 405, errorPage('Erreur', 'Méthode non prise en charge.'));
    return;
  }

  const form = Object.fromEntries(new URLSearchParams(await readBody(req)));

  if (form.action === 'refuse') {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'L’usager a refusé de se connecter.',
    }, { mergeWithLastSubmission: false });
    return;
  }

  const values = {
    email: String(form.email ?? '').trim(),
    given_name: String(form.given_name ?? '').trim(),
    usual_name: String(form.usual_name ?? '').trim(),
    siret: String(form.siret ?? '').replace(/\s/g, ''),
    organization_label: String(form.organization_label ?? '').trim(),
    acr: String(form.acr ?? ''),
  };
  const problems = [];
  if (!/^[^\s@]+@[^\s@]+$/.test(values.email)) problems.push('L’adresse électronique est invalide.');
  if (!values.given_name) problems.push('Le prénom est obligatoire.');
  if (!values.usual_name) problems.push('Le nom d’usage est obligatoire.');
  if (!/^\d{14}$/.test(values.siret)) problems.push('Le SIRET doit compter 14 chiffres.');
  if (!values.organization_label) problems.push('L’organisation est obligatoire.');
  if (!ACR_VALUES.includes(values.acr)) problems.push('Le niveau eIDAS est invalide.');
  if (problems.length > 0) {
    sendHtml(res, 400, loginPage({
      action, values: { ...defaults, ...values }, error: problems.join(' '), clientId: params.client_id,
    }));
    return;
  }

  const accountId = accountIdFor(values.email);
  accounts.set(accountId, values);
  const grantId = await grantEverything({ accountId, clientId: params.client_id, params });
  await provider.interactionFinished(req, res, {
    login: { accountId, acr: values.acr, amr: ['pwd'], remember: true },
    consent: { grantId },
  }, { mergeWithLastSubmission: false });
}

// ---------------------------------------------------------------------------------------------------
// ProConnect's checks on /authorize that oidc-provider does not make
// ---------------------------------------------------------------------------------------------------

function authorizeProblem(params) {
  const unknown = [...params.keys()].filter((name) => !AUTHORIZE_PARAMS.has(name));
  if (unknown.length > 0) return `Paramètre(s) non accepté(s) : ${unknown.join(', ')}.`;
  for (const name of ['state', 'nonce']) {
    const value = params.get(name);
    if (value === null || value.length < MIN_STATE_NONCE_LENGTH) {
      return `Le paramètre ${name} est obligatoire et doit compter au moins ${MIN_STATE_NONCE_LENGTH} caractères.`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// HTTP server: /api/v2/interaction/* is ours, the rest of /api/v2 goes to oidc-provider
// ---------------------------------------------------------------------------------------------------

const providerCallback = provider.callback();

async function handle(req, res) {
  const url = new URL(req.url, ISSUER);
  console.log(`${req.method} ${url.pathname}`);

  const interaction = url.pathname.match(/^\/api\/v2\/interaction\/([\w-]+)$/);
  if (interaction) {
    await handleInteraction(req, res, interaction[1]);
    return;
  }

  if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) {
    sendHtml(res, 404, errorPage('Page introuvable', `Rien ici : le fournisseur est sous ${PREFIX}.`));
    return;
  }

  if (url.pathname === `${PREFIX}/authorize`) {
    let params = url.searchParams;
    if (req.method === 'POST') {
      const body = await readBody(req);
      req.body = body; // oidc-provider reads an already consumed body from req.body
      params = new URLSearchParams(body);
    }
    const problem = authorizeProblem(params);
    if (problem) {
      sendHtml(res, 400, errorPage('Requête invalide', problem, 'Y000400'));
      return;
    }
  }

  // oidc-provider 8.x takes HTTP Basic and client_secret_post as the same method (its token_auth.js
  // allows both for either), whatever clientAuthMethods says. ProConnect refuses Basic: so do we.
  if (req.method === 'POST' && url.pathname === `${PREFIX}/token` && req.headers.authorization !== undefined) {
    res.writeHead(401, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'www-authenticate': `Basic realm="${ISSUER}", error="invalid_client"`,
    });
    res.end(JSON.stringify({
      error: 'invalid_client',
      error_description: 'client authentication must use client_secret_post (HTTP Basic is not accepted)',
    }));
    return;
  }

  // Mount under /api/v2 the way Express does: oidc-provider reads the prefix from originalUrl.
  req.originalUrl = req.url;
  req.url = req.url.slice(PREFIX.length) || '/';
  if (req.url.startsWith('?')) req.url = `/${req.url}`;
  providerCallback(req, res);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) sendHtml(res, 500, errorPage('Erreur', 'Erreur interne du fournisseur d’identité de test.'));
    else res.end();
  });
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`ready ${ISSUER}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
