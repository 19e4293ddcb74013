/**
 * Durations as the inventory writes them ("1 day", "13 months", "5 years", "400d", "P5Y") and the
 * calendar arithmetic the audit needs: "5 years" means five calendar years after the moment the
 * cookie was set, not 5 × 365 days.
 */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** The text it was parsed from, kept for messages ("5 years"). */
  text: string;
}

type Unit = Exclude<keyof Duration, 'text'>;

const UNIT_WORDS: Record<string, Unit> = {
  y: 'years', yr: 'years', yrs: 'years', year: 'years', years: 'years', an: 'years', ans: 'years',
  mo: 'months', month: 'months', months: 'months', mois: 'months',
  w: 'weeks', week: 'weeks', weeks: 'weeks', semaine: 'weeks', semaines: 'weeks',
  d: 'days', day: 'days', days: 'days', jour: 'days', jours: 'days',
  h: 'hours', hour: 'hours', hours: 'hours', heure: 'hours', heures: 'hours',
  min: 'minutes', minute: 'minutes', minutes: 'minutes',
  s: 'seconds', sec: 'seconds', second: 'seconds', seconds: 'seconds', seconde: 'seconds', secondes: 'seconds',
};

/** The unit words, longest first so that "mois" is not read as "mo". */
const UNIT_ALTERNATIVES = Object.keys(UNIT_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|');
/**
 * What may follow a part of the human form: an optional comma, then an optional "and"/"et". Written so
 * that each character has one way to match (`\s*(?:,\s*)?`, not `\s*,?\s*`): with two ways per part, a
 * long text that fails at its end backtracks exponentially.
 */
const HUMAN_SEPARATOR = `\\s*(?:,\\s*)?(?:and\\s+|et\\s+)?`;
/**
 * One part of the human form, read in turn by parseHumanDuration. It must end where the next part (a
 * digit) or the text ends, as in DURATION_PATTERN: "1 secondet 2 h" is "1 second" and "2 h", not "1 seconde".
 */
const HUMAN_PART = new RegExp(`\\s*(\\d+)\\s*(${UNIT_ALTERNATIVES})${HUMAN_SEPARATOR}(?=\\d|$)`, 'y');
const ISO_PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Accepted forms, for schemas and error messages. */
export const DURATION_HINT =
  'a duration such as "1 day", "13 months", "5 years", "400d", "2 years 6 months" or ISO 8601 "P5Y"';

/** A pattern that accepts exactly what parseDuration accepts (used by the JSON Schema). */
export const DURATION_PATTERN =
  `^(?:P(?!$)(?:\\d+Y)?(?:\\d+M)?(?:\\d+W)?(?:\\d+D)?(?:T(?=\\d)(?:\\d+H)?(?:\\d+M)?(?:\\d+S)?)?` +
  `|\\s*(?:\\d+\\s*(?:${UNIT_ALTERNATIVES})${HUMAN_SEPARATOR})+)$`;

function emptyDuration(text: string): Duration {
  return { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, text };
}

const DURATION_REGEXP = new RegExp(DURATION_PATTERN);

/** Parses a duration; returns null when the text is not one (exactly what DURATION_PATTERN rejects). */
export function parseDuration(text: string): Duration | null {
  if (!DURATION_REGEXP.test(text)) return null;
  const trimmed = text.trim();
  return parseIsoDuration(trimmed) ?? parseHumanDuration(text, trimmed);
}

function parseIsoDuration(text: string): Duration | null {
  const match = ISO_PATTERN.exec(text);
  if (!match) return null;
  const units: Unit[] = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'];
  const duration = emptyDuration(text);
  units.forEach((unit, index) => {
    duration[unit] = Number(match[index + 1] ?? 0);
  });
  return duration;
}

/** Reads the human form part by part, with the grammar of DURATION_PATTERN (which `text` has passed). */
function parseHumanDuration(text: string, trimmed: string): Duration | null {
  const duration = emptyDuration(trimmed);
  HUMAN_PART.lastIndex = 0;
  while (HUMAN_PART.lastIndex < text.length) {
    const match = HUMAN_PART.exec(text);
    if (!match) return null;
    duration[UNIT_WORDS[match[2]]] += Number(match[1]);
  }
  return duration;
}

/**
 * Adds a duration to an instant with calendar arithmetic in UTC. A month added to 31 January lands on
 * the last day of February, as people count.
 */
export function addDuration(instantMs: number, duration: Duration): number {
  const date = new Date(instantMs);
  const totalMonths = date.getUTCMonth() + duration.months + 12 * duration.years;
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = ((totalMonths % 12) + 12) % 12;
  const lastDay = new Date(utc(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  const shifted = utc(
    year,
    month,
    day,
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
  const fixedSeconds =
    ((duration.weeks * 7 + duration.days) * 24 + duration.hours) * 3600 + duration.minutes * 60 + duration.seconds;
  return shifted + fixedSeconds * 1000;
}

/** Date.UTC without its two-digit-year rule (there, years 0–99 mean 1900–1999). */
function utc(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, seconds, ms);
  return date.getTime();
}

/** The length in seconds of a duration counted from a given instant. */
export function durationSecondsFrom(instantMs: number, duration: Duration): number {
  return (addDuration(instantMs, duration) - instantMs) / 1000;
}

const SECONDS_PER_DAY = 86_400;

/**
 * A short human form of a number of seconds, for tables: "400 d", "10 y", "13 mo", "2 h".
 * Years and months are shown only when the number of days is close to a whole count of them.
 */
export function formatSeconds(seconds: number): string {
  const days = seconds / SECONDS_PER_DAY;
  if (days >= 365 && isWhole(days / 365.2425, 0.01)) return `${Math.round(days / 365.2425)} y`;
  if (days >= 28 && days < 400 && isWhole(days / 30.436875, 0.02)) return `${Math.round(days / 30.436875)} mo`;
  if (days >= 1) return `${roundTo(days, days >= 10 ? 0 : 1)} d`;
  if (seconds >= 3600) return `${roundTo(seconds / 3600, 1)} h`;
  if (seconds >= 60) return `${roundTo(seconds / 60, 0)} min`;
  return `${Math.round(seconds)} s`;
}

function isWhole(value: number, tolerance: number): boolean {
  return Math.abs(value - Math.round(value)) <= tolerance;
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

const LONG_UNITS: Record<string, [singular: string, plural: string]> = {
  y: ['year', 'years'],
  mo: ['month', 'months'],
  d: ['day', 'days'],
  h: ['hour', 'hours'],
  min: ['minute', 'minutes'],
  s: ['second', 'seconds'],
};

/**
 * The long form of formatSeconds, for sentences: "10 years", "13 months", "400 days", "1 hour".
 * Built on formatSeconds so both pick the same unit for the same number of seconds.
 */
export function describeSeconds(seconds: number): string {
  const [value, unit] = formatSeconds(seconds).split(' ');
  const [singular, plural] = LONG_UNITS[unit];
  return `${value} ${Number(value) === 1 ? singular : plural}`;
}

const DURATION_UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

/** A parsed duration in plain English whatever it was written as: "P5Y" → "5 years", "2 years 6 months". */
export function describeDuration(duration: Duration): string {
  const parts = DURATION_UNITS.filter((unit) => duration[unit] !== 0).map((unit) => {
    const count = duration[unit];
    return `${count} ${count === 1 ? unit.slice(0, -1) : unit}`;
  });
  return parts.length > 0 ? parts.join(' ') : '0 seconds';
}

/**
 * Slack allowed when comparing a requested lifetime with a bound, in seconds. Capture derives the
 * lifetime from an Expires date relative to the response's Date header or its arrival time; the two
 * clocks can differ by a few seconds to minutes, so a cookie asking for exactly "5 years" can appear
 * a little longer or shorter. Five minutes absorbs that skew and is far below any real violation.
 */
export const LIFETIME_TOLERANCE_SECONDS = 300;
