/**
 * Properties of inventory durations: what parseDuration reads (exactly what DURATION_PATTERN accepts),
 * how its forms agree with each other, and the calendar arithmetic the lifetime rules count with.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDuration,
  describeDuration,
  describeSeconds,
  DURATION_PATTERN,
  durationSecondsFrom,
  parseDuration,
  type Duration,
} from '../../src/model/duration.js';

const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
type Unit = (typeof UNITS)[number];
type Parts = Record<Unit, number>;

/** Every spelling the parser claims (the unit words of DURATION_PATTERN), by unit. */
const SPELLINGS: Record<Unit, readonly string[]> = {
  years: ['y', 'yr', 'yrs', 'year', 'years', 'an', 'ans'],
  months: ['mo', 'month', 'months', 'mois'],
  weeks: ['w', 'week', 'weeks', 'semaine', 'semaines'],
  days: ['d', 'day', 'days', 'jour', 'jours'],
  hours: ['h', 'hour', 'hours', 'heure', 'heures'],
  minutes: ['min', 'minute', 'minutes'],
  seconds: ['s', 'sec', 'second', 'seconds', 'seconde', 'secondes'],
};

/** ISO 8601 designators: date part (Y M W D) then, after T, time part (H M S). */
const ISO_DESIGNATOR: Record<Unit, { letter: string; time: boolean }> = {
  years: { letter: 'Y', time: false },
  months: { letter: 'M', time: false },
  weeks: { letter: 'W', time: false },
  days: { letter: 'D', time: false },
  hours: { letter: 'H', time: true },
  minutes: { letter: 'M', time: true },
  seconds: { letter: 'S', time: true },
};

const PATTERN = new RegExp(DURATION_PATTERN);
const ZERO: Parts = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

function parts(duration: Duration | null): Parts | null {
  if (!duration) return null;
  const { text: _text, ...rest } = duration;
  return rest;
}

function durationOf(partial: Partial<Parts>): Duration {
  return { ...ZERO, ...partial, text: 'generated' };
}

// Amounts stay small enough that any sum of them stays far inside the Date range from any instant below.
const amount = fc.nat({ max: 10_000 });
const unit = fc.constantFrom(...UNITS);
const someParts: fc.Arbitrary<Parts> = fc.record({
  years: amount,
  months: amount,
  weeks: amount,
  days: amount,
  hours: amount,
  minutes: amount,
  seconds: amount,
});
/**
 * Instants over most of the Date range (±8.64e15 ms), leaving room to add the largest generated duration,
 * with extra weight on the years people live in and on the first centuries (where Date.UTC reads years
 * 0–99 as 1900–1999).
 */
const instant = fc.oneof(
  fc.integer({ min: -8e15, max: 8e15 }),
  fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
  fc.integer({ min: -62_198_755_200_000, max: -58_979_923_200_000 }),
);
/** Instants of the years a scan can really happen in. */
const recentInstant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) });

/** The whitespace DURATION_PATTERN's `\s` accepts, including the no-break space of French typography. */
const space = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\n');
const optionalSpace = fc.oneof(fc.constant(''), space);
/** A separator between two human parts, as DURATION_PATTERN's grammar allows: `\s*,?\s*(?:and\s+|et\s+)?`. */
const separator = fc
  .tuple(optionalSpace, fc.constantFrom('', ','), optionalSpace, fc.option(fc.tuple(fc.constantFrom('and', 'et'), space)))
  .map(([before, comma, after, word]) => `${before}${comma}${after}${word ? word.join('') : ''}`);
/** One human part: an amount, optional space, any spelling of a unit. */
const humanPart = fc
  .tuple(unit, amount, optionalSpace)
  .chain(([u, n, gap]) => fc.constantFrom(...SPELLINGS[u]).map((word) => ({ unit: u, amount: n, text: `${n}${gap}${word}` })));

function isoText(values: Partial<Parts>): string {
  const piece = (u: Unit) => (values[u] === undefined ? '' : `${values[u]}${ISO_DESIGNATOR[u].letter}`);
  const date = UNITS.filter((u) => !ISO_DESIGNATOR[u].time).map(piece).join('');
  const time = UNITS.filter((u) => ISO_DESIGNATOR[u].time).map(piece).join('');
  return `P${date}${time ? `T${time}` : ''}`;
}

