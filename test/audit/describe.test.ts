import { describe, expect, test } from 'vitest';
import { describeDuration, describeSeconds } from '../../src/model/duration.js';
import { DAY, duration } from './builders.js';

describe('describeSeconds, the long form of formatSeconds used in messages', () => {
  test.each([
    [3650 * DAY, '10 years'],
    [400 * DAY, '400 days'],
    [396 * DAY, '13 months'],
    [90 * DAY, '90 days'],
    [DAY, '1 day'],
    [3600, '1 hour'],
    [5400, '1.5 hours'],
    [120, '2 minutes'],
    [1, '1 second'],
  ])('%s s → %s', (seconds, text) => {
    expect(describeSeconds(seconds)).toBe(text);
  });
});

describe('describeDuration', () => {
  test.each([
    ['P5Y', '5 years'],
    ['5 ans', '5 years'],
    ['2 years 6 months', '2 years 6 months'],
    ['1 jour', '1 day'],
    ['PT0S', '0 seconds'],
  ])('%s → %s', (text, described) => {
    expect(describeDuration(duration(text))).toBe(described);
  });
});
