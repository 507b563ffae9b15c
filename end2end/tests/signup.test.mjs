// Sign-up: a short password (422), success through the link mailed to the address, the member's
// page, then the same e-mail again (the same answer; the owner is mailed).
import assert from 'node:assert/strict';
import {
  scenario, visit, press, header, field, newUser, fillSignUp, expectSignedIn, signOut,
  expectRefusal, submitUnchecked, pathOf, startsWith, eventually,
} from './support.mjs';
import { followMailLink, mailsTo } from './mail.mjs';

/** Submits the filled sign-up form, which the server must refuse with `refusal` (status, message,
 * field); the name and e-mail typed stay in the form. */
async function expectSignUpRefused(page, person, refusal) {
  await expectRefusal(page, refusal, () => submitUnchecked(page.getByRole('button', { name: 'Créer mon compte', exact: true })));
  assert.equal(await field(page, 'Nom affiché').inputValue(), person.name);
  assert.equal(await field(page, 'Adresse électronique').inputValue(), person.email);
}

scenario('sign-up', async ({ page, shot }) => {
  const user = newUser();

  await visit(page, '/');
  await press(header(page).getByRole('link', { name: 'Créer un compte', exact: true }));
  assert.equal(pathOf(page), '/signup');

  // A password shorter than 12 characters is refused, and what was typed is kept.
  await fillSignUp(page, { ...user, password: 'court-123' });
  const tooShort = 'Le mot de passe doit compter au moins 12 caractères.';
  await expectSignUpRefused(page, user, { status: 422, message: tooShort, field: 'password' });
  await shot('password-too-short');

  // With a long enough password the account is created; the link mailed to the address confirms
  // it and signs the member in.
  await field(page, 'Mot de passe').fill(user.password);
  await press(page.getByRole('button', { name: 'Créer mon compte', exact: true }));
  await page.locator('[data-signup-sent]').waitFor();
  await shot('check-your-mail');
  await followMailLink(page, user.email, '/verify/', 'Confirmer mon adresse');
  await page.waitForURL((url) => url.pathname === '/');
  const id = await expectSignedIn(page, user);
  await shot('signed-in-home');

  // The name in the header leads to the member's page.
  await press(header(page).getByRole('link', { name: startsWith(user.name) }));
  assert.equal(pathOf(page), `/u/${id}`);
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), user.name);
  assert.equal((await page.locator('.member-header [data-organisation]').innerText()).trim(), user.organisation);
  for (const heading of ['Fils ouverts par', 'Réponses', 'Résolutions apportées']) {
    await page.getByRole('heading', { name: startsWith(heading) }).first().waitFor();
  }
  await shot('profile');

  // The same e-mail cannot make a second account, and the answer does not tell: the same page as
  // for a new address, and the address's owner receives a mail saying so.
  await signOut(page);
  await visit(page, '/signup');
  const twin = { ...user, name: `${user.name} bis` };
  await fillSignUp(page, twin);
  await press(page.getByRole('button', { name: 'Créer mon compte', exact: true }));
  await page.locator('[data-signup-sent]').waitFor();
  await eventually(async () => {
    const notices = (await mailsTo(user.email)).filter((m) => m.header('X-Jonction-Event') === 'signup_attempt');
    assert.equal(notices.length, 1, 'the owner is told someone tried');
  }, 20_000);
  await shot('duplicate-email');
});
