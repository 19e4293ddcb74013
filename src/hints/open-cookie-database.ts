import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { CookieHint } from '../model/finding.js';

/** The shipped copy; src/hints and dist/hints are both two levels below the package root. */
export const DEFAULT_DATABASE_FILE = new URL('../../data/open-cookie-database/open-cookie-database.csv', import.meta.url);

export { OPEN_COOKIE_DATABASE_CITATION } from '../model/finding.js';

export interface CookieDatabase {
  /** Number of data rows read (blank rows and rows without a name are not counted). */
  size: number;
  lookup(cookieName: string): CookieHint | undefined;
}

/** The columns of the upstream file; all must be present, extra ones are ignored. */
export const DATABASE_COLUMNS = [
  'ID',
  'Platform',
  'Category',
  'Cookie / Data Key name',
  'Domain',
  'Description',
  'Retention period',
  'Data Controller',
  'User Privacy & GDPR Rights Portals',
  'Wildcard match',
] as const;

type Column = (typeof DATABASE_COLUMNS)[number];
type ColumnIndex = Record<Column, number>;

interface DatabaseRow {
  name: string;
  wildcard: boolean;
  hint: Omit<CookieHint, 'matched'>;
}

export async function loadCookieDatabase(file: string | URL = DEFAULT_DATABASE_FILE): Promise<CookieDatabase> {
  const text = await readFile(file, 'utf8');
  try {
    return parseCookieDatabase(text);
  } catch (error) {
    const where = file instanceof URL ? file.pathname : file;
    throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
  }
}

export function parseCookieDatabase(csvText: string): CookieDatabase {
  const records = parse(csvText, {
    bom: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
  });
  const [header, ...body] = records;
  if (header === undefined) throw new Error('Open Cookie Database CSV is empty (no header row)');
  const columns = indexColumns(header);
  const rows = body.map((record) => toRow(record, columns)).filter((row) => row.name !== '');
  return buildIndex(rows);
}

function indexColumns(header: string[]): ColumnIndex {
  const index = {} as ColumnIndex;
  for (const column of DATABASE_COLUMNS) {
    const position = header.indexOf(column);
    if (position === -1) throw new Error(`Open Cookie Database CSV has no "${column}" column`);
    index[column] = position;
  }
  return index;
}

function toRow(record: string[], columns: ColumnIndex): DatabaseRow {
  const cell = (column: Column): string => (record[columns[column]] ?? '').trim();
  const rawName = cell('Cookie / Data Key name');
  // A few upstream rows write the wildcard as a trailing "*" (e.g. "SSPR_*") but leave the flag at 0.
  const starred = rawName.endsWith('*');
  return {
    name: starred ? rawName.slice(0, -1) : rawName,
    wildcard: cell('Wildcard match') === '1' || starred,
    hint: {
      platform: cell('Platform'),
      category: cell('Category'),
      retention: cell('Retention period'),
      dataController: cell('Data Controller'),
      description: cell('Description'),
      source: 'Open Cookie Database',
    },
  };
}

function buildIndex(rows: DatabaseRow[]): CookieDatabase {
  const exact = new Map<string, DatabaseRow>();
  const prefixes = new Map<string, DatabaseRow>();
  let longestPrefix = 0;
  // First row in file order wins on duplicate names, hence the `has` checks; for an exact lookup an
  // exact row beats a wildcard row of the same name.
  for (const row of rows) {
    const known = exact.get(row.name);
    if (!known || (known.wildcard && !row.wildcard)) exact.set(row.name, row);
    if (row.wildcard && !prefixes.has(row.name)) {
      prefixes.set(row.name, row);
      longestPrefix = Math.max(longestPrefix, row.name.length);
    }
  }

  function lookup(cookieName: string): CookieHint | undefined {
    const exactRow = exact.get(cookieName);
    if (exactRow) return { ...exactRow.hint, matched: exactRow.name };
    for (let length = Math.min(cookieName.length, longestPrefix); length > 0; length--) {
      const prefixRow = prefixes.get(cookieName.slice(0, length));
      if (prefixRow) return { ...prefixRow.hint, matched: `${prefixRow.name}*` };
    }
    return undefined;
  }

  return { size: rows.length, lookup };
}
