/**
 * The messages of inventory validation, written for the person editing the file: what was expected,
 * what was found, and what to write instead (a unit, quotes, the key they probably meant).
 */
import { z } from 'zod';
import { DURATION_HINT, DURATION_PATTERN, parseDuration } from '../model/duration.js';
import { regexSafety } from './regex-safety.js';

const DURATION_REGEX = new RegExp(DURATION_PATTERN);

/** Messages for the generic cases; schemas with their own `error` take precedence. */
export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const key = issue.path?.at(-1);
  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_value':
      if (issue.input === undefined) return `missing required key "${String(key)}"`;
      return issue.code === 'invalid_value'
        ? `expected ${oneOf(issue.values)}, got ${describeValue(issue.input)}`
        : typeMessage(issue.expected, issue.input);
    case 'too_small':
      return issue.origin === 'array' ? 'expected at least one item, got an empty list' : 'must not be empty';
    case 'invalid_format':
      return `expected text matching ${issue.pattern ?? issue.format}, got ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
}

const EXPECTED_WORDS: Record<string, string> = { string: 'text', object: 'a map of keys (key: value)', array: 'a list' };

function typeMessage(expected: string, input: unknown): string {
  const message = `expected ${EXPECTED_WORDS[expected] ?? expected}, got ${describeValue(input)}`;
  const quotable = expected === 'string' && (typeof input === 'number' || typeof input === 'boolean');
  if (quotable) return `${message} (put it in quotes: "${String(input)}")`;
  if (expected === 'array') return `${message}${listHint(input)}`;
  return message;
}

/** How to write the list the author meant. */
function listHint(input: unknown): string {
  if (input === null) return ' (write [] for none)';
  if (typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean') {
    return ` (a list of one is written [${String(input)}], or on the next line as "- ${String(input)}")`;
  }
  return '';
}

export function durationTypeMessage(input: unknown): string {
  if (typeof input !== 'number') return durationTextMessage(input);
  if (input < 0) return `a duration cannot be negative, got the number ${input}: write how long the cookie may live, e.g. "13 months"`;
  const message = `expected ${DURATION_HINT}, got the number ${input} with no unit`;
  return input > 0 && Number.isInteger(input) ? `${message} (did you mean "${input} days"?)` : message;
}

const NEVER_ENDING = /^(?:forever|infinite|infinity|unlimited|permanent|never|illimitée?|permanente?|toujours|∞)$/;

export function durationTextMessage(input: unknown): string {
  const message = `expected ${DURATION_HINT}, got ${describeValue(input)}`;
  if (typeof input !== 'string') return message;
  const lower = input.trim().toLowerCase();
  if (/^-\s*\d|^p-|^p\d*t?-/.test(lower)) {
    return `a duration cannot be negative, got ${describeValue(input)}: write how long the cookie may live, e.g. "13 months"`;
  }
  if (NEVER_ENDING.test(lower)) {
    return `${describeValue(input)} is not a duration: write the longest lifetime the policy announces, e.g. "5 years" (a cookie that never expires has no finite lifetime to audit)`;
  }
  if (lower === 'session') return `"session" is not a duration: declare session cookies with type: session and no maxLifetime`;
  if (lower !== input && DURATION_REGEX.test(lower)) return `${message} (units are lowercase: "${lower}")`;
  const corrected = correctedUnits(lower);
  return corrected ? `${message} (did you mean "${corrected}"?)` : message;
}

const UNIT_SPELLINGS = ['year', 'years', 'month', 'months', 'week', 'weeks', 'day', 'days', 'hour', 'hours', 'minute', 'minutes', 'second', 'seconds'];

/** "5 yeers" → "5 years": every misspelt unit replaced by the closest English one, if that parses. */
function correctedUnits(text: string): string | undefined {
  let changed = false;
  const corrected = text.replace(/(\d+)\s*([a-zà-ÿ]+)/g, (whole, count: string, unit: string) => {
    if (parseDuration(`${count} ${unit}`)) return whole;
    const best = closest(unit, UNIT_SPELLINGS, 2);
    if (!best) return whole;
    changed = true;
    const word = Number(count) === 1 ? best.replace(/s$/, '') : best.replace(/s?$/, 's');
    return `${count} ${word}`;
  });
  return changed && parseDuration(corrected) ? corrected : undefined;
}

export function versionMessage(input: unknown): string {
  if (typeof input === 'number') return `unsupported inventory version ${input}: this cookie-audit reads version 1`;
  return `expected the number 1 (write version: 1, without quotes), got ${describeValue(input)}`;
}

export function purposeMessage(input: unknown): string {
  return `expected a map such as { fr: "…", en: "…" } (fr required), got ${describeValue(input)}`;
}

export function urlMessage(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  return `expected an http or https URL such as "https://www.example.com/", got ${describeValue(input)}`;
}

/** Keys people write for ours, from other tools or from the policy's wording. */
const KEY_SYNONYMS: Record<string, string> = {
  maxage: 'maxLifetime',
  'max-age': 'maxLifetime',
  expires: 'maxLifetime',
  expiry: 'maxLifetime',
  lifetime: 'maxLifetime',
  duration: 'maxLifetime',
  retention: 'maxLifetime',
  glob: 'pattern',
  wildcard: 'pattern',
  regexp: 'regex',
  description: 'purpose',
  finalite: 'purpose',
  finalité: 'purpose',
  domain: 'domains',
  url: 'urls',
  host: 'hosts',
  scenario: 'scenarios',
  cookie: 'cookies',
  site: 'sites',
};

export function unknownKeyMessage(key: string, known: string[]): string {
  const synonym = KEY_SYNONYMS[key.toLowerCase()];
  const suggestion = synonym && known.includes(synonym) ? synonym : closest(key, known);
  if (suggestion) return `unknown key "${key}" (did you mean "${suggestion}"?)`;
  return known.length > 0 ? `unknown key "${key}" (expected one of: ${known.join(', ')})` : `unknown key "${key}"`;
}

/** Describes a value as the YAML author wrote it. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return `the number ${value}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((value) => JSON.stringify(value));
  if (shown.length === 1) return shown[0];
  return `one of ${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

/** Invalid, or able to take exponential time on some names (checked once, at load). */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  const safety = regexSafety(source);
  if (safety === 'exponential') {
    return (
      `${JSON.stringify(source)} can take exponential time on some names (catastrophic backtracking): a repeated part can match ` +
      'the same text in more than one way, as in (a+)+ or (a|aa)*; rewrite it so that each character can be matched only one way, ' +
      'e.g. "^a+$" rather than "^(a+)+$"'
    );
  }
  if (safety === 'too-complex') return `${JSON.stringify(source)} is too complex to check for catastrophic backtracking: simplify it or split it over several entries`;
  return undefined;
}

/** The known word closest to a misspelt one, if it is a plausible typo. */
function closest(key: string, known: string[], most = Math.max(1, Math.floor(key.length / 3))): string | undefined {
  const lower = key.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= most && best.distance < key.length ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
