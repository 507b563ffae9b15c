// Resolving a thread: another member answers, the thread's author confirms the problem, then marks
// that answer as the resolution; the status becomes "Résolu" and a "Résolution" section at the top
// of the thread quotes the answer.
import assert from 'node:assert/strict';
import {
  scenario, visit, press, field, button, signUp, startThread, reply, postWithText, expectThreadStatus,
  sectionOf, uniqueToken, STATUS_LABELS,
} from './support.mjs';

scenario('resolve a thread', async ({ page: authorPage, newPage, shot }) => {
  await signUp(authorPage);
  const thread = await startThread(authorPage);

  // Another member answers, and sees neither the author's status form nor "Marquer comme résolution".
  const helperPage = await newPage();
  await signUp(helperPage);
  await visit(helperPage, thread.path);
  const answerText = `Ajouter maxFeatures dans la configuration du service ${uniqueToken()}`;
  const answer = await reply(helperPage, answerText);
  assert.equal(await button(answer, 'Marquer comme résolution').count(), 0, 'only the author may mark the resolution');
  assert.equal(await helperPage.getByRole('button', { name: 'Changer le statut', exact: true }).count(), 0);

  // The author has the status form with every status but "Résolu"; "Confirmé" is applied.
  await visit(authorPage, thread.path);
  await expectThreadStatus(authorPage, 'open');
  const statusSelect = field(authorPage, 'Statut');
  const offered = (await statusSelect.locator('option').allTextContents()).map((label) => label.trim());
  for (const label of STATUS_LABELS.filter((label) => label !== 'Résolu')) {
    assert.ok(offered.includes(label), `status option "${label}" missing; offered: ${offered.join(', ')}`);
  }
  assert.equal(await field(authorPage, 'Doublon du fil n°').count(), 1, 'no "Doublon du fil n°" field');
  await statusSelect.selectOption({ label: 'Confirmé' });
  await press(authorPage.getByRole('button', { name: 'Changer le statut', exact: true }));
  await expectThreadStatus(authorPage, 'confirmed');

  // The author marks the other member's answer as the resolution.
  await press(button(postWithText(authorPage, answerText), 'Marquer comme résolution').first());
  await expectThreadStatus(authorPage, 'resolved');
  const resolution = sectionOf(authorPage, 'Résolution');
  assert.equal((await resolution.locator('.post-body').innerText()).trim(), answerText, 'the resolution quotes the answer');
  assert.equal(await resolution.getByLabel('Votre réponse').count(), 0, 'the "Résolution" section should be a section, not the whole thread');
  const resolutionComesFirst = await resolution.evaluate(
    (section, post) => Boolean(section.compareDocumentPosition(post) & Node.DOCUMENT_POSITION_FOLLOWING),
    await postWithText(authorPage, answerText).elementHandle(),
  );
  assert.ok(resolutionComesFirst, 'the "Résolution" section should come before the replies');
  await shot('resolved');
});
