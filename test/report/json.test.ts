import { describe, expect, test } from 'vitest';
import { reporters, REPORTER_NAMES } from '../../src/report/index.js';
import { renderJson } from '../../src/report/json.js';
import { sampleResult } from './fixtures.js';

function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

describe('renderJson', () => {
  test('round-trips the result, indented, with a final newline', () => {
    const result = sampleResult();
    const text = renderJson(result);
    expect(JSON.parse(text)).toEqual(result);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 1,');
  });

  test('never has a value key', () => {
    expect(keysOf(JSON.parse(renderJson(sampleResult())))).not.toContain('value');
  });

  test('is byte-for-byte stable', () => {
    expect(renderJson(sampleResult())).toBe(renderJson(sampleResult()));
  });
});

describe('the reporter registry', () => {
  test('has the terminal and JSON reporters by name', () => {
    expect(REPORTER_NAMES).toEqual(['terminal', 'json']);
    const result = sampleResult();
    expect(reporters.json(result, { color: true })).toBe(renderJson(result));
    expect(reporters.terminal(result, { color: false })).toMatch(/^✖ FAIL/);
  });
});
