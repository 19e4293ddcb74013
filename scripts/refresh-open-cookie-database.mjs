// Replaces the shipped Open Cookie Database with a newer upstream CSV, after checking that it parses.
// Needs the compiled parser: run `npm run build` first.
import { copyFile, readFile, writeFile } from 'node:fs/promises';

const USAGE =
  'usage: node scripts/refresh-open-cookie-database.mjs <path/to/open-cookie-database.csv> [upstream-commit] (run `npm run build` first)';
const TARGET_DIR = new URL('../data/open-cookie-database/', import.meta.url);
const TARGET_CSV = new URL('open-cookie-database.csv', TARGET_DIR);
const SOURCE_MD = new URL('SOURCE.md', TARGET_DIR);
const ROWS_LINE = /^- Copied at upstream commit .*, [\d,]+ rows\.$/m;

function usageError(message) {
  console.error(message);
  process.exit(2);
}

async function loadParser() {
  try {
    return (await import('../dist/hints/open-cookie-database.js')).parseCookieDatabase;
  } catch (error) {
    if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return usageError('dist/hints/open-cookie-database.js not found: run `npm run build` first');
  }
}

function rowsLine(rows, commit, today) {
  return `- Copied at upstream commit ${commit ?? 'not recorded'} (refreshed ${today}), ${rows.toLocaleString('en-US')} rows.`;
}

async function main(args) {
  if (args.length < 1 || args.length > 2 || args[0].startsWith('-')) usageError(USAGE);
  const [csvPath, commit] = args;
  const csvText = await readFile(csvPath, 'utf8').catch(() => usageError(`cannot read ${csvPath}`));
  const parseCookieDatabase = await loadParser();
  const database = parseCookieDatabase(csvText);

  const sourceText = await readFile(SOURCE_MD, 'utf8');
  if (!ROWS_LINE.test(sourceText)) throw new Error(`no "- Copied at upstream commit …, N rows." line in ${SOURCE_MD.pathname}`);
  const today = new Date().toISOString().slice(0, 10);

  await copyFile(csvPath, TARGET_CSV);
  await writeFile(SOURCE_MD, sourceText.replace(ROWS_LINE, rowsLine(database.size, commit, today)));
  console.error(`copied ${database.size} rows to ${TARGET_CSV.pathname}; updated ${SOURCE_MD.pathname}`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`refresh failed: ${error.message}`);
  process.exit(1);
});
