/**
 * Cookie names, domains and URLs come from the sites being audited, which may be hostile: a cookie
 * named "\x1b[2J" would clear the auditor's screen, a bidi override or an invisible character could
 * make one name read as another ("U\u200bID" as "UID"). Every site-controlled string goes through
 * escapeTerminal before reaching a terminal (and, through their own escaping, every other format).
 */

// C0 controls, DEL, C1 controls (U+009B is a one-character CSI), bidi marks/embeddings/overrides/
// isolates (U+061C, the Arabic letter mark, included), the Unicode line and paragraph separators, and
// the invisible characters that make two names look alike: zero-width space, (non-)joiner, word joiner
// and invisible operators, the zero-width no-break space (BOM).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visibleEscape(char: string): string {
  const code = char.charCodeAt(0);
  const hex = code.toString(16).toUpperCase();
  return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/**
 * Replaces control characters with visible escapes ("\x1B", "\n", "\u202E") and keeps ordinary
 * Unicode. With ESC gone, what followed it in an ANSI sequence ("[31m") is plain text.
 */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => NAMED[char] ?? visibleEscape(char));
}
