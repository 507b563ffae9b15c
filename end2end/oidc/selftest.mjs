// Self-test of the ProConnect-like test provider, without the forum: `node selftest.mjs`.
//
// For each of RS256 and ES256 it starts provider.mjs as a child process on a free port and runs the
// code flow with plain fetch and a hand-kept cookie jar: discovery, authorize, the login form, the
// callback (code, state, iss), the token endpoint (client_secret_post accepted, HTTP Basic refused),
// the ID token and the signed userinfo (alg, signature by kid, claims), refresh, the « Refuser » path,
// ProConnect's own checks on /authorize, and RP-initiated logout. Then, when playwright-core (from
// ../node_modules) and Chromium are there, the same login and logout are clicked in a real browser,
// with JavaScript on and off. Prints PASS/FAIL per check and exits non-zero on any failure.

import { runBrowserChecks } from './selftest/browser-checks.mjs';
import { runFetchChecks } from './selftest/fetch-checks.mjs';
import { check, startProvider, startRelyingParty, tally } from './selftest/harness.mjs';

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

console.log(`${tally.passes} passed, ${tally.failures} failed`);
process.exit(tally.failures === 0 ? 0 : 1);
