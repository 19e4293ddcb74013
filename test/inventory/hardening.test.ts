/**
 * Bad input, case by case: each gives one clear message with file:line:column, the key path and what
 * to do — never a stack trace. Cases already covered elsewhere are named in comments:
 * - unknown key with a suggestion, bad enum, missing key, wrong version, two names, session with
 *   maxLifetime, "13 moons", a number duration, a YAML syntax error, several problems at once,
 *   policy minLifetime above maxLifetime, a missing file, a directory: test/inventory/load.test.ts
 * - overlap warnings and an entry's maxLifetime above the policy's: test/inventory/overlaps.test.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InventoryError } from '../../src/errors.js';
import { loadInventory, parseInventory } from '../../src/inventory/load.js';
import { findEntry, findStorageEntry, globProblem, hostAllowed, nameRule, ruleMatches } from '../../src/inventory/match.js';
import { regexSafety } from '../../src/inventory/regex-safety.js';
import type { CookieEntry, StorageEntry } from '../../src/model/inventory.js';

const POLICY = 'policy: { title: T, owner: O, version: "1", persistent: { minLifetime: 1 day, maxLifetime: 5 years } }';

/** A whole inventory around the given `cookies:` items (each a YAML flow map or block lines). */
function withCookies(...cookies: string[]): string {
  return ['version: 1', POLICY, 'sites: []', 'cookies:', ...cookies.map((cookie) => `  - ${cookie}`), ''].join('\n');
}

const cookie = (fields: string) => `{ id: c, party: first, type: persistent, label: L, purpose: { fr: x }, ${fields} }`;

/** Each problem as `line:column path: message`. */
function problems(text: string, file = 'inventory.yaml'): string[] {
  try {
    parseInventory(text, file);
  } catch (error) {
    if (!(error instanceof InventoryError)) throw error;
    for (const problem of error.problems) expect(problem.location.file).toBe(file);
    return error.problems.map(({ location, path, message }) => `${location.line}:${location.column} ${path}: ${message}`);
  }
  throw new Error('expected the inventory to be rejected');
}

async function loadProblems(file: string): Promise<string[]> {
  const error = await loadInventory(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InventoryError);
  return (error as InventoryError).problems.map(({ location, path, message }) => `${location.file}:${location.line}:${location.column} ${path}: ${message}`);
}

function tempFile(name: string, content: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cookie-audit-inventory-')), name);
  writeFileSync(file, content);
  return file;
}

const EMPTY = 'the inventory is empty: write at least version: 1, policy, sites and cookies (see "The inventory" in the README)';

describe('an empty file', () => {
  it('0 bytes, whitespace only or only comments: says it is empty and what an inventory needs', async () => {
    expect(problems('')).toEqual([`1:1 : ${EMPTY}`]);
    expect(problems('  \n\n   \n')).toEqual([`1:1 : ${EMPTY}`]);
    expect(problems('# inventory for esomus\n# TODO\n')).toEqual([
      '1:1 : the inventory is empty (it has only comments): write at least version: 1, policy, sites and cookies (see "The inventory" in the README)',
    ]);
    const file = tempFile('empty.yaml', '');
    expect(await loadProblems(file)).toEqual([`${file}:1:1 : ${EMPTY}`]);
  });
});

