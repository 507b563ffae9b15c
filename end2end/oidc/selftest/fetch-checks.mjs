// The provider checked with fetch, as a relying party would call it.
import {
  Browser, CLIENT_ID, CLIENT_SECRET, LOGIN, authorizeUrl, check, formAction, hidden, logIn, pkcePair, random,
  tokenRequest, verifyJwt,
} from './harness.mjs';

export async function runFetchChecks(alg, provider) {
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
