import { describe, expect, test } from 'vitest';
import { escapeTerminal } from '../../src/report/escape.js';

describe('escapeTerminal', () => {
  test('ANSI sequences lose their ESC and become visible text', () => {
    expect(escapeTerminal('evil\u001b[31mname\n')).toBe('evil\\x1B[31mname\\n');
  });

  test.each([
    ['\r\t', '\\r\\t'],
    ['a\u0000b', 'a\\x00b'],
    ['\u007f', '\\x7F'],
    ['\u009b2J', '\\x9B2J'],
    ['\u0007', '\\x07'],
    ['abc\u202Egpj.exe', 'abc\\u202Egpj.exe'],
    ['\u2028', '\\u2028'],
  ])('%j → %s', (input, escaped) => {
    expect(escapeTerminal(input)).toBe(escaped);
  });

  test('keeps ordinary Unicode', () => {
    const text = 'Opération_clé 日本 🍪 _ga-1.2';
    expect(escapeTerminal(text)).toBe(text);
  });
});
