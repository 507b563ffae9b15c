// Steps shared by several scenarios, beyond support.mjs's: following a tag from its page, and
// the local ProConnect-like provider's login form (end2end/oidc).
import assert from 'node:assert/strict';
import { visit, press, field, pathOf } from './support.mjs';

/** Follows a tag at `level` (the option's value) from its page. */
export async function follow(page, slug, label, level) {
  await visit(page, `/tags/${slug}`);
  await field(page, label).selectOption(level);
  await press(page.getByRole('button', { name: 'Enregistrer', exact: true }));
  assert.equal(pathOf(page), `/tags/${slug}`);
  assert.equal(await page.locator('#subscription-level').getAttribute('data-level'), level);
}

/** On the provider's login page: the agent `token` names (e-mail, names, organisation), not yet submitted;
 * returns the name the forum will show. */
export async function fillProviderLogin(page, token, organisation = 'Préfecture de la Creuse') {
  await field(page, 'Adresse électronique').fill(`agent-${token}@test.proconnect.example`);
  await field(page, 'Prénom(s)').fill('Camille');
  await field(page, 'Nom d’usage').fill(`Dupont-${token}`);
  await field(page, 'Organisation').fill(organisation);
  return `Camille Dupont-${token}`;
}
