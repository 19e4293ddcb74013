import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { audit } from '../audit/index.js';
import { scan, type ScanOptions } from '../crawl/scan.js';
import { loadCookieDatabase, type CookieDatabase } from '../hints/open-cookie-database.js';
import { EXIT, UsageError } from '../errors.js';
import type { Inventory } from '../model/inventory.js';
import type { AuditResult, ScanRecord } from '../model/result.js';
import { reporters } from '../report/index.js';
import { shouldUseColor } from './color.js';
import type { ReportFlags } from './options.js';
import { clearProgress, progressReporter } from './progress.js';
import { TOOL } from './tool.js';

/** Scans, audits, writes every requested output, and says which exit code the run deserves. */
export async function scanAndReport(inventory: Inventory, scanOptions: ScanOptions, flags: ReportFlags): Promise<number> {
  if (flags.json) await ensureWritable(flags.json);
  const record = await scan({ ...scanOptions, onProgress: progressReporter(process.stderr, flags.quiet) });
  clearProgress(process.stderr, flags.quiet);
  return auditAndReport(record, inventory, flags);
}

/** Audits a scan (fresh or merged), writes --json, prints the terminal report, returns the exit code. */
export async function auditAndReport(record: ScanRecord, inventory: Inventory, flags: ReportFlags): Promise<number> {
  const database = await loadHints();
  const result = audit(record, inventory, { failOn: flags.failOn, tool: TOOL, hints: database?.lookup });
  if (flags.json) await writeOutput(flags.json, reporters.json(result, { color: false, lang: 'en' }));
  const color = shouldUseColor(flags.color, Boolean(process.stdout.isTTY), process.env);
  process.stdout.write(reporters.terminal(result, { color, lang: 'en' }));
  return exitCodeFor(result);
}

/** Hints are a help, not a need: without the data the audit still runs, and says why hints are missing. */
async function loadHints(): Promise<CookieDatabase | undefined> {
  try {
    return await loadCookieDatabase();
  } catch (error) {
    process.stderr.write(`No known-cookie hints: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}

export function exitCodeFor(result: AuditResult): number {
  if (result.scan.sites.some((site) => !site.complete)) return EXIT.scanIncomplete;
  return result.summary.verdict === 'fail' ? EXIT.findings : EXIT.ok;
}

/** Checked before scanning: a typo in an output path must not cost a whole scan. */
export async function ensureWritable(file: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await access(dirname(file), constants.W_OK);
  } catch (error) {
    throw new UsageError(`--json ${file}: cannot write there (${(error as NodeJS.ErrnoException).code ?? String(error)}); give a writable path`);
  }
}

async function writeOutput(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
}