describe('a file that is not a YAML inventory', () => {
  it('a JSON array: the top must be a map', () => {
    expect(problems('[1, 2, {"id": "uid"}]')).toEqual([
      '1:1 : the inventory must be a map of keys (version: 1, policy, sites and cookies), but this file holds a list: is it the right file? (see "The inventory" in the README)',
    ]);
  });

  it('a JSON object is YAML: an inventory written in JSON loads', () => {
    const json = JSON.stringify({
      version: 1,
      policy: { title: 'T', owner: 'O', version: '1', persistent: { minLifetime: '1 day', maxLifetime: '5 years' } },
      sites: [],
      cookies: [{ id: 'uid', name: 'UID', party: 'first', type: 'session', label: 'UID', purpose: { fr: 'x' } }],
    });
    expect(parseInventory(json, 'inventory.json').cookies.map((entry) => entry.id)).toEqual(['uid']);
  });

  it('binary garbage: not a text file', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff]);
    const file = tempFile('logo.png', png);
    expect(await loadProblems(file)).toEqual([
      `${file}:3:1 : this is not a text file (it holds binary data): is it the right file? An inventory is a YAML text file`,
    ]);
    expect(problems('version: 1\u0000\u0001')).toEqual(['1:11 : this is not a text file (it holds binary data): is it the right file? An inventory is a YAML text file']);
  });

  it('another encoding: UTF-16, or Latin-1 (invalid UTF-8), with the line', async () => {
    const utf16 = tempFile('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('version: 1\n', 'utf16le')]));
    expect(await loadProblems(utf16)).toEqual([`${utf16}:1:1 : the file is saved as UTF-16: save it as UTF-8 (YAML files are UTF-8)`]);
    const withoutMark = tempFile('utf16-no-bom.yaml', Buffer.from(withCookies(cookie('name: UID')), 'utf16le'));
    expect(await loadProblems(withoutMark)).toEqual([`${withoutMark}:1:1 : the file is saved as UTF-16: save it as UTF-8 (YAML files are UTF-8)`]);
    const latin1 = tempFile('latin1.yaml', Buffer.from(`${withCookies(cookie('name: UID'))}    # caf\xe9\n`, 'latin1'));
    expect(await loadProblems(latin1)).toEqual([
      `${latin1}:6:1 : the file is not valid UTF-8 (line 6): save it as UTF-8; it may have been saved as Latin-1 or Windows-1252`,
    ]);
  });

  it('a Markdown file: one message saying this is not an inventory, not a list of YAML symptoms', () => {
    const markdown = '# Politique cookies\n\nThis is *our* policy.\n\n- first item\n- second item\n\n```yaml\nversion: 2\n```\n';
    expect(problems(markdown.replace('version: 2', 'colour: blue'))).toEqual([
      '3:1 : this does not look like an inventory (it is not valid YAML: Implicit keys need to be on a single line, line 3; and it has no "version:" key): is it the right file? An inventory is a YAML map with version: 1, policy, sites and cookies (see "The inventory" in the README)',
    ]);
    expect(problems('# Cookies\n\nSome prose about cookies.\n')).toEqual([
      '3:1 : the inventory must be a map of keys (version: 1, policy, sites and cookies), but this file holds plain text: is it the right file? (see "The inventory" in the README)',
    ]);
  });

  it('an invisible control character in an otherwise good file: where it is', () => {
    expect(problems(withCookies(cookie('name: U\u000cID')))).toEqual([
      '5:83 : invisible control character U+000C: remove it (YAML allows only tabs, line feeds and carriage returns)',
    ]);
  });
});

describe('tabs used for indentation', () => {
  it('YAML forbids them: says so at the line, once', () => {
    const text = ['version: 1', POLICY, 'sites: []', 'cookies:', '  - id: c', '\tname: UID', ''].join('\n');
    expect(problems(text)).toEqual(['6:1 : tabs are not allowed for indentation in YAML: indent with spaces (two per level)']);
  });
});

describe('duplicate keys', () => {
  it('an error naming both lines', () => {
    const text = withCookies('id: uid\n    name: UID\n    party: first\n    type: session\n    name: UID2\n    label: L\n    purpose: { fr: x }');
    expect(problems(text)).toEqual([
      '9:5 cookies[0].name: duplicate key "name" (first written at line 6): each key may appear only once in a map; keep one',
    ]);
  });

  it('at the top level too', () => {
    const text = `${withCookies(cookie('name: UID'))}cookies: []\n`;
    expect(problems(text)).toEqual(['6:1 cookies: duplicate key "cookies" (first written at line 4): each key may appear only once in a map; keep one']);
  });
});

