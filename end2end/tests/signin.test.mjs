// Sign-in and sign-out: header button, wrong password (401), right password, sign-out for real.
import assert from 'node:assert/strict';
import {
  scenario, visit, press, header, field, signUp, signOut, expectSignedIn, expectSignedOut,
  expectRefusal, pathOf,
} from './support.mjs';

scenario('sign-in and sign-out', async ({ page, shot }) => {
  const user = await signUp(page);
  await signOut(page);

  await press(header(page).getByRole('link', { name: 'Se connecter', exact: true }));
  assert.equal(pathOf(page), '/login');

  // A wrong password: 401, one message that does not tell which of the two was wrong, e-mail kept.
  await field(page, 'Adresse électronique').fill(user.email);
  await field(page, 'Mot de passe').fill(`${user.password}-faux`);
  await expectRefusal(page, { status: 401, message: 'Adresse électronique ou mot de passe incorrect.' }, () =>
    press(page.getByRole('button', { name: 'Se connecter', exact: true })),
  );
  assert.equal(await field(page, 'Adresse électronique').inputValue(), user.email);
  await expectSignedOut(page);
  await shot('wrong-password');

  // The right password signs the member in.
  await field(page, 'Mot de passe').fill(user.password);
  await press(page.getByRole('button', { name: 'Se connecter', exact: true }));
  await expectSignedIn(page, user);
  await shot('signed-in');

  // "Se déconnecter" really ends the session: /new now sends the visitor to /login.
  await signOut(page);
  await visit(page, '/new');
  assert.equal(pathOf(page), '/login');
});
