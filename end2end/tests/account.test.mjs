// Local accounts through the mail: a password reset from the sign-in page (the same answer for any
// address), its link, the new password. (Sign-up's verification link is followed by every
// scenario's signUp.) JavaScript on and off.
import assert from 'node:assert/strict';
import {
  scenario, visit, press, field, signUp, signOut, signIn, expectSignedIn, pathOf, uniqueToken,
} from './support.mjs';
import { mailsTo, openMailLink } from './mail.mjs';

scenario('password reset through the mail', async ({ page, shot }) => {
  const user = await signUp(page);
  await signOut(page);
  await visit(page, '/login');
  await press(page.getByRole('link', { name: 'Mot de passe oublié ?', exact: true }));
  assert.equal(pathOf(page), '/password/forgot');

  // An address without an account gets the same answer, and no mail.
  const nobody = `personne-${uniqueToken()}@exemple.fr`;
  await field(page, 'Adresse électronique').fill(nobody);
  await press(page.getByRole('button', { name: 'Recevoir un lien', exact: true }));
  await page.locator('[data-reset-sent]').waitFor();
  const sameAnswer = await page.locator('[data-reset-sent]').innerText();

  await visit(page, '/password/forgot');
  await field(page, 'Adresse électronique').fill(user.email);
  await press(page.getByRole('button', { name: 'Recevoir un lien', exact: true }));
  assert.equal(await page.locator('[data-reset-sent]').innerText(), sameAnswer);
  await shot('reset-sent');

  user.password = `Nouveau-cheval-${uniqueToken()}`;
  await openMailLink(page, user.email, '/password/reset/');
  await field(page, 'Nouveau mot de passe').fill(user.password);
  await press(page.getByRole('button', { name: 'Enregistrer le mot de passe', exact: true }));
  await expectSignedIn(page, user);
  assert.deepEqual(await mailsTo(nobody), [], 'no mail to an address without an account');

  await signOut(page);
  await signIn(page, user);
});
