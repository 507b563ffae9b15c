// Replying in a thread: a plain reply, an answer to a given post ("Répondre"), a quote ("Citer"),
// editing one's own post ("Modifier") and deleting it ("Supprimer").
import assert from 'node:assert/strict';
import {
  scenario, press, field, button, link, signUp, startThread, reply, postWithText, postById, postId,
  eventually, uniqueToken,
} from './support.mjs';

scenario('reply, answer, quote, edit and delete', async ({ page, shot }) => {
  const member = await signUp(page);
  await startThread(page);
  const token = uniqueToken();

  // A plain reply appears as a post with its author and rendered Markdown.
  const plainText = `Même constat chez nous ${token}\n\nLe paramètre limit est **ignoré** par la version 2.25.`;
  const plain = await reply(page, plainText);
  assert.equal((await plain.locator('.post__author').innerText()).trim(), member.name);
  await plain.locator('strong', { hasText: 'ignoré' }).waitFor();
  const plainId = await postId(plain);

  // "Répondre" on that post: the new reply says which post it answers, and links to it.
  await press(link(plain, 'Répondre').first());
  const answerText = `Réponse ciblée ${token}`;
  const answer = await reply(page, answerText);
  const inReply = answer.locator('[data-parent]');
  assert.equal(await inReply.getAttribute('data-parent'), plainId, 'the reply names the post it answers');
  assert.equal((await inReply.innerText()).trim(), `En réponse à ${member.name}`);
  assert.equal(await inReply.getByRole('link').getAttribute('href'), `/p/${plainId}`, 'and links to its permanent address (on whichever page it is)');

  // "Citer" on the plain reply prefills the reply box with its text as a Markdown quote.
  await press(link(postById(page, plainId), 'Citer').first());
  const box = field(page, 'Votre réponse');
  const quoted = await eventually(async () => {
    const value = (await box.inputValue()).replace(/\r\n?/g, '\n');
    assert.match(value, new RegExp(`^> .*Même constat chez nous ${token}`, 'm'));
    assert.match(value, /^> .*Le paramètre limit est \*\*ignoré\*\*/m);
    return value;
  });
  const commentText = `Commentaire sur la citation ${token}`;
  await box.fill(`${quoted.trimEnd()}\n\n${commentText}`);
  await press(page.getByRole('button', { name: 'Publier la réponse', exact: true }));
  const quoting = postWithText(page, commentText);
  await quoting.locator('blockquote', { hasText: `Même constat chez nous ${token}` }).waitFor();
  await shot('replies');

  // "Modifier" on one's own post: /p/{id}/edit, then the post shows the new text and "modifié".
  await press(link(postById(page, plainId), 'Modifier').first());
  assert.equal(new URL(page.url()).pathname, `/p/${plainId}/edit`);
  const editor = field(page, 'Message');
  assert.match(await editor.inputValue(), new RegExp(`Même constat chez nous ${token}`));
  const editedText = `Même constat chez nous, corrigé ${token}`;
  await editor.fill(editedText);
  await press(page.getByRole('button', { name: 'Enregistrer', exact: true }));
  await page.waitForURL(/\/t\/[^/]+$/);
  const edited = postById(page, plainId);
  await edited.waitFor();
  assert.equal((await edited.locator('.post-body').innerText()).trim(), editedText);
  assert.equal(await edited.locator('[data-edited]').count(), 1, 'the post says it was edited');
  await shot('edited');

  // "Supprimer" on one's own post: it stays in place, marked deleted, and its text is gone.
  const quotingId = await postId(quoting);
  await press(button(quoting, 'Supprimer').first());
  const deleted = page.locator(`article[data-post="${quotingId}"]`);
  await eventually(async () => {
    assert.equal(await deleted.getAttribute('data-deleted'), '', 'the post is marked deleted');
    assert.equal(await deleted.locator('.post-body').count(), 0, 'no text is shown');
    assert.ok(!(await page.locator('body').innerText()).includes(commentText), 'the text is nowhere on the page');
  });
  await shot('deleted');
});
