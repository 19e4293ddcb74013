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
});

describe('inventory.yaml', () => {
  it('validates against the schema', () => {
    const text = read('inventory.yaml');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/inventory.schema.json');
    const result = validateInventory(parseDocument(text).toJS());
    expect(result.success ? [] : result.issues).toEqual([]);
  });
});
