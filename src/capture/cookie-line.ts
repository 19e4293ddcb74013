/**
 * A cookie line split as Chromium's ParsedCookie splits it (net/cookies/parsed_cookie.cc): which
 * lines are cookies at all, the name and value, and each attribute's last value. Where Chromium and
 * RFC 6265 disagree, Chromium wins: the audit reports what the browser did.
 */

/** Chromium: name and value together at most 4096 bytes, each attribute value at most 1024. */
const MAX_NAME_AND_VALUE_BYTES = 4096;
const MAX_ATTRIBUTE_VALUE_BYTES = 1024;
/** Control characters (TAB included, as Chromium's HttpUtil::IsControlChar) refuse the whole line. */
const CONTROL = /[\x00-\x1f\x7f]/;
const WHITESPACE = /^[ \t]+|[ \t]+$/g;

export interface CookieLine {
  name: string;
  value: string;
  /** Lower-cased attribute name → the value of its last occurrence (Chromium keeps the last). */
  attributes: Map<string, string>;
}

/**
 * The line as Chromium parses it, or null when Chromium stores nothing: an empty name and value
 * (refused as NoCookieContent), a control character anywhere (DisallowedCharacter), a name and value
 * over 4096 bytes, or an empty name whose value holds '=' (`=a=bar`: dropped without a word, since
 * the Cookie header it would send reads as a cookie named `a`).
 */
export function parseCookieLine(text: string): CookieLine | null {
  const line = text.split(/[\r\n\0]/, 1)[0];
  const [first, ...rest] = line.split(';');
  const equals = first.indexOf('=');
  // No '=' in the first pair: the whole of it is a value with an empty name (as Firefox and IE).
  const name = equals < 0 ? '' : trim(first.slice(0, equals));
  const value = trim(equals < 0 ? first : first.slice(equals + 1));
  if (name === '' && (value === '' || value.includes('='))) return null;
  if (CONTROL.test(name) || CONTROL.test(value) || byteLength(name) + byteLength(value) > MAX_NAME_AND_VALUE_BYTES) return null;
  const attributes = new Map<string, string>();
  for (const pair of rest) {
    const at = pair.indexOf('=');
    const key = trim(at < 0 ? pair : pair.slice(0, at)).replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
    const attributeValue = at < 0 ? '' : trim(pair.slice(at + 1));
    if (CONTROL.test(key) || CONTROL.test(attributeValue)) return null;
    if (key === '' && at < 0) continue;
    // An over-long attribute value is ignored, not the cookie.
    if (byteLength(attributeValue) > MAX_ATTRIBUTE_VALUE_BYTES) continue;
    attributes.set(key, attributeValue);
  }
  return { name, value, attributes };
}

/**
 * A Max-Age value as Chromium reads it (base::StringToInt64, saturating): an optional sign and
 * digits only; anything else (`1.5`, `0x10`, empty) is no Max-Age at all, so Expires decides.
 */
export function parseMaxAge(text: string): number | null {
  return /^[+-]?\d+$/.test(text) ? Number(text) : null;
}

/**
 * Header text as the server sent it. Playwright and the DevTools protocol hand Set-Cookie over
 * decoded byte by byte as "Latin-1"; Chromium keeps the bytes and shows names and values as UTF-8 with
 * invalid sequences left out (measured: `n\xff=1` is stored as `n`, a lone `\xe9` vanishes).
 */
export function headerText(byteDecoded: string): string {
  const bytes = headerBytes(byteDecoded);
  return bytes ? decodeUtf8DroppingInvalid(bytes) : byteDecoded;
}

/**
 * "Latin-1" here is windows-1252, as in the Web's encoding standard (measured: the bytes E6 98 A5
 * arrive as "æ˜¥"), so 0x80–0x9F come back from their windows-1252 characters. Null when a character
 * has no byte: the text was never byte-decoded and is already what was sent.
 */
function headerBytes(byteDecoded: string): Buffer | null {
  const bytes = Buffer.alloc(byteDecoded.length);
  for (let index = 0; index < byteDecoded.length; index++) {
    const code = byteDecoded.charCodeAt(index);
    const byte = code <= 0xff ? code : WINDOWS_1252_HIGH.get(code);
    if (byte === undefined) return null;
    bytes[index] = byte;
  }
  return bytes;
}

/**
 * Bytes 0x80–0x9F as windows-1252 decodes them (the five it leaves undefined decode to themselves).
 * Written out: Node's TextDecoder('windows-1252') decodes as ISO-8859-1.
 */
const WINDOWS_1252_HIGH = new Map<number, number>([...'\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'].map((character, offset) => [character.charCodeAt(0), 0x80 + offset]));

function decodeUtf8DroppingInvalid(bytes: Buffer): string {
  let text = '';
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes, index);
    if (length === 0) index++;
    else {
      text += bytes.toString('utf8', index, index + length);
      index += length;
    }
  }
  return text;
}

/** The length of the well-formed UTF-8 sequence at `index`, or 0 when none starts there. */
function sequenceLength(bytes: Buffer, index: number): number {
  const lead = bytes[index];
  if (lead < 0x80) return 1;
  const [length, low, high] =
    lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
    : lead === 0xe0 ? [3, 0xa0, 0xbf]
    : lead === 0xed ? [3, 0x80, 0x9f]
    : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
    : lead === 0xf0 ? [4, 0x90, 0xbf]
    : lead === 0xf4 ? [4, 0x80, 0x8f]
    : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
    : [0, 0, 0];
  if (length === 0 || index + length > bytes.length) return 0;
  if (bytes[index + 1] < low || bytes[index + 1] > high) return 0;
  for (let next = index + 2; next < index + length; next++) if (bytes[next] < 0x80 || bytes[next] > 0xbf) return 0;
  return length;
}

function trim(text: string): string {
  return text.replace(WHITESPACE, '');
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