describe('wrong types', () => {
  it('a string where a list is expected: how to write a list of one', () => {
    const text = ['version: 1', POLICY, 'sites:', '  - { name: s, urls: ["https://example.com/"], domains: example.com }', 'cookies: []', ''].join('\n');
    expect(problems(text)).toEqual([
      '4:57 sites[0].domains: expected a list, got "example.com" (a list of one is written [example.com], or on the next line as "- example.com")',
    ]);
  });

  it('nothing where a list is expected', () => {
    expect(problems(['version: 1', POLICY, 'sites:', 'cookies: []', ''].join('\n'))).toEqual(['3:1 sites: expected a list, got nothing (write [] for none)']);
  });

  it('a number for a name: put it in quotes; a list for a label; text for a purpose', () => {
    expect(problems(withCookies(cookie('name: 123')))).toEqual(['5:82 cookies[0].name: expected text, got the number 123 (put it in quotes: "123")']);
    expect(problems(withCookies('{ id: c, name: N, party: first, type: session, label: [a, b], purpose: { fr: x } }'))).toEqual([
      '5:59 cookies[0].label: expected text, got a list',
    ]);
    expect(problems(withCookies('{ id: c, name: N, party: first, type: session, label: L, purpose: Mesure. }'))).toEqual([
      '5:71 cookies[0].purpose: expected a map such as { fr: "…", en: "…" } (fr required), got "Mesure."',
    ]);
  });

  it('a map where the list of cookies is expected', () => {
    expect(problems(['version: 1', POLICY, 'sites: []', 'cookies:', '  uid: { name: UID }', ''].join('\n'))).toEqual(['5:3 cookies: expected a list, got a map']);
  });
});

describe('unknown keys', () => {
  it.each([
    ['maxLifetme: 1 year', 'unknown key "maxLifetme" (did you mean "maxLifetime"?)'],
    ['Name: UID', 'unknown key "Name" (did you mean "name"?)'],
    ['regexp: "^U"', 'unknown key "regexp" (did you mean "regex"?)'],
    ['maxAge: 1 year', 'unknown key "maxAge" (did you mean "maxLifetime"?)'],
    ['expires: 1 year', 'unknown key "expires" (did you mean "maxLifetime"?)'],
    ['glob: "_ga_*"', 'unknown key "glob" (did you mean "pattern"?)'],
  ])('%s → a suggestion', (field, message) => {
    const [problem] = problems(withCookies(cookie(field)));
    expect(problem).toMatch(/^5:\d+ cookies\[0\]\.\w+: /);
    expect(problem.slice(problem.indexOf(': ') + 2)).toBe(message);
  });

  it('with nothing close: the keys that exist there', () => {
    expect(problems(withCookies(cookie('colour: blue')))).toEqual([
      '5:76 cookies[0].colour: unknown key "colour" (expected one of: id, name, pattern, regex, domains, party, type, maxLifetime, consent, label, purpose, category)',
    ]);
  });
});

describe('bad durations', () => {
  const maxLifetime = (value: string) => problems(withCookies(cookie(`name: N, maxLifetime: ${value}`)));
  const message = (value: string) => {
    const [problem] = maxLifetime(value);
    expect(problem).toMatch(/^5:\d+ cookies\[0\]\.maxLifetime: /);
    return problem.slice(problem.indexOf('maxLifetime: ') + 'maxLifetime: '.length);
  };

  it('"5 yeers": suggests the unit', () => {
    expect(message('5 yeers')).toMatch(/^expected a duration such as .*, got "5 yeers" \(did you mean "5 years"\?\)$/);
    expect(message('1 mounth')).toContain('(did you mean "1 month"?)');
  });

  it('"-1 day": cannot be negative', () => {
    expect(message('-1 day')).toBe('a duration cannot be negative, got "-1 day": write how long the cookie may live, e.g. "13 months"');
    expect(message('-1')).toBe('a duration cannot be negative, got the number -1: write how long the cookie may live, e.g. "13 months"');
  });

  it('"0 days": a maximum must be longer than zero; a minimum of zero means "no minimum"', () => {
    expect(message('0 days')).toBe('a maximum lifetime must be longer than zero, got "0 days": write the longest lifetime the policy allows, e.g. "13 months"');
    const noMinimum = withCookies(cookie('name: N')).replace('minLifetime: 1 day', 'minLifetime: 0 days');
    expect(parseInventory(noMinimum, 'inventory.yaml').policy.persistent.minLifetime.text).toBe('0 days');
    const zeroPolicyMax = withCookies(cookie('name: N')).replace('maxLifetime: 5 years', 'maxLifetime: P0D').replace('minLifetime: 1 day', 'minLifetime: 0 days');
    expect(problems(zeroPolicyMax)).toEqual([
      '2:93 policy.persistent.maxLifetime: a maximum lifetime must be longer than zero, got "P0D": write the longest lifetime the policy allows, e.g. "13 months"',
    ]);
  });

  it('"forever": not a duration, say the longest lifetime instead', () => {
    expect(message('forever')).toBe(
      '"forever" is not a duration: write the longest lifetime the policy announces, e.g. "5 years" (a cookie that never expires has no finite lifetime to audit)',
    );
    expect(message('session')).toBe('"session" is not a duration: declare session cookies with type: session and no maxLifetime');
  });

  it('5 (a number): needs a unit', () => {
    expect(message('5')).toMatch(/got the number 5 with no unit \(did you mean "5 days"\?\)$/);
  });

  it('too long to count with dates', () => {
    expect(message('99999999 years')).toBe('"99999999 years" is too long to count with dates: write at most a few hundred years');
  });
});

