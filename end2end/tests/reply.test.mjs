// Replying in a thread: a plain reply, an answer to a given post ("Répondre"), a quote ("Citer"),
// editing one's own post ("Modifier") and deleting it ("Supprimer").
import assert from 'node:assert/strict';
import {
  scenario, press, field, button, link, signUp, startThread, reply, postWithText, postById, postId,
  eventually, escapeRegExp, uniqueToken, BASE_URL,
} from './support.mjs';

scenario('reply, answer, quote, edit and delete', async ({ page, shot }) => {
  const member = await signUp(page);
  await startThread(page);
  const token = uniqueToken();

  // A plain reply appears as a post with its author and rendered Markdown.
  const plainText = `Même constat chez nous ${token}\n\nLe paramètre limit est **ignoré** par la version 2.25.`;
  const plain = await reply(page, plainText);
  assert.match(await plain.innerText(), new RegExp(escapeRegExp(member.name)));
  await plain.locator('strong', { hasText: 'ignoré' }).waitFor();
  const plainId = await postId(plain);
  const plainAnchor = await plain.getAttribute('id');

  // "Répondre" on that post: the new reply says which post it answers, and links to it.
  await press(link(plain, 'Répondre').first());
  const answerText = `Réponse ciblée ${token}`;
  const answer = await reply(page, answerText);
  assert.match(await answer.innerText(), new RegExp(`En réponse à\\s+${escapeRegExp(member.name)}`));
  const hrefs = await answer.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const pointsAtPlain = (href) => {
    const url = new URL(href, BASE_URL);
    const id = new RegExp(`(?<!\\d)${escapeRegExp(plainId)}$`);
    return id.test(url.hash) || url.pathname === `/p/${plainId}` || (plainAnchor && url.hash === `#${plainAnchor}`);
  };
  assert.ok(hrefs.some(pointsAtPlain), `"En réponse à" should link to post ${plainId}; links: ${hrefs.join(', ')}`);

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
  assert.match(await edited.innerText(), new RegExp(editedText));
  assert.match(await edited.innerText(), /modifié/i);
  await shot('edited');

  // "Supprimer" on one's own post: it stays in place as "Message supprimé." and its text is gone.
  const posts = page.locator('article');
  const index = await quoting.evaluate((post) => [...document.querySelectorAll('article')].indexOf(post));
  await press(button(quoting, 'Supprimer').first());
  await eventually(async () => {
    assert.match(await posts.nth(index).innerText(), /Message supprimé\./);
    assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(commentText));
  });
  await shot('deleted');
});
