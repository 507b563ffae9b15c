// Small utilities on text and time.
import { ACTION_TIMEOUT_MS } from './config.mjs';

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function slugify(text) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A name or label that begins with `text` (e.g. "Mot de passe" matches "Mot de passe (12 caractères
 * au moins)" but neither "Confirmer le mot de passe" nor "Solution 1" → "Solution 10"). */
export function startsWith(text) {
  return new RegExp(`^\\s*${escapeRegExp(text)}(?![\\p{L}\\p{N}])`, 'u');
}

/** `text` as a whole word or phrase ("Résolu" does not match "Résolution", "Ouvert" not "ouverts"). */
export function word(text) {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(text)}(?![\\p{L}\\p{N}])`, 'u');
}

/** A short unique token for e-mails, names and texts (letters and digits only: Markdown-safe). */
export function uniqueToken() {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

/** Retries `check` (which throws while the page is not there yet) until it passes or time runs out. */
export async function eventually(check, timeout = ACTION_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}

export function normalizeNewlines(text) {
  return text.replace(/\r\n?/g, '\n').trim();
}
