/**
 * Dates as Chromium reads them in cookies: the Expires attribute (its own lenient parser, not the
 * HTTP date grammar) and the response's Date header (which sets the server's clock Expires is read
 * against).
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Chromium's delimiters for Expires: most ASCII punctuation and the space and tab, but not ':' (it
 * holds hh:mm:ss together). Letters, digits and non-ASCII bytes are token characters.
 */
const DELIMITERS = /[\t !"#$%&'()*+,\-./;<=>?@[\\\]^_`{|}~]+/;

/**
 * An Expires value as Chromium's ParseCookieExpirationTime reads it (net/cookies/cookie_util.cc), in
 * Unix milliseconds, or null when it is not a date (the cookie is then a session cookie).
 *
 * Tokens in any order: the first word starting with a month's three letters; the first hh:mm:ss (one
 * or two digits each); the first number of one or two digits is the day, the next of up to five the
 * year (70–99 → 19xx, 0–69 → 20xx). RFC 6265 differs (it caps years at 1601 and wants the day before
 * the year): Chromium wins, so 5-digit years and years before 1601 are dates here. A date that does
 * not exist (31 April, hour 24) is not a date.
 */
export function parseCookieDate(text: string): number | null {
  let month: number | undefined;
  let time: [number, number, number] | undefined;
  let day: number | undefined;
  let year: number | undefined;
  for (const token of text.split(DELIMITERS)) {
    if (token === '') continue;
    if (!/^[0-9]/.test(token)) {
      if (month === undefined) {
        // ASCII-only case folding, as Chromium's: a non-ASCII letter never matches a month.
        const index = MONTHS.findIndex((name) => new RegExp(`^${name}`, 'i').test(token));
        if (index >= 0) month = index;
      }
    } else if (token.includes(':')) {
      time ??= readTime(token);
    } else if (day === undefined && token.length <= 2) {
      day = leadingNumber(token);
    } else if (year === undefined && token.length <= 5) {
      year = leadingNumber(token);
    }
  }
  if (month === undefined || time === undefined || day === undefined || year === undefined) return null;
  if (year >= 70 && year <= 99) year += 1900;
  else if (year >= 0 && year <= 69) year += 2000;
  return utcInstant(year, month, day, time);
}

/** sscanf("%2u:%2u:%2u"): three numbers of one or two digits joined by colons, at the token's start. */
function readTime(token: string): [number, number, number] | undefined {
  const match = /^(\d{1,2}):(\d{1,2}):(\d{1,2})/.exec(token);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** atoi: the digits the token starts with. */
function leadingNumber(token: string): number {
  return Number(/^\d*/.exec(token)?.[0] || '0');
}

function utcInstant(year: number, month: number, day: number, [hour, minute, second]: [number, number, number]): number | null {
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, 0);
  // JavaScript rolls 31 April over to 1 May; Chromium refuses a date that does not exist.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month) return null;
  return date.getTime();
}

const ZONE = /(?:\b(?:GMT|UTC|UT)|\dZ|[+-]\d{2}:?\d{2})\s*$/i;

/**
 * The response's Date header in Unix milliseconds, or null when it is not a date Chromium would use
 * (it then reckons Expires from the time the response arrived). Chromium reads it leniently
 * (base::Time::FromUTCString): the three HTTP forms (IMF-fixdate, RFC 850, asctime), a numeric zone
 * (+0200), ISO 8601; a date without a zone is UTC. Measured in Chromium 156 for each of these forms.
 */
export function parseHttpDate(text: string | null | undefined): number | null {
  const value = text?.trim();
  if (!value) return null;
  const zoned = ZONE.test(value) ? value : /^\d{4}-\d{2}-\d{2}T/.test(value) ? `${value}Z` : `${value} GMT`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
}
