import { compareText } from './order.js';

/**
 * Name similarity for inventory entries that have a label but no technical name: which observed
 * cookie names look like "Code Opération" (CODE_OP) or "ID du dernier compte" (DERNIER_COMPTE_ID)?
 */

/** Scores below this are not suggested: at least half of the cookie name's words must match. */
export const MIN_SIMILARITY = 0.5;
export const MAX_SUGGESTIONS = 3;
/** A prefix match needs this many characters, so "c" does not match "code". */
const MIN_PREFIX_LENGTH = 2;

// Small words of the policy's languages that say nothing about a cookie's name.
const STOPWORDS = new Set([
  'a', 'au', 'aux', 'ce', 'd', 'dans', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'par',
  'pour', 'sur', 'un', 'une',
  'an', 'and', 'by', 'for', 'in', 'of', 'on', 'the', 'to', 'with',
]);

/**
 * The words of a label or cookie name: accents stripped, camelCase and separators split, lowercase,
 * stopwords dropped. "l'Opération sessionId" → ["operation", "session", "id"].
 */
export function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !STOPWORDS.has(word));
}

function wordsMatch(cookieWord: string, labelWord: string): boolean {
  if (cookieWord === labelWord) return true;
  const [shorter, longer] = cookieWord.length <= labelWord.length ? [cookieWord, labelWord] : [labelWord, cookieWord];
  return shorter.length >= MIN_PREFIX_LENGTH && longer.startsWith(shorter);
}

/** The share (0..1) of the cookie name's words that match a word of the label or its initials. */
export function similarity(cookieName: string, label: string): number {
  const cookieWords = words(cookieName);
  const labelWords = words(label);
  if (cookieWords.length === 0 || labelWords.length === 0) return 0;
  const initials = labelWords.map((word) => word[0]).join('');
  const matched = cookieWords.filter(
    (cookieWord) =>
      (initials.length >= MIN_PREFIX_LENGTH && cookieWord === initials) ||
      labelWords.some((labelWord) => wordsMatch(cookieWord, labelWord)),
  );
  return matched.length / cookieWords.length;
}

/** The cookie names that look most like the label: best score first, then by name; at most three. */
export function suggestNames(label: string, cookieNames: Iterable<string>): string[] {
  return [...new Set(cookieNames)]
    .map((name) => ({ name, score: similarity(name, label) }))
    .filter(({ score }) => score >= MIN_SIMILARITY)
    .sort((a, b) => b.score - a.score || compareText(a.name, b.name))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ name }) => name);
}