describe('policy bounds', () => {
  // minLifetime above maxLifetime: test/inventory/load.test.ts ("says which policy bound is out of order").
  it("an entry's maxLifetime above the policy's maximum is accepted (a warning, see overlaps.test.ts): the policy may say so", () => {
    const inventory = parseInventory(withCookies(cookie('name: N, maxLifetime: 10 years')), 'inventory.yaml');
    expect(inventory.cookies[0].maxLifetime?.years).toBe(10);
  });

  it('equal bounds are fine', () => {
    const text = withCookies(cookie('name: N')).replace('minLifetime: 1 day', 'minLifetime: 5 years');
    expect(parseInventory(text, 'inventory.yaml').policy.persistent.minLifetime.years).toBe(5);
  });
});

describe('invalid globs', () => {
  it.each([
    ['_ga_[0-9', 'unbalanced "[" in pattern "_ga_[0-9": a pattern knows only "*" (any characters) and "?" (one character); to match "[" itself write the exact name, or a regex with "\\["'],
    ['{_ga,_gid', 'unbalanced "{" in pattern "{_ga,_gid": a pattern knows only "*" (any characters) and "?" (one character); to match "{" itself write the exact name, or a regex with "\\{"'],
    ['_ga]', 'unbalanced "]" in pattern "_ga]": a pattern knows only "*" (any characters) and "?" (one character); to match "]" itself write the exact name, or a regex with "\\]"'],
    ['_ga_[0-9]*', '"[" is not pattern syntax (a pattern knows only "*" (any characters) and "?" (one character)): for a character class or alternatives write regex: "^_ga_[0-9].*$" instead'],
    ['{_ga,_gid}*', '"{" is not pattern syntax (a pattern knows only "*" (any characters) and "?" (one character)): for a character class or alternatives write regex: "^(?:_ga|_gid).*$" instead'],
  ])('%s', (pattern, message) => {
    expect(globProblem(pattern)).toBe(message);
    const [problem] = problems(withCookies(cookie(`pattern: "${pattern}"`)));
    expect(problem).toBe(`5:85 cookies[0].pattern: ${message}`);
  });

  it('the suggested regex does what the pattern meant', () => {
    expect(ruleMatches({ regex: '^_ga_[0-9].*$' }, '_ga_7XYZ')).toBe(true);
    expect(ruleMatches({ regex: '^(?:_ga|_gid).*$' }, '_gid')).toBe(true);
  });

  it('storage patterns too', () => {
    const text = `${withCookies(cookie('name: N'))}storage:\n  - { id: s, kind: localStorage, pattern: "cart[", label: L, purpose: { fr: x } }\n`;
    expect(problems(text)).toEqual([
      '7:43 storage[0].pattern: unbalanced "[" in pattern "cart[": a pattern knows only "*" (any characters) and "?" (one character); to match "[" itself write the exact name, or a regex with "\\["',
    ]);
  });
});

describe('invalid regexes', () => {
  // An unterminated class: test/inventory/load.test.ts (fixture bad-regex).
  it.each([
    ['(_ga', 'not a valid regular expression: /(_ga/: Unterminated group'],
    ['*_ga', 'not a valid regular expression: /*_ga/: Nothing to repeat'],
  ])('%s', (regex, message) => {
    expect(problems(withCookies(cookie(`regex: "${regex}"`)))).toEqual([`5:83 cookies[0].regex: ${message}`]);
  });
});

