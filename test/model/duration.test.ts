import { describe, expect, it } from 'vitest';
import {
  addDuration,
  DURATION_PATTERN,
  durationSecondsFrom,
  formatSeconds,
  parseDuration,
  type Duration,
} from '../../src/model/duration.js';

const DAY = 86_400;

function units(duration: Duration | null): Omit<Duration, 'text'> | null {
  if (!duration) return null;
  const { text: _text, ...rest } = duration;
  return rest;
}

const zero = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

describe('parseDuration', () => {
  it.each([
    ['1 day', { days: 1 }],
    ['13 months', { months: 13 }],
    ['5 years', { years: 5 }],
    ['400d', { days: 400 }],
    ['2 years 6 months', { years: 2, months: 6 }],
    ['1 year, 2 months and 3 days', { years: 1, months: 2, days: 3 }],
    ['5 ans', { years: 5 }],
    ['13 mois et 2 jours', { months: 13, days: 2 }],
    ['2 weeks', { weeks: 2 }],
    ['90 min', { minutes: 90 }],
    ['30s', { seconds: 30 }],
    ['1y2mo', { years: 1, months: 2 }],
  ])('reads the human form %j', (text, expected) => {
    expect(units(parseDuration(text))).toEqual({ ...zero, ...expected });
  });

  it.each([
    ['P5Y', { years: 5 }],
    ['P13M', { months: 13 }],
    ['P1Y2M3D', { years: 1, months: 2, days: 3 }],
    ['P2W', { weeks: 2 }],
    ['PT12H', { hours: 12 }],
    ['PT1M', { minutes: 1 }],
    ['P1DT2H30M15S', { days: 1, hours: 2, minutes: 30, seconds: 15 }],
  ])('reads the ISO 8601 form %j', (text, expected) => {
    expect(units(parseDuration(text))).toEqual({ ...zero, ...expected });
  });

  it('keeps the text it was parsed from, for messages', () => {
    expect(parseDuration('5 years')?.text).toBe('5 years');
  });

  it.each(['', '   ', '400', 'five years', '5 yeras', '13 moons', 'P', 'PT', 'P5', '5 years ago', '-1 day', '1.5 days', 'P1.5Y'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );

  it.each([
    ['1 an\u00a02 mois', { years: 1, months: 2 }],
    ['5 days\t2 hours', { days: 5, hours: 2 }],
    ['5dand 2h', { days: 5, hours: 2 }],
    ['1 secondet 2 h', { seconds: 1, hours: 2 }],
    ['2 ans et ', { years: 2 }],
  ])('reads %j, which DURATION_PATTERN accepts, between parts too', (text, expected) => {
    expect(new RegExp(DURATION_PATTERN).test(text)).toBe(true);
    expect(units(parseDuration(text))).toEqual({ ...zero, ...expected });
  });

  it('rejects a long text that fails only at its end without backtracking for ever', () => {
    const text = `${'1 d '.repeat(40)}x`;
    expect(new RegExp(DURATION_PATTERN).test(text)).toBe(false);
    expect(parseDuration(text)).toBeNull();
  });

  it.each(['1 day', '13 months', '400d', '2 years 6 months', '5 ans', 'P5Y', 'P1DT2H', '400', 'five years', 'PT', '13 moons'])(
    'DURATION_PATTERN agrees with parseDuration on %j',
    (text) => {
      expect(new RegExp(DURATION_PATTERN).test(text)).toBe(parseDuration(text) !== null);
    },
  );
});

describe('addDuration (calendar arithmetic in UTC)', () => {
  const at = (iso: string) => Date.parse(iso);
  const add = (iso: string, text: string) => new Date(addDuration(at(iso), parseDuration(text)!)).toISOString();

  it('lands 31 January + 1 month on the last day of February', () => {
    expect(add('2023-01-31T10:00:00.000Z', '1 month')).toBe('2023-02-28T10:00:00.000Z');
    expect(add('2024-01-31T10:00:00.000Z', '1 month')).toBe('2024-02-29T10:00:00.000Z');
  });

  it('lands 29 February + 5 years on 28 February', () => {
    expect(add('2024-02-29T00:00:00.000Z', '5 years')).toBe('2029-02-28T00:00:00.000Z');
  });

  it('counts from an instant in the first century as well (Date.UTC reads years 0–99 as 19xx)', () => {
    expect(add('0050-06-01T00:00:00.000Z', '5 years')).toBe('0055-06-01T00:00:00.000Z');
    expect(add('0099-12-31T00:00:00.000Z', '1 day')).toBe('0100-01-01T00:00:00.000Z');
  });

  it('crosses the year end with months', () => {
    expect(add('2023-11-15T00:00:00.000Z', '13 months')).toBe('2024-12-15T00:00:00.000Z');
  });

  it('adds weeks, days and clock units as fixed lengths', () => {
    expect(add('2023-03-01T00:00:00.000Z', 'P1W2DT3H4M5S')).toBe('2023-03-10T03:04:05.000Z');
  });

  it('counts 5 years as calendar years, not 5 × 365 days', () => {
    const fiveYears = durationSecondsFrom(at('2022-04-01T00:00:00Z'), parseDuration('5 years')!);
    expect(fiveYears).toBe(1826 * DAY); // 2024 is a leap year
    expect(fiveYears).not.toBe(5 * 365 * DAY);
  });
});

describe('formatSeconds', () => {
  it.each([
    [30, '30 s'],
    [90, '2 min'],
    [2 * 3600, '2 h'],
    [1.5 * DAY, '1.5 d'],
    [400 * DAY, '400 d'],
    [1826 * DAY, '5 y'],
    [396 * DAY, '13 mo'],
    [45 * DAY, '45 d'],
  ])('shows %d seconds as %j', (seconds, expected) => {
    expect(formatSeconds(seconds)).toBe(expected);
  });
});
