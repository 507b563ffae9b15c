// Notifications by mail, end to end, through a real SMTP server on loopback: a vendor follows a
// solution from its tag page; another member starts a thread with that tag and replies; the mails
// that arrive (headers, threading, text, links); the unsubscribe link, followed without signing
// in; the next thread sends the vendor nothing. Then the in-app list and its unread count.
// JavaScript on and off.
import assert from 'node:assert/strict';
import {
  scenario, visit, press, header, signUp, startThread, threadSpec, reply, pathOf, eventually, BASE_URL,
} from './support.mjs';
import { linkIn, mailsTo } from './mail.mjs';
import { follow } from './steps.mjs';

/** The mail of kind `event` (X-Jonction-Event) about the thread `title`, once it has arrived. */
async function mailAbout(address, event, title) {
  return eventually(async () => {
    const found = (await mailsTo(address)).find((m) => m.header('X-Jonction-Event') === event && m.header('Subject').includes(title));
    assert.ok(found, `no ${event} mail about « ${title} » to ${address} yet`);
    return found;
  }, 30_000);
}

scenario('a vendor follows a solution, reads its mails and unsubscribes from one', async ({ page, newPage, shot }) => {
  const vendor = await signUp(page);
  await follow(page, 'geoserver', 'Suivre cette solution', 'watching');
  const followers = Number(await page.locator('[data-subscribers]').getAttribute('data-subscribers'));
  assert.ok(followers >= 1, 'the tag page counts its followers');
  await shot('following');

  const other = await newPage();
  const author = await signUp(other);
  const spec = threadSpec();
  const thread = await startThread(other, spec);

  const first = await mailAbout(vendor.email, 'new_thread', spec.title);
  assert.equal(first.header('Subject'), `[Jonction] ${spec.title}`);
  assert.match(first.header('Message-ID'), /^<post-\d+@127\.0\.0\.1>$/);
  assert.match(first.header('List-Id'), /^Jonction <jonction\.127\.0\.0\.1>$/);
  assert.equal(first.header('List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  assert.match(first.header('List-Unsubscribe'), /^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[\w.-]+>$/);
  assert.match(first.header('X-Jonction-Solutions'), /\bgeoserver\b/);
  assert.match(first.header('X-Jonction-Standards'), /\bwfs\b/);
  assert.match(first.header('From'), new RegExp(`${author.name} via Jonction`));
  assert.ok(first.text.includes('la réponse contient **toutes** les entités'), 'the post, as its Markdown');
  assert.ok(first.text.includes(author.organisation), 'the author’s organisation');
  assert.ok(first.html.includes('<strong>toutes</strong>'), 'the post, as sanitised HTML');
  assert.equal(new URL(linkIn(first, '/t/')).pathname, thread.path, 'a link to the thread');

  // A reply threads under the first mail.
  await reply(other, `Précision sur ${spec.token}`);
  const second = await mailAbout(vendor.email, 'reply', spec.title);
  assert.equal(second.header('Subject'), `Re: [Jonction] ${spec.title}`);
  assert.equal(second.header('In-Reply-To'), first.header('Message-ID'));
  assert.ok(second.header('References').includes(first.header('Message-ID')));
  assert.ok(second.text.includes(`Précision sur ${spec.token}`));

  // The unsubscribe link, in a browser that is not signed in: a confirmation, then it is done.
  const stranger = await newPage();
  await stranger.goto(linkIn(first, '/unsubscribe/'));
  const what = await stranger.locator('[data-unsubscribe-what]').getAttribute('data-unsubscribe-what');
  assert.match(what, /la solution GeoServer/);
  await press(stranger.getByRole('button', { name: 'Me désabonner', exact: true }));
  assert.match(await stranger.locator('[data-unsubscribed]').innerText(), /la solution GeoServer/);
  await shot('unsubscribed', stranger);

  // The next thread: a witness who follows GeoServer receives it; the vendor receives nothing.
  const witnessPage = await newPage();
  const witness = await signUp(witnessPage);
  await follow(witnessPage, 'geoserver', 'Suivre cette solution', 'new_threads');
  const next = await startThread(other, threadSpec());
  await mailAbout(witness.email, 'new_thread', next.title);
  const toVendor = (await mailsTo(vendor.email)).filter((m) => m.header('Subject').includes(next.title));
  assert.deepEqual(toVendor, [], 'no mail after unsubscribing');
});

scenario('in-app notifications: the unread count in the header, the list, mark as read', async ({ page, newPage }) => {
  await signUp(page);
  await follow(page, 'qgis', 'Suivre cette solution', 'new_threads');
  const other = await newPage();
  await signUp(other);
  const spec = await startThread(other, threadSpec());
  await eventually(async () => {
    await visit(page, '/');
    const unread = Number(await header(page).locator('[data-unread]').getAttribute('data-unread'));
    assert.ok(unread >= 1, 'the header counts the unread notification');
  }, 30_000);
  await press(header(page).locator('[data-unread]'));
  assert.equal(pathOf(page), '/notifications');
  const item = page.locator('[data-notification][data-unread="true"]').filter({ hasText: spec.title });
  await item.getByRole('button', { name: 'Marquer comme lu', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/notifications');
  await page.locator('[data-notification][data-unread="false"]').filter({ hasText: spec.title }).waitFor();
  assert.equal(new URL(BASE_URL).origin, new URL(page.url()).origin);
});