describe('parseDuration (properties)', () => {
  it('reads back what describeDuration writes', () => {
    fc.assert(
      fc.property(someParts, (values) => {
        expect(parts(parseDuration(describeDuration(durationOf(values))))).toEqual(values);
      }),
    );
  });

  it('reads back an ISO 8601 duration built from any set of components', () => {
    const isoParts = fc
      .record(
        { years: amount, months: amount, weeks: amount, days: amount, hours: amount, minutes: amount, seconds: amount },
        { requiredKeys: [] },
      )
      .filter((values) => Object.keys(values).length > 0);
    fc.assert(
      fc.property(isoParts, (values) => {
        expect(parts(parseDuration(isoText(values)))).toEqual({ ...ZERO, ...values });
      }),
    );
  });

  it('reads any human form the grammar allows: any spellings, spacing and separators, parts summed', () => {
    const human = fc
      .tuple(optionalSpace, fc.array(fc.tuple(humanPart, separator), { minLength: 1, maxLength: 6 }), optionalSpace)
      .map(([lead, items, trail]) => {
        // DURATION_PATTERN lets a separator end the text too ("5 years, ", "2 ans et ").
        const text = lead + items.map(([part, sep]) => part.text + sep).join('') + trail;
        const expected = { ...ZERO };
        for (const [part] of items) expected[part.unit] += part.amount;
        return { text, expected };
      });
    fc.assert(
      fc.property(human, ({ text, expected }) => {
        expect(PATTERN.test(text)).toBe(true);
        expect(parts(parseDuration(text))).toEqual(expected);
      }),
    );
  });

  it('keeps the trimmed text it read, for messages', () => {
    fc.assert(
      fc.property(humanPart, optionalSpace, optionalSpace, (part, lead, trail) => {
        expect(parseDuration(`${lead}${part.text}${trail}`)?.text).toBe(part.text);
      }),
    );
  });

  it('never throws, and returns null exactly when DURATION_PATTERN rejects the text', () => {
    const tokens = fc.constantFrom(
      ...['0', '1', '5', '13', '400', ' ', '\t', '\u00a0', ',', 'and', 'et', 'and ', 'et ', '-', '.', 'P', 'T'],
      ...['Y', 'M', 'W', 'D', 'H', 'S', 'y', 'mo', 'mois', 'd', 'det', 's', 'sand', 'min', 'minand', 'ans', 'Years', 'moons'],
    );
    const nearDurations = fc.array(tokens, { maxLength: 10 }).map((pieces) => pieces.join(''));
    const oddCharacters = fc.string({ unit: fc.constantFrom('\u00a0', '\u2003', '\ufeff', '\r', 'é', '٣', '１', 'İ', 'ſ', 'K') });
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme-composite' }), oddCharacters, nearDurations, nearDurations);
    fc.assert(
      fc.property(text, (candidate) => {
        const parsed = parseDuration(candidate);
        expect(parsed !== null).toBe(PATTERN.test(candidate));
        if (parsed) for (const u of UNITS) expect(parsed[u]).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('gives every spelling of a unit, and the ISO form, the same meaning', () => {
    fc.assert(
      fc.property(unit, amount, (u, n) => {
        const expected = { ...ZERO, [u]: n };
        for (const word of SPELLINGS[u]) {
          expect(parts(parseDuration(`${n} ${word}`))).toEqual(expected);
          expect(parts(parseDuration(`${n}${word}`))).toEqual(expected);
        }
        expect(parts(parseDuration(isoText({ [u]: n })))).toEqual(expected);
      }),
    );
  });
});

describe('durationSecondsFrom (properties)', () => {
  it('is positive from any instant for any duration with a positive part, and zero for the empty one', () => {
    fc.assert(
      fc.property(instant, someParts, (at, values) => {
        const seconds = durationSecondsFrom(at, durationOf(values));
        if (UNITS.some((u) => values[u] > 0)) expect(seconds).toBeGreaterThan(0);
        else expect(seconds).toBe(0);
      }),
    );
  });

  it('is strictly increasing in the amount of any one unit, from any instant', () => {
    fc.assert(
      fc.property(instant, unit, amount, amount, (at, u, a, b) => {
        fc.pre(a !== b);
        const [low, high] = a < b ? [a, b] : [b, a];
        expect(durationSecondsFrom(at, durationOf({ [u]: low }))).toBeLessThan(durationSecondsFrom(at, durationOf({ [u]: high })));
      }),
    );
  });

  it('grows when any part of a duration grows', () => {
    fc.assert(
      fc.property(instant, someParts, unit, fc.integer({ min: 1, max: 100 }), (at, values, u, extra) => {
        const longer = { ...values, [u]: values[u] + extra };
        expect(durationSecondsFrom(at, durationOf(longer))).toBeGreaterThan(durationSecondsFrom(at, durationOf(values)));
      }),
    );
  });

  it('counts n years as 12n months, n weeks as 7n days, and the clock units as fixed multiples', () => {
    fc.assert(
      fc.property(instant, fc.nat({ max: 500 }), (at, n) => {
        const from = (values: Partial<Parts>) => durationSecondsFrom(at, durationOf(values));
        expect(from({ years: n })).toBe(from({ months: 12 * n }));
        expect(from({ weeks: n })).toBe(from({ days: 7 * n }));
        expect(from({ days: n })).toBe(from({ hours: 24 * n }));
        expect(from({ hours: n })).toBe(from({ minutes: 60 * n }));
        expect(from({ minutes: n })).toBe(from({ seconds: 60 * n }));
        expect(from({ seconds: n })).toBe(n);
      }),
    );
  });

  it('keeps a month within 28–31 days and a year within 365–366 days, from any instant', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const days = (values: Partial<Parts>) => durationSecondsFrom(at, durationOf(values)) / 86_400;
        expect(days({ months: 1 })).toBeGreaterThanOrEqual(28);
        expect(days({ months: 1 })).toBeLessThanOrEqual(31);
        expect(days({ years: 1 })).toBeGreaterThanOrEqual(365);
        expect(days({ years: 1 })).toBeLessThanOrEqual(366);
      }),
    );
  });

  it('keeps the time of day and lands on the same day of the month when that day exists', () => {
    fc.assert(
      fc.property(instant, fc.nat({ max: 2_000 }), (at, months) => {
        const start = new Date(at);
        const end = new Date(addDuration(at, durationOf({ months })));
        expect(timeOfDay(end.getTime())).toBe(timeOfDay(at));
        const monthsApart = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
        expect(monthsApart).toBe(months);
        if (start.getUTCDate() <= 28) expect(end.getUTCDate()).toBe(start.getUTCDate());
      }),
    );
  });
});

describe('describeSeconds (properties)', () => {
  it('words whole numbers the parser reads back close to the seconds described', () => {
    fc.assert(
      fc.property(recentInstant, fc.integer({ min: 1, max: 200 * 366 * 86_400 }), (at, seconds) => {
        const text = describeSeconds(seconds);
        const parsed = parseDuration(text);
        // Fractions ("1.5 days") are for reading only; everything else is a duration the inventory could hold.
        if (parsed === null) {
          expect(text).toMatch(/^\d+\.\d+ /);
          return;
        }
        const back = durationSecondsFrom(at, parsed);
        expect(Math.abs(back - seconds)).toBeLessThanOrEqual(describedSlack(at, parsed));
      }),
    );
  });
});

/** Milliseconds since the last UTC midnight. */
function timeOfDay(ms: number): number {
  return ((ms % 86_400_000) + 86_400_000) % 86_400_000;
}

/**
 * How far a describeSeconds text may be from the seconds it describes: years and months are shown only
 * when close to whole (1 % and 2 %), plus the calendar's wobble against an average year or month; other
 * units are rounded to the nearest whole one.
 */
function describedSlack(at: number, parsed: Duration): number {
  const DAY = 86_400;
  if (parsed.years) return 6 * DAY;
  if (parsed.months) return 4 * DAY;
  const used = UNITS.find((u) => parsed[u] !== 0) ?? 'seconds';
  return durationSecondsFrom(at, durationOf({ [used]: 1 })) / 2;
}
