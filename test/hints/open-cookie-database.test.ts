import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASE_COLUMNS,
  loadCookieDatabase,
  parseCookieDatabase,
  type CookieDatabase,
} from '../../src/hints/open-cookie-database.js';

const HEADER = DATABASE_COLUMNS.join(',');

/** One CSV line in the real column order; fields are written as given (quote them yourself). */
function row(platform: string, name: string, wildcard: 0 | 1, description = 'd', retention = '1 year'): string {
  return ['id', platform, 'Analytics', name, '', description, retention, 'Ctrl', '', String(wildcard)].join(',');
}

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

describe('the shipped Open Cookie Database', () => {
  let database: CookieDatabase;
  beforeAll(async () => {
    database = await loadCookieDatabase();
  });

  it('loads with more than 2,000 rows', () => {
    expect(database.size).toBeGreaterThan(2000);
    expect(database.size).toBe(2264);
  });

  it('knows _ga exactly as Google Analytics', () => {
    expect(database.lookup('_ga')).toEqual({
      platform: 'Google Analytics',
      category: 'Analytics',
      retention: '2 years',
      dataController: 'Google',
      description: 'ID used to identify users',
      matched: '_ga',
      source: 'Open Cookie Database',
    });
  });

  it('matches _ga_ABC123 through the _ga_ wildcard row', () => {
    expect(database.lookup('_ga_ABC123')).toMatchObject({ platform: 'Google Analytics', matched: '_ga_*' });
  });

  it('prefers the longer of two wildcard prefixes (_gat_gtag_ over _gat)', () => {
    expect(database.lookup('_gat_gtag_UA_1')?.matched).toBe('_gat_gtag_*');
    expect(database.lookup('_gat_UA-1')?.matched).toBe('_gat*');
  });

  it('is case-sensitive and returns undefined for unknown names', () => {
    expect(database.lookup('_GA')).toBeUndefined();
    expect(database.lookup('no-such-cookie-xyz')).toBeUndefined();
    expect(database.lookup('')).toBeUndefined();
  });

  it('keeps an empty retention and data controller as ""', () => {
    expect(database.lookup('XSRF-TOKEN')).toMatchObject({ platform: '', dataController: '', retention: 'Session' });
    expect(database.lookup('_hjLocalStorageTest')?.retention).toBe('');
  });

  it('trims a name written with a trailing tab upstream', () => {
    expect(database.lookup('ce_need_secure_cookie')?.matched).toBe('ce_need_secure_cookie');
  });

  it('treats a name with a trailing "*" as a wildcard even when the flag is 0', () => {
    expect(database.lookup('SSPR_42')).toMatchObject({ platform: 'Adkernel', matched: 'SSPR_*' });
  });

  it('keeps quotes and commas inside fields', () => {
    expect(database.lookup('lu')?.description).toContain('state of the "remember me" check box, etc.)');
  });
});

describe('parseCookieDatabase', () => {
  it('lets the longest wildcard prefix win, whatever the file order', () => {
    const database = parseCookieDatabase(csv(row('Short', 'ab', 1), row('Long', 'abc_', 1), row('Mid', 'abc', 1)));
    expect(database.lookup('abc_1')).toMatchObject({ platform: 'Long', matched: 'abc_*' });
    expect(database.lookup('abcd')).toMatchObject({ platform: 'Mid', matched: 'abc*' });
    expect(database.lookup('abX')).toMatchObject({ platform: 'Short', matched: 'ab*' });
    expect(database.lookup('a')).toBeUndefined();
  });

  it('prefers an exact name over any prefix', () => {
    const database = parseCookieDatabase(csv(row('Prefix', 'sess', 1), row('Exact', 'session', 0)));
    expect(database.lookup('session')).toMatchObject({ platform: 'Exact', matched: 'session' });
    expect(database.lookup('session2')).toMatchObject({ platform: 'Prefix', matched: 'sess*' });
  });

  it('does not use a non-wildcard row as a prefix', () => {
    const database = parseCookieDatabase(csv(row('Exact', 'sid', 0)));
    expect(database.lookup('sid2')).toBeUndefined();
  });

  it('breaks ties by file order, for exact names and for prefixes', () => {
    const database = parseCookieDatabase(
      csv(row('First', 'dup', 0), row('Second', 'dup', 0), row('FirstP', 'pre_', 1), row('SecondP', 'pre_', 1)),
    );
    expect(database.lookup('dup')?.platform).toBe('First');
    expect(database.lookup('pre_x')?.platform).toBe('FirstP');
  });

  it('keeps quotes and commas inside quoted fields, trims fields, skips blank rows', () => {
    const text = csv('', row(' Vendor ', ' q ', 0, '"Says ""hi"", twice"', ' '), '   ', ',,,,,,,,,');
    const database = parseCookieDatabase(text);
    expect(database.size).toBe(1);
    expect(database.lookup('q')).toMatchObject({ platform: 'Vendor', description: 'Says "hi", twice', retention: '' });
  });

  it('accepts a byte-order mark and columns in another order', () => {
    const reversed = [...DATABASE_COLUMNS].reverse();
    const values = reversed.map((column) => (column === 'Cookie / Data Key name' ? 'x' : column === 'Platform' ? 'P' : ''));
    const database = parseCookieDatabase(`\uFEFF${reversed.join(',')}\n${values.join(',')}\n`);
    expect(database.lookup('x')?.platform).toBe('P');
  });

  it('names a missing column in its error', () => {
    const header = DATABASE_COLUMNS.filter((column) => column !== 'Data Controller').join(',');
    expect(() => parseCookieDatabase(`${header}\n`)).toThrow('has no "Data Controller" column');
  });

  it('rejects an empty file and a row with the wrong number of fields', () => {
    expect(() => parseCookieDatabase('')).toThrow(/empty/);
    expect(() => parseCookieDatabase(csv('id,P,C,name'))).toThrow(/Invalid Record Length/);
  });

  it('names the file when loading a broken one fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ocd-'));
    const file = join(dir, 'broken.csv');
    try {
      await writeFile(file, 'ID,Platform\n');
      await expect(loadCookieDatabase(file)).rejects.toThrow(`${file}: Open Cookie Database CSV has no "Category" column`);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
