// Mail, as the SMTP server on loopback received it: scripts/smtp-sink.py writes each message as
// .eml and, beside it, .json with its decoded headers, text and HTML; scripts/e2e.sh starts it,
// points every forum at it and passes its directory here (JONCTION_MAIL_DIR).
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { settle, press } from './support/page.mjs';
import { escapeRegExp, eventually } from './support/text.mjs';

export const MAIL_DIR = process.env.JONCTION_MAIL_DIR || '';

/** Every mail received for `address`, oldest first: { headers: [[name, value]], text, html, header(name) }. */
export async function mailsTo(address) {
  assert.ok(MAIL_DIR, 'JONCTION_MAIL_DIR is not set: run the tests through scripts/e2e.sh, which starts the SMTP server');
  // `.NAME.eml` is a message being written, renamed to `NAME.eml` once whole.
  const names = (await readdir(MAIL_DIR)).filter((n) => n.endsWith('.eml') && !n.startsWith('.')).sort();
  const mails = [];
  for (const name of names) {
    const mail = JSON.parse(await readFile(path.join(MAIL_DIR, name.replace(/\.eml$/, '.json')), 'utf8'));
    mail.header = (wanted) => mail.headers.find(([n]) => n.toLowerCase() === wanted.toLowerCase())?.[1]?.replace(/\s+/g, ' ');
    if (mail.header('X-Sink-Rcpt-To') === address) mails.push(mail);
  }
  return mails;
}

/** Waits for the `count`-th mail to `address` (delivery runs in the background). */
export async function waitForMail(address, count = 1, timeout = 20_000) {
  return eventually(async () => {
    const mails = await mailsTo(address);
    assert.ok(mails.length >= count, `expected ${count} mail(s) to ${address}, got ${mails.length}`);
    return mails[count - 1];
  }, timeout);
}

/** The absolute link to `prefix…` (a path of the forum) in a mail's text. */
export function linkIn(mail, prefix) {
  const found = mail.text.match(new RegExp(`https?://[^\\s/]+${escapeRegExp(prefix)}[^\\s]*`));
  assert.ok(found, `no ${prefix} link in the mail: ${mail.text}`);
  return found[0];
}

/** Opens the `prefix` link of the last mail to `address` that has one. */
export async function openMailLink(page, address, prefix) {
  const mails = await eventually(async () => {
    const all = (await mailsTo(address)).filter((m) => m.text.includes(prefix));
    assert.ok(all.length > 0, `no mail with a ${prefix} link to ${address} yet`);
    return all;
  }, 20_000);
  await page.goto(linkIn(mails[mails.length - 1], prefix));
  await settle(page);
}

/** Opens the `prefix` link of the last mail to `address` and presses its page's `button`. */
export async function followMailLink(page, address, prefix, button) {
  await openMailLink(page, address, prefix);
  await press(page.getByRole('button', { name: button, exact: true }));
}
