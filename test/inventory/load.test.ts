import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InventoryError } from '../../src/errors.js';
import { isNamed } from '../../src/inventory/match.js';
import { loadInventory, parseInventory } from '../../src/inventory/load.js';
import { parseProblems } from '../helpers/inventory-problems.js';

const REPO_INVENTORY = fileURLToPath(new URL('../../inventory.yaml', import.meta.url));
const fixture = (name: string) => `test/fixtures/inventories/${name}.yaml`;

/** Each problem as `line:column path: message`, in report order. */
async function problemsOf(file: string): Promise<string[]> {
  const error = await loadInventory(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InventoryError);
  const { problems } = error as InventoryError;
  for (const problem of problems) expect(problem.location.file).toBe(file);
  return problems.map(({ location, path, message }) => `${location.line}:${location.column} ${path}: ${message}`);
}

describe("the repository's inventory.yaml", () => {
  it('loads the six cookies of the policy, three of them without a technical name', async () => {
    const inventory = await loadInventory(REPO_INVENTORY);
    expect(inventory.file).toBe(REPO_INVENTORY);
    expect(inventory.policy).toMatchObject({ title: 'Politique relative aux cookies', owner: 'ESOMUS', version: '2022-04-01' });
    expect(inventory.policy.persistent.minLifetime.text).toBe('1 day');
    expect(inventory.policy.persistent.maxLifetime.years).toBe(5);
    expect(inventory.policy.persistent.reference).toBe('section 8');
    expect(inventory.sites).toMatchObject([{ name: 'esomus', urls: ['https://www.esomus.com/'], domains: ['esomus.com'] }]);
    expect(inventory.cookies.map((cookie) => cookie.id)).toEqual([
      'seo-keywords',
      'stck-id',
      'code-operation',
      'last-account-id',
      'uid',
      'u2',
    ]);
    expect(inventory.cookies.map((cookie) => cookie.type)).toEqual(['session', 'session', 'session', 'persistent', 'persistent', 'persistent']);
    expect(inventory.cookies.filter((cookie) => !isNamed(cookie)).map((cookie) => cookie.label)).toEqual([
      "Mots clés de l'optimisation de référencement pour les moteurs de recherche (Search Engine Optimisation, SEO)",
      'Code Opération',
      'ID du dernier compte',
    ]);
    expect(inventory.cookies.every((cookie) => cookie.party === 'first' && cookie.purpose.en)).toBe(true);
  });

  it('copies the purposes verbatim, folded lines joined by single spaces', async () => {
    const { cookies } = await loadInventory(REPO_INVENTORY);
    expect(cookies.find((cookie) => cookie.id === 'uid')?.purpose.fr).toBe(
      'Ce cookie nous permet de compter le nombre de pages sur lesquelles vous avez cliqué lorsque vous avez visité notre site.',
    );
  });
});

