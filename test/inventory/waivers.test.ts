import { describe, expect, test } from 'vitest';
import { parseInventory } from '../../src/inventory/load.js';
import { parseProblems as problems } from '../helpers/inventory-problems.js';

const HEAD = `version: 1
policy:
  title: Cookie policy
  owner: Example
  version: "1"
  persistent: { minLifetime: 1 day, maxLifetime: 13 months }
sites: []
cookies:
  - id: uid
    name: UID
    party: first
    type: persistent
    label: UID
    purpose: { fr: Compte les pages. }
`;

/** The inventory above with a `waivers:` list (YAML text, indented as list items). */
const withWaivers = (items: string) => `${HEAD}waivers:\n${items}`;

describe('waivers in the inventory', () => {
  test('are optional and default to none', () => {
    expect(parseInventory(HEAD, 'inline.yaml').waivers).toEqual([]);
  });

  test('load with every field and where each is written; an unquoted date stays a date string', () => {
    const inventory = parseInventory(
      withWaivers(`  - cookie: _hjSession
    kind: undeclared
    site: esomus
    reason: vendor removes it in v3
    owner: dpo@example.com
    expires: 2025-06-30
  - entry: uid
    kind: over-long
    reason: "renewal in progress"
    owner: web team
    expires: "2025-12-31"
`),
      'inline.yaml',
    );
    expect(inventory.waivers).toEqual([
      {
        cookie: '_hjSession',
        kind: 'undeclared',
        site: 'esomus',
        reason: 'vendor removes it in v3',
        owner: 'dpo@example.com',
        expires: '2025-06-30',
        location: { file: 'inline.yaml', line: 16, column: 5 },
      },
      {
        entry: 'uid',
        kind: 'over-long',
        reason: 'renewal in progress',
        owner: 'web team',
        expires: '2025-12-31',
        location: { file: 'inline.yaml', line: 22, column: 5 },
      },
    ]);
  });

  test('need exactly one of cookie and entry', () => {
    const both = withWaivers(`  - cookie: UID
    entry: uid
    kind: over-long
    reason: r
    owner: o
    expires: 2025-06-30
`);
    expect(problems(both)).toEqual(['16:5 waivers[0]: a waiver needs exactly one of cookie, entry']);
    const neither = withWaivers(`  - kind: over-long
    reason: r
    owner: o
    expires: 2025-06-30
`);
    expect(problems(neither)).toEqual(['16:5 waivers[0]: a waiver needs exactly one of cookie, entry']);
  });

  test('need a reason, an owner and an expiry date', () => {
    const [reason, owner, expires, ...rest] = problems(withWaivers('  - cookie: UID\n    kind: over-long\n'));
    expect([reason, owner, rest]).toEqual(['16:5 waivers[0].reason: missing required key "reason"', '16:5 waivers[0].owner: missing required key "owner"', []]);
    // The schema words a missing date as a malformed one ("got nothing"); either way it points at the waiver.
    expect(expires).toMatch(/^16:5 waivers\[0\]\.expires: /);
  });

  test('reject an expiry that is not a real YYYY-MM-DD date, saying how to write it', () => {
    const bad = (expires: string) =>
      problems(withWaivers(`  - cookie: UID\n    kind: over-long\n    reason: r\n    owner: o\n    expires: ${expires}\n`));
    expect(bad('30/06/2025')).toEqual(['20:14 waivers[0].expires: expected a date written YYYY-MM-DD, e.g. "2027-03-31", got "30/06/2025"']);
    expect(bad('2025-02-30')).toEqual(['20:14 waivers[0].expires: expected a date written YYYY-MM-DD, e.g. "2027-03-31", got "2025-02-30"']);
    expect(bad('2025-06-30T12:00:00Z')).toHaveLength(1);
  });

  test('reject an unknown finding kind, listing the kinds a waiver may accept (never expired-waiver)', () => {
    const [message] = problems(withWaivers('  - cookie: UID\n    kind: expired-waiver\n    reason: r\n    owner: o\n    expires: 2025-06-30\n'));
    expect(message).toMatch(/^17:11 waivers\[0\]\.kind: expected one of "undeclared", "over-long", .* or "despite-refusal", got "expired-waiver"$/);
  });

  test('reject unknown keys with a suggestion, and an empty reason', () => {
    const found = problems(withWaivers('  - cookie: UID\n    kind: over-long\n    reason: ""\n    owner: o\n    expire: 2025-06-30\n'));
    expect(found.filter((problem) => !problem.includes('waivers[0].expires:'))).toEqual([
      '18:13 waivers[0].reason: must not be empty',
      '20:5 waivers[0].expire: unknown key "expire" (did you mean "expires"?)',
    ]);
  });
});

describe('waivers name what exists', () => {
  test('an entry id that no entry has is an error at the waiver', () => {
    const text = withWaivers('  - { entry: uidd, kind: unobserved, reason: r, owner: o, expires: 2030-01-01 }\n');
    expect(problems(text)).toEqual(['16:14 waivers[0].entry: no entry has the id "uidd": give the id of a cookies: or storage: entry']);
  });

  test('a site name that no site has is an error when the inventory declares sites', () => {
    const text = withWaivers('  - { cookie: UID, kind: over-long, site: shopp, reason: r, owner: o, expires: 2030-01-01 }\n').replace(
      'sites: []',
      'sites:\n  - { name: shop, urls: ["https://www.shop.test/"], domains: [shop.test] }',
    );
    expect(problems(text)).toEqual(['17:43 waivers[0].site: no site is named "shopp" (sites: shop)']);
  });
});
