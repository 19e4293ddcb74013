import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { inventoryJsonSchema, validateInventory } from '../../src/inventory/schema.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('schema/inventory.schema.json', () => {
  it('is exactly what inventoryJsonSchema() generates (run `npm run build && node scripts/write-schema.mjs`)', () => {
    expect(read('schema/inventory.schema.json')).toBe(`${JSON.stringify(inventoryJsonSchema(), null, 2)}\n`);
  });

  it('is a strict draft 2020-12 schema that carries the duration pattern and the help texts', () => {
    const schema = inventoryJsonSchema() as Record<string, any>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    const cookie = schema.properties.cookies.items;
    expect(cookie.additionalProperties).toBe(false);
    expect(cookie.required).toEqual(['id', 'party', 'type', 'label', 'purpose']);
    expect(cookie.properties.maxLifetime).toMatchObject({ type: 'string', pattern: expect.stringContaining('years') });
    expect(cookie.properties.party.enum).toEqual(['first', 'third']);
    expect(cookie.properties.label.description).toBeTruthy();
  });

  it('describes the optional storage list: strict entries, the three kinds, optional party', () => {
    const schema = inventoryJsonSchema() as Record<string, any>;
    expect(schema.required).toEqual(['version', 'policy', 'sites', 'cookies']);
    expect(schema.properties.storage).toMatchObject({ type: 'array' });
    const storage = schema.properties.storage.items;
    expect(storage.additionalProperties).toBe(false);
    expect(storage.required).toEqual(['id', 'kind', 'label', 'purpose']);
    expect(storage.properties.kind.enum).toEqual(['localStorage', 'sessionStorage', 'indexedDB']);
    expect(Object.keys(storage.properties)).toEqual(['id', 'kind', 'key', 'pattern', 'regex', 'domains', 'party', 'label', 'purpose', 'category']);
  });
});

describe('validateInventory and storage', () => {
  const base = {
    version: 1,
    policy: { title: 'T', owner: 'O', version: '1', persistent: { minLifetime: '1 day', maxLifetime: '1 year' } },
    sites: [],
    cookies: [{ id: 'uid', name: 'UID', party: 'first', type: 'session', label: 'UID', purpose: { fr: 'x' } }],
  };
  const good = { id: 'last', kind: 'localStorage', key: '_ma_last', label: 'Dernière visite', purpose: { fr: 'x' } };

  it('accepts a good entry and defaults storage to an empty list', () => {
    const withStorage = validateInventory({ ...base, storage: [good] });
    expect(withStorage.success && withStorage.data.storage).toEqual([good]);
    const without = validateInventory(base);
    expect(without.success && without.data.storage).toEqual([]);
  });

  it('rejects an unknown key, a bad kind and an id a cookie already uses', () => {
    const result = validateInventory({
      ...base,
      storage: [
        { ...good, value: 'x' },
        { ...good, id: 'b', kind: 'cookie' },
        { ...good, id: 'uid' },
      ],
    });
    expect(result.success ? [] : result.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['storage.0.value', 'unknown key "value" (expected one of: id, kind, key, pattern, regex, domains, party, label, purpose, category)'],
      ['storage.1.kind', 'expected one of "localStorage", "sessionStorage" or "indexedDB", got "cookie"'],
      ['storage.2.id', 'duplicate id "uid" (already used by cookies[0]; ids are shared by cookies and storage)'],
    ]);
  });
});

describe('inventory.yaml', () => {
  it('validates against the schema', () => {
    const text = read('inventory.yaml');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/inventory.schema.json');
    const result = validateInventory(parseDocument(text).toJS());
    expect(result.success ? [] : result.issues).toEqual([]);
  });
});