describe('parseInventory on a valid file', () => {
  it('produces the model, with the location of every site and cookie', async () => {
    const inventory = await loadInventory(fixture('minimal'));
    expect(inventory).toMatchObject({
      file: fixture('minimal'),
      version: 1,
      sites: [],
      cookies: [
        {
          id: 'sid',
          name: 'SID',
          party: 'first',
          type: 'session',
          label: 'Session',
          purpose: { fr: 'Garde la session.' },
          location: { file: fixture('minimal'), line: 9, column: 5 },
        },
      ],
    });
    expect(inventory.policy.persistent.maxLifetime).toMatchObject({ months: 13, text: '13 months' });
    expect(inventory.cookies[0]).not.toHaveProperty('maxLifetime');
  });

  it('gives an empty storage list when the file has no storage: key', async () => {
    expect((await loadInventory(fixture('minimal'))).storage).toEqual([]);
  });

  it('reads storage entries with their locations, domains normalised', async () => {
    const file = fixture('storage');
    const { storage, cookies } = await loadInventory(file);
    expect(cookies.map((cookie) => cookie.id)).toEqual(['uid']);
    expect(storage).toEqual([
      {
        id: 'ma-last-visit',
        kind: 'localStorage',
        key: '_ma_last_visit',
        party: 'first',
        label: 'Dernière visite',
        purpose: { fr: 'Date de la dernière visite.', en: 'Date of the last visit.' },
        category: 'analytics',
        location: { file, line: 16, column: 5 },
      },
      {
        id: 'app-db',
        kind: 'indexedDB',
        pattern: 'app-*',
        domains: ['example.com'],
        label: 'Base locale',
        purpose: { fr: 'Données hors ligne.' },
        location: { file, line: 23, column: 5 },
      },
      expect.objectContaining({ id: 'tab-state', kind: 'sessionStorage', regex: '^tab_[0-9]+$', location: { file, line: 29, column: 5 } }),
      expect.objectContaining({ id: 'unnamed-storage', location: { file, line: 34, column: 5 } }),
    ]);
    expect(storage.map(isNamed)).toEqual([true, true, true, false]);
  });

  it('normalises domains to lowercase without a leading dot', () => {
    const inventory = parseInventory(
      [
        'version: 1',
        'policy: { title: T, owner: O, version: "1", persistent: { minLifetime: P1D, maxLifetime: P1Y } }',
        'sites: [{ name: shop, urls: ["http://127.0.0.1:8080/"], domains: [Shop.Example] }]',
        'cookies: [{ id: a, name: A, domains: [.CDN.example], party: third, type: session, label: A, purpose: { fr: x } }]',
      ].join('\n'),
      'inline.yaml',
    );
    expect(inventory.sites[0].domains).toEqual(['shop.example']);
    expect(inventory.cookies[0].domains).toEqual(['cdn.example']);
    expect(inventory.sites[0].location).toEqual({ file: 'inline.yaml', line: 3, column: 9 });
  });
});