describe('regexes that would take catastrophic time', () => {
  it.each(['(a+)+$', '(a|aa)*c', '(x+x+)+y', '^(\\\\w+\\\\s?)*$', '(a*)*b', '^(a|b|ab)*$', '^_ga_(\\\\d|\\\\d\\\\d)+$'])('%s is rejected at load', (regex) => {
    const [problem] = problems(withCookies(cookie(`regex: "${regex}"`)));
    expect(problem).toBe(
      `5:83 cookies[0].regex: ${JSON.stringify(regex.replace(/\\\\/g, '\\'))} can take exponential time on some names (catastrophic backtracking): ` +
        'a repeated part can match the same text in more than one way, as in (a+)+ or (a|aa)*; rewrite it so that each character can be matched only one way, e.g. "^a+$" rather than "^(a+)+$"',
    );
  });

  it.each([
    '^_ga_[A-Z0-9]+$',
    '^_ga(_[A-Z0-9]+)?$',
    '^(?:_ga|_gid|_gat_[A-Za-z0-9_]+)$',
    '^(?:[a-z]+\\.)+[a-z]+$',
    '^(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)$',
    '^[\\w-]{1,50}$',
    '.*sess.*',
    '(?<=_)id$',
    '^(a)\\1$',
    '[^]*x',
    '^\\u0041+\\x42$',
  ])('%s is accepted', (regex) => {
    expect(regexSafety(regex)).toBe('safe');
  });

  it('stays within the same entries: a storage regex is checked too', () => {
    const text = `${withCookies(cookie('name: N'))}storage:\n  - { id: s, kind: localStorage, regex: "^(a+)+$", label: L, purpose: { fr: x } }\n`;
    expect(problems(text)[0]).toMatch(/^7:41 storage\[0\]\.regex: "\^\(a\+\)\+\$" can take exponential time/);
  });
});

describe('duplicate ids, names', () => {
  it('two cookies: both lines', () => {
    const text = withCookies('{ id: uid, name: A, party: first, type: session, label: L, purpose: { fr: x } }', '{ id: uid, name: B, party: first, type: session, label: L, purpose: { fr: x } }');
    expect(problems(text)).toEqual(['6:11 cookies[1].id: duplicate id "uid" (already used by cookies[0] at line 5): give each entry its own id']);
  });

  it('a storage entry reusing a cookie id: both lines, and why ids are shared', () => {
    const text = `${withCookies(cookie('name: N'))}storage:\n  - { id: c, kind: localStorage, key: k, label: L, purpose: { fr: x } }\n`;
    expect(problems(text)).toEqual([
      '7:11 storage[0].id: duplicate id "c" (already used by cookies[0] at line 5; ids are shared by cookies and storage): give each entry its own id',
    ]);
  });

  it('two sites with one name', () => {
    const site = '{ name: shop, urls: ["https://example.com/"], domains: [example.com] }';
    const text = ['version: 1', POLICY, 'sites:', `  - ${site}`, `  - ${site}`, 'cookies: []', ''].join('\n');
    expect(problems(text)).toEqual(['5:13 sites[1].name: duplicate name "shop" (already used by sites[0] at line 4): give each site its own name']);
  });
});

describe('two entries matching the same cookie', () => {
  const entry = (fields: Partial<CookieEntry> & { id: string }): CookieEntry => ({ party: 'first', type: 'persistent', label: fields.id, purpose: { fr: 'x' }, ...fields });
  const regex = entry({ id: 'ga-regex', regex: '^_ga' });
  const glob = entry({ id: 'ga-glob', pattern: '_ga*' });
  const exact = entry({ id: 'ga', name: '_ga' });
  const at = (name: string, domain = 'www.esomus.com') => ({ name, domain });

  it('an exact name beats a pattern and a regex, wherever it is in the file', () => {
    expect(findEntry([regex, glob, exact], at('_ga'))?.id).toBe('ga');
  });

  it('between a pattern and a regex, the first in the file wins (both are rules the author ordered)', () => {
    expect(findEntry([regex, glob, exact], at('_gat'))?.id).toBe('ga-regex');
    expect(findEntry([glob, regex, exact], at('_gat'))?.id).toBe('ga-glob');
  });

  it('an exact name whose domains exclude the cookie does not win', () => {
    const elsewhere = entry({ id: 'ga-elsewhere', name: '_ga', domains: ['other.example'] });
    expect(findEntry([elsewhere, glob], at('_ga'))?.id).toBe('ga-glob');
  });

  it('storage: the same rule, within the kind', () => {
    const stored = (fields: Partial<StorageEntry> & { id: string }): StorageEntry => ({ kind: 'localStorage', label: fields.id, purpose: { fr: 'x' }, ...fields });
    const entries = [stored({ id: 'any', pattern: '_ma_*' }), stored({ id: 'db', kind: 'indexedDB', key: '_ma_last' }), stored({ id: 'last', key: '_ma_last' })];
    expect(findStorageEntry(entries, { kind: 'localStorage', origin: 'https://www.esomus.com', key: '_ma_last' })?.id).toBe('last');
    expect(findStorageEntry(entries, { kind: 'indexedDB', origin: 'https://www.esomus.com', key: '_ma_last' })?.id).toBe('db');
  });
});

