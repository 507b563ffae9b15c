// A local OpenID Connect provider that behaves like ProConnect, for Jonction's end-to-end tests.
//
// Built on npm `oidc-provider` 8.8.1 (ProConnect itself runs on `oidc-provider` 7.x), mounted under
// /api/v2 like ProConnect, with its client authentication, claims, scopes, signed userinfo, `iss` on the
// authorization response, RP-initiated logout, and a plain French login page (no JavaScript needed).
// Everything is kept in memory: restarting the provider forgets sessions, codes, tokens and accounts.
//
// Configuration (environment): OIDC_PORT (4000), OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI,
// OIDC_POST_LOGOUT_REDIRECT_URI, OIDC_ALG (RS256 | ES256), OIDC_DEFAULT_EMAIL. See README.md.

import { randomBytes } from 'node:crypto';
import http from 'node:http';

import Provider, { errors } from 'oidc-provider';

import { accountIdFor, accounts, findAccount } from './accounts.mjs';
import {
  ACR_VALUES, ALG, AUTHORIZE_PARAMS, CLIENT_ID, CLIENT_SECRET, DEFAULT_EMAIL, ISSUER, JWKS,
  MIN_STATE_NONCE_LENGTH, PORT, POST_LOGOUT_REDIRECT_URI, PREFIX, REDIRECT_URI, SCOPE_CLAIMS, SCOPES, policy,
} from './config.mjs';
import { errorPage, loginPage, page } from './pages.mjs';

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