describe('problems point at file:line:column and the key path', () => {
  it.each([
    ['unknown-key', '13:5 cookies[0].maxLifetme: unknown key "maxLifetme" (did you mean "maxLifetime"?)'],
    ['wrong-enum', '11:12 cookies[0].party: expected one of "first" or "third", got "1st"'],
    ['duplicate-id', '15:9 cookies[1].id: duplicate id "uid" (already used by cookies[0] at line 9): give each entry its own id'],
    ['two-names', '11:14 cookies[0].pattern: use only one of name, pattern or regex (this entry already has name)'],
    ['bad-regex', '10:12 cookies[0].regex: not a valid regular expression: /^_ga_[A-Z0-9+$/: Unterminated character class'],
    ['missing-key', '9:5 cookies[0].label: missing required key "label"'],
    ['wrong-version', '1:10 version: unsupported inventory version 2: this cookie-audit reads version 1'],
    ['session-max-lifetime', '13:18 cookies[0].maxLifetime: maxLifetime applies only to persistent cookies'],
    ['duplicate-key', '13:5 cookies[0].name: duplicate key "name" (first written at line 10): each key may appear only once in a map; keep one'],
    ['storage-unknown-key', '12:5 storage[0].keys: unknown key "keys" (did you mean "key"?)'],
    ['storage-bad-kind', '11:11 storage[0].kind: expected one of "localStorage", "sessionStorage" or "indexedDB", got "cookieStore"'],
    ['storage-two-keys', '10:48 storage[0].regex: use only one of key, pattern or regex (this entry already has key)'],
  ])('%s', async (name, expected) => {
    expect(await problemsOf(fixture(name))).toEqual([expected]);
  });

  it('duplicate ids: within storage, and between storage and cookies (findings name entries by id)', async () => {
    expect(await problemsOf(fixture('storage-duplicate-id'))).toEqual([
      '21:9 storage[1].id: duplicate id "uid" (already used by cookies[0] at line 9; ids are shared by cookies and storage): give each entry its own id',
      '26:9 storage[2].id: duplicate id "last-visit" (already used by storage[0] at line 16): give each entry its own id',
    ]);
  });

  it('storage must be a list of entries', () => {
    const text = 'version: 1\npolicy: { title: T, owner: O, version: "1", persistent: { minLifetime: P1D, maxLifetime: P1Y } }\nsites: []\ncookies: []\nstorage: { a: 1 }\n';
    expect(parseProblems(text)).toEqual(['5:10 storage: expected a list, got a map']);
  });

  it('a storage entry needs kind, label and purpose', () => {
    const text = 'version: 1\npolicy: { title: T, owner: O, version: "1", persistent: { minLifetime: P1D, maxLifetime: P1Y } }\nsites: []\ncookies: []\nstorage:\n  - id: a\n    key: k\n';
    expect(parseProblems(text)).toEqual([
      '6:5 storage[0].kind: missing required key "kind"',
      '6:5 storage[0].label: missing required key "label"',
      '6:5 storage[0].purpose: missing required key "purpose"',
    ]);
  });

  it('bad duration: names the accepted forms', async () => {
    const [problem] = await problemsOf(fixture('bad-duration'));
    expect(problem).toMatch(/^13:18 cookies\[0\]\.maxLifetime: expected a duration such as "1 day", .* got "13 moons"$/);
  });

  it('number duration: suggests a unit', async () => {
    const problems = await problemsOf(fixture('number-duration'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^13:18 cookies\[0\]\.maxLifetime: expected a duration .* got the number 400 with no unit/);
    expect(problems[0]).toContain('did you mean "400 days"?');
  });

  it("YAML syntax error: yaml's own position, no key path", async () => {
    const problems = await problemsOf(fixture('yaml-syntax'));
    expect(problems).toEqual([
      '10:5 : invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports every problem at once, in file order', async () => {
    const problems = await problemsOf(fixture('several-problems'));
    expect(problems.map((problem) => problem.slice(0, problem.indexOf(': ')))).toEqual([
      '6:50 policy.persistent.maxLifetime',
      '9:12 sites[0].urls[0]',
      '16:5 cookies[0].maxLifetme',
      '19:5 cookies[1].label',
      '19:9 cookies[1].id',
      '21:12 cookies[1].party',
      '23:18 cookies[1].maxLifetime',
    ]);
    expect(problems[1]).toContain('expected an http or https URL');
    expect(problems[3]).toContain('missing required key "label"');
  });

  it('says which policy bound is out of order', () => {
    const text = 'version: 1\npolicy: { title: T, owner: O, version: "1", persistent: { minLifetime: 2 years, maxLifetime: 13 months } }\nsites: []\ncookies: []\n';
    expect(parseProblems(text)).toEqual([
      '2:72 policy.persistent.minLifetime: minLifetime (2 years) is longer than maxLifetime (13 months)',
    ]);
  });

  it('points a missing top-level key at the document and an empty value at its key', () => {
    expect(parseProblems('version: 1\nsites: []\ncookies: []\n')).toEqual(['1:1 policy: missing required key "policy"']);
    expect(parseProblems('')).toEqual(['1:1 : the inventory is empty: write at least version: 1, policy, sites and cookies (see "The inventory" in the README)']);
    const emptyLabel = 'version: 1\npolicy: { title: T, owner: O, version: "1", persistent: { minLifetime: P1D, maxLifetime: P1Y } }\nsites: []\ncookies:\n  - id: a\n    party: first\n    type: session\n    label:\n    purpose: { fr: x }\n';
    expect(parseProblems(emptyLabel)).toEqual(['8:5 cookies[0].label: expected text, got nothing']);
  });

  it('lists the allowed keys when no key is close', () => {
    const text = 'version: 1\npolicy: { title: T, owner: O, version: "1", persistent: { minLifetime: P1D, maxLifetime: P1Y } }\nsites: []\ncookies: []\nzzz: 1\n';
    expect(parseProblems(text)).toEqual(['5:1 zzz: unknown key "zzz" (expected one of: version, policy, sites, cookies, storage, waivers)']);
  });
});

describe('loadInventory on an unreadable file', () => {
  it('names the file and says what to do', async () => {
    await expect(loadInventory('no-such-inventory.yaml')).rejects.toThrow(
      'no-such-inventory.yaml:1:1 no inventory file "no-such-inventory.yaml": create one (see README) or pass --inventory FILE',
    );
  });

  it('explains a directory', async () => {
    await expect(loadInventory('test')).rejects.toThrow('"test" is a directory');
  });
});
