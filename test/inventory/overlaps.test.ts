import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/load.js';
import { inventoryWarningList, inventoryWarnings } from '../../src/inventory/overlaps.js';

const POLICY = 'policy: { title: T, owner: O, version: "1", persistent: { minLifetime: 1 day, maxLifetime: 5 years } }';

/** An inventory of the given cookie and storage entries (flow maps), one per line from line 5. */
function inventory(cookies: string[], storage: string[] = []) {
  const lines = ['version: 1', POLICY, 'sites: []', 'cookies:', ...cookies.map((entry) => `  - ${entry}`)];
  if (storage.length > 0) lines.push('storage:', ...storage.map((entry) => `  - ${entry}`));
  return parseInventory(`${lines.join('\n')}\n`, 'inventory.yaml');
}

const cookie = (id: string, fields: string) => `{ id: ${id}, party: first, type: persistent, label: L, purpose: { fr: x }, ${fields} }`;
const stored = (id: string, fields: string) => `{ id: ${id}, label: L, purpose: { fr: x }, ${fields} }`;

describe('inventoryWarnings: overlapping entries', () => {
  it('an exact name also matched by a pattern and a regex: the exact name wins, said at the exact entry', () => {
    const warnings = inventoryWarnings(inventory([cookie('ga-any', 'pattern: "_ga*"'), cookie('ga-regex', 'regex: "^_g"'), cookie('ga', 'name: _ga')]));
    expect(warnings).toEqual([
      'inventory.yaml:7:5 cookies[2].name: "_ga" is also matched by cookies[0] (pattern "_ga*", line 5); an exact name wins, so "_ga" is audited against cookies[2], never cookies[0]',
      'inventory.yaml:7:5 cookies[2].name: "_ga" is also matched by cookies[1] (regex "^_g", line 6); an exact name wins, so "_ga" is audited against cookies[2], never cookies[1]',
    ]);
  });

  it('no warning when their domains cannot meet', () => {
    const entries = [cookie('ga-any', 'pattern: "_ga*", domains: [ads.example]'), cookie('ga', 'name: _ga, domains: [esomus.com]')];
    expect(inventoryWarnings(inventory(entries))).toEqual([]);
    const sub = [cookie('ga-any', 'pattern: "_ga*", domains: [www.esomus.com]'), cookie('ga', 'name: _ga, domains: [esomus.com]')];
    expect(inventoryWarnings(inventory(sub))).toHaveLength(1);
  });

  it('the same exact name twice: the second never declares anything where the first does', () => {
    const warnings = inventoryWarnings(inventory([cookie('uid', 'name: UID'), cookie('uid-again', 'name: UID, domains: [esomus.com]')]));
    expect(warnings).toEqual([
      'inventory.yaml:6:5 cookies[1].name: cookies[0] (line 5) already has the name "UID" and covers the same domains; the first in the file wins, so this entry never declares anything there: remove one, or give them different domains',
    ]);
    const apart = [cookie('uid', 'name: UID, domains: [esomus.com]'), cookie('uid-ads', 'name: UID, domains: [ads.example]')];
    expect(inventoryWarnings(inventory(apart))).toEqual([]);
  });

  it('storage: only within one kind', () => {
    const warnings = inventoryWarningList(
      inventory([cookie('n', 'name: N')], [stored('any', 'kind: localStorage, pattern: "_ma_*"'), stored('db', 'kind: indexedDB, key: _ma_last'), stored('last', 'kind: localStorage, key: _ma_last')]),
    );
    expect(warnings.map((warning) => `${warning.location.line} ${warning.path}`)).toEqual(['9 storage[2].key']);
    expect(warnings[0].message).toContain('an exact key wins, so "_ma_last" is audited against storage[2], never storage[0]');
  });

  it('two patterns that overlap are not guessed at statically (the audit takes the first in the file)', () => {
    expect(inventoryWarnings(inventory([cookie('a', 'pattern: "_ga*"'), cookie('b', 'pattern: "_g*"')]))).toEqual([]);
  });
});

describe('inventoryWarnings: lifetimes', () => {
  it("an entry's maxLifetime above the policy's maximum is a warning, not an error: the entry is what the audit applies", () => {
    expect(inventoryWarnings(inventory([cookie('long', 'name: L, maxLifetime: 10 years')]))).toEqual([
      "inventory.yaml:5:5 cookies[0].maxLifetime: 10 years is longer than policy.persistent.maxLifetime (5 years); the audit applies this entry's 10 years, so its cookies pass up to that: check the policy — lower the entry, or the policy contradicts itself",
    ]);
  });

  it("below the policy's minimum: every cookie it allows is below-minimum", () => {
    expect(inventoryWarnings(inventory([cookie('short', 'name: S, maxLifetime: 2 hours')]))).toEqual([
      'inventory.yaml:5:5 cookies[0].maxLifetime: 2 hours is shorter than policy.persistent.minLifetime (1 day): every cookie this entry allows is below the policy minimum',
    ]);
  });

  it('within the bounds: nothing', () => {
    expect(inventoryWarnings(inventory([cookie('ok', 'name: K, maxLifetime: 13 months'), cookie('max', 'name: M, maxLifetime: P5Y')]))).toEqual([]);
  });
});

describe('inventoryWarnings: rules', () => {
  it('a pattern without wildcard: write the name', () => {
    expect(inventoryWarnings(inventory([cookie('uid', 'pattern: UID')]))).toEqual([
      'inventory.yaml:5:5 cookies[0].pattern: "UID" has no "*" or "?", so it matches only "UID": write name: UID instead (an exact name also wins over patterns)',
    ]);
  });

  it('a pattern or regex matching every name hides undeclared cookies', () => {
    expect(inventoryWarnings(inventory([cookie('all', 'pattern: "*"')]))).toEqual([
      'inventory.yaml:5:5 cookies[0].pattern: matches every name, so nothing there can be reported undeclared: narrow it, e.g. "_ga_*"',
    ]);
    expect(inventoryWarnings(inventory([cookie('all', 'regex: ".", domains: [esomus.com]')]))).toEqual([
      'inventory.yaml:5:5 cookies[0].regex: matches every name on esomus.com, so nothing there can be reported undeclared: narrow it, e.g. "_ga_*"',
    ]);
  });

  it('a regex written between slashes', () => {
    expect(inventoryWarnings(inventory([cookie('ga', 'regex: "/^_ga_/"')]))).toEqual([
      'inventory.yaml:5:5 cookies[0].regex: the slashes are part of the expression here (it matches names with "/" in them): write the regex without them, e.g. "^_ga_" (flags are not supported)',
    ]);
  });

  it("the repository's inventory has nothing to warn about", async () => {
    const { loadInventory } = await import('../../src/inventory/load.js');
    expect(inventoryWarnings(await loadInventory('inventory.yaml'))).toEqual([]);
  });
});

describe('inventoryWarnings at scale', () => {
  it('2,000 entries (the benchmark has 10,000): each overlap found once', () => {
    const cookies = Array.from({ length: 2_000 }, (_, index) =>
      index % 1000 === 0 ? cookie(`p${index}`, `pattern: "n${index}_*"`) : cookie(`e${index}`, `name: n${index - (index % 1000)}_${index % 1000}`),
    );
    const warnings = inventoryWarnings(inventory(cookies));
    expect(warnings).toHaveLength(1998);
    expect(warnings[0]).toContain('"n0_1" is also matched by cookies[0] (pattern "n0_*", line 5)');
  });
});
