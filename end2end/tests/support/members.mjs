// Members: sign-up (through the verification mail), sign-in, sign-out.
import assert from 'node:assert/strict';
import { followMailLink } from '../mail.mjs';
import { BASE_URL } from './config.mjs';
import { field, header, link, press, visit } from './page.mjs';
import { uniqueToken } from './text.mjs';

export function newUser(overrides = {}) {
  const token = uniqueToken();
  return {
    name: `Camille Essai ${token}`,
    email: `e2e-${token}@exemple.fr`,
    organisation: 'DDT de la Creuse',
    password: `Cheval-agrafe-${token}`,
    ...overrides,
  };
}

export async function fillSignUp(page, user) {
  await field(page, 'Nom affiché').fill(user.name);
  await field(page, 'Adresse électronique').fill(user.email);
  await field(page, 'Organisation').fill(user.organisation ?? '');
  await field(page, 'Mot de passe').fill(user.password);
}

export async function expectSignedIn(page, user) {
  const top = header(page);
  await link(top, user.name).waitFor();
  await top.getByRole('link', { name: 'Nouveau fil', exact: true }).waitFor();
  await top.getByRole('button', { name: 'Se déconnecter', exact: true }).waitFor();
  const href = await link(top, user.name).getAttribute('href');
  const id = new URL(href, BASE_URL).pathname.match(/^\/u\/([^/]+)$/)?.[1];
  assert.ok(id, `the name in the header should link to /u/{id}, not ${href}`);
  return id;
}

export async function expectSignedOut(page) {
  const top = header(page);
  await top.getByRole('link', { name: 'Se connecter', exact: true }).waitFor();
  await top.getByRole('link', { name: 'Créer un compte', exact: true }).waitFor();
  assert.equal(await top.getByRole('button', { name: 'Se déconnecter', exact: true }).count(), 0, 'still signed in');
}

/** Signs a fresh member up through /signup, then follows the link of the mail the forum sent
 * (its page, then « Confirmer mon adresse »); returns the member, signed in, with their id. */
export async function signUp(page, overrides = {}) {
  const user = newUser(overrides);
  await visit(page, '/signup');
  await fillSignUp(page, user);
  await press(page.getByRole('button', { name: 'Créer mon compte', exact: true }));
  await page.locator('[data-signup-sent]').waitFor();
  await followMailLink(page, user.email, '/verify/', 'Confirmer mon adresse');
  await page.waitForURL((url) => url.pathname === '/');
  user.id = await expectSignedIn(page, user);
  return user;
}

export async function signIn(page, user) {
  await visit(page, '/login');
  await field(page, 'Adresse électronique').fill(user.email);
  await field(page, 'Mot de passe').fill(user.password);
  await press(page.getByRole('button', { name: 'Se connecter', exact: true }));
  await expectSignedIn(page, user);
}

export async function signOut(page) {
  await press(header(page).getByRole('button', { name: 'Se déconnecter', exact: true }));
  await expectSignedOut(page);
}

