// The test provider's configuration (environment, see README.md), ProConnect's scopes and the
// parameters it accepts, the signing keys and the login policy.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { interactionPolicy } from 'oidc-provider';

const env = (name, fallback) => {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
};

export const PORT = Number(env('OIDC_PORT', '4000'));
export const PREFIX = '/api/v2';
export const ISSUER = `http://127.0.0.1:${PORT}${PREFIX}`;
export const CLIENT_ID = env('OIDC_CLIENT_ID', 'jonction');
export const CLIENT_SECRET = env('OIDC_CLIENT_SECRET', 'jonction-secret-de-test-pas-pour-la-production');
export const REDIRECT_URI = env('OIDC_REDIRECT_URI', 'http://127.0.0.1:3000/auth/proconnect/callback');
export const POST_LOGOUT_REDIRECT_URI = env('OIDC_POST_LOGOUT_REDIRECT_URI', 'http://127.0.0.1:3000/auth/proconnect/logged-out');
export const ALG = env('OIDC_ALG', 'RS256');
export const DEFAULT_EMAIL = env('OIDC_DEFAULT_EMAIL', 'agent@test.proconnect.example');

if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535) {
  throw new Error(`OIDC_PORT must be a TCP port, not ${JSON.stringify(process.env.OIDC_PORT)}`);
}
if (ALG !== 'RS256' && ALG !== 'ES256') {
  throw new Error(`OIDC_ALG must be RS256 or ES256, not ${JSON.stringify(ALG)}`);
}

export const ACR_VALUES = ['eidas1', 'eidas2', 'eidas3'];

// ProConnect's scopes, each giving its claim(s).
export const SCOPE_CLAIMS = {
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
export const SCOPES = ['openid', ...Object.keys(SCOPE_CLAIMS)];

// The only parameters ProConnect accepts on /authorize; any other one is refused (error Y000400).
export const AUTHORIZE_PARAMS = new Set([
  'response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'claims', 'prompt',
  'idp_hint', 'login_hint', 'siret_hint', 'acr_values', 'code_challenge', 'code_challenge_method',
]);
export const MIN_STATE_NONCE_LENGTH = 32;

// Two signing keys made at start, both published on the JWKS endpoint; the client's OIDC_ALG picks one.
function signingKey(type, options, alg) {
  const { privateKey } = generateKeyPairSync(type, options);
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: `test-${alg.toLowerCase()}-${randomBytes(6).toString('hex')}`, use: 'sig', alg };
}
export const JWKS = {
  keys: [
    signingKey('rsa', { modulusLength: 2048 }, 'RS256'),
    signingKey('ec', { namedCurve: 'P-256' }, 'ES256'),
  ],
};

// oidc-provider's login prompt asks for a new login when the session's level is not among the essential
// `acr` values requested. ProConnect returns the level actually obtained and the client must check `acr`
// itself, so the level chosen on the login page is returned as it is: those two checks are removed.
export const policy = interactionPolicy.base();
policy.get('login').checks.remove('essential_acrs');
policy.get('login').checks.remove('essential_acr');