describe('the indexed matcher chooses exactly as the rule says, on many entries', () => {
  /** The rule, written the slow way: exact names first, else the first matching entry in file order. */
  function reference(entries: CookieEntry[], cookie: { name: string; domain: string }): CookieEntry | undefined {
    const matching = entries.filter((entry) => ruleMatches(nameRule(entry), cookie.name) && hostAllowed(entry.domains, cookie.domain));
    return matching.find((entry) => entry.name !== undefined) ?? matching[0];
  }

  it('agrees with the reference on 600 mixed entries and 3,000 cookies', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const stems = ['_ga', '_gid', 'sess', 'uid', 'pref', '_hj', 'ab'];
    const domains = [undefined, ['esomus.com'], ['other.example'], ['www.esomus.com']];
    const entries: CookieEntry[] = Array.from({ length: 600 }, (_, index) => {
      const stem = stems[random(stems.length)];
      const kind = random(5);
      const rule =
        kind === 0 ? { pattern: `${stem}*` } : kind === 1 ? { pattern: `*${stem}?` } : kind === 2 ? { regex: random(2) ? `^${stem}_\\d+$` : `${stem}\\d` } : { name: `${stem}${random(30)}` };
      return { id: `e${index}`, party: 'first', type: 'session', label: 'L', purpose: { fr: 'x' }, domains: domains[random(domains.length)], ...rule };
    });
    for (let index = 0; index < 3000; index++) {
      const stem = stems[random(stems.length)];
      const name = [`${stem}${random(40)}`, `${stem}_${random(99)}`, `x${stem}${random(9)}`, stem][random(4)];
      const cookieSeen = { name, domain: ['www.esomus.com', 'esomus.com', 'ads.other.example', 'elsewhere.test'][random(4)] };
      expect(findEntry(entries, cookieSeen)?.id, `${cookieSeen.name} on ${cookieSeen.domain}`).toBe(reference(entries, cookieSeen)?.id);
    }
  });
});

describe('many problems', () => {
  it('lists the first hundred and counts the rest', () => {
    const cookies = Array.from({ length: 150 }, () => '{ id: same, name: N, party: first, type: session, label: L, purpose: { fr: x } }');
    const listed = problems(withCookies(...cookies));
    expect(listed).toHaveLength(101);
    expect(listed[100]).toBe('106:11 : … and 49 more problems after this line (fix the ones above first)');
  });
});

describe('file-level problems', () => {
  // A missing file and a directory: test/inventory/load.test.ts ("loadInventory on an unreadable file").
  afterEach(() => {
    vi.doUnmock('node:fs/promises');
    vi.resetModules();
  });

  it('a path through a file: says the path is wrong', async () => {
    const file = tempFile('inventory.yaml', 'version: 1\n');
    expect(await loadProblems(join(file, 'inventory.yaml'))).toEqual([
      `${join(file, 'inventory.yaml')}:1:1 : no inventory file "${join(file, 'inventory.yaml')}": a part of this path is a file, not a directory; check the path given to --inventory`,
    ]);
  });

  it('an unreadable file (EACCES): permission denied and what to do', async () => {
    vi.resetModules();
    vi.doMock('node:fs/promises', async (importOriginal) => ({
      ...(await importOriginal<typeof import('node:fs/promises')>()),
      readFile: async () => {
        throw Object.assign(new Error("EACCES: permission denied, open 'secret.yaml'"), { code: 'EACCES' });
      },
    }));
    const { loadInventory: load } = await import('../../src/inventory/load.js');
    const error = await load('secret.yaml').catch((thrown: unknown) => thrown);
    expect((error as Error).name).toBe('InventoryError');
    expect((error as Error).message).toBe(
      'secret.yaml:1:1 cannot read "secret.yaml": permission denied; make it readable (e.g. chmod a+r "secret.yaml") or run as a user who may read it',
    );
  });
});
