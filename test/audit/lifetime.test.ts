import { describe, expect, test } from 'vitest';
import { LIFETIME_TOLERANCE_SECONDS } from '../../src/audit/index.js';
import { DAY, entry, observation, run } from './builders.js';

const HOUR = 3600;

function kindsFor(setAt: string, requestedLifetimeSeconds: number): string[] {
  const cookie = observation({ setAt, requestedLifetimeSeconds });
  return run([cookie], [entry({ id: 'uid', name: 'UID' })]).findings.map((finding) => finding.kind);
}

describe('lifetimes are judged in calendar time from setAt', () => {
  const leapDay = '2024-02-29T12:00:00.000Z';
  // Five calendar years after 29 February 2024 is 28 February 2029.
  const fiveYearsFromLeapDay = (Date.UTC(2029, 1, 28, 12) - Date.parse(leapDay)) / 1000;

  test('exactly five calendar years from a 29 February passes', () => {
    expect(kindsFor(leapDay, fiveYearsFromLeapDay)).toEqual([]);
  });

  test('five years and one hour fails', () => {
    expect(kindsFor(leapDay, fiveYearsFromLeapDay + HOUR)).toEqual(['over-long']);
  });

  test('the tolerance absorbs clock skew, and no more', () => {
    expect(LIFETIME_TOLERANCE_SECONDS).toBe(300);
    expect(kindsFor(leapDay, fiveYearsFromLeapDay + LIFETIME_TOLERANCE_SECONDS)).toEqual([]);
    expect(kindsFor(leapDay, fiveYearsFromLeapDay + LIFETIME_TOLERANCE_SECONDS + 1)).toEqual(['over-long']);
  });

  test('five years spanning two leap days are 1827 days, not 5 × 365.25', () => {
    expect(kindsFor('2024-02-28T00:00:00.000Z', 1827 * DAY)).toEqual([]);
    expect(kindsFor('2025-02-28T00:00:00.000Z', 1827 * DAY)).toEqual(['over-long']);
  });

  test('an unreadable setAt falls back to the scan start', () => {
    expect(kindsFor('not a date', 1826 * DAY)).toEqual([]);
    expect(kindsFor('not a date', 1827 * DAY)).toEqual(['over-long']);
  });
});
