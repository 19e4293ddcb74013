import { audit, localDate } from '../audit/index.js';
import { scan, type ScanOptions } from '../crawl/scan.js';
import { compareWithBaseline } from '../diff/index.js';
import { loadCookieDatabase, type CookieDatabase } from '../hints/open-cookie-database.js';
import { EXIT } from '../errors.js';
import type { Inventory } from '../model/inventory.js';
import type { AuditResult, ScanRecord } from '../model/result.js';
import type { ReportFlags } from './options.js';
import { ensureWritable, reportFiles, writeReports } from './outputs.js';
import { stopOnSignals } from './interrupt.js';
import { clearProgress, progressReporter } from './progress.js';
import { TOOL } from './tool.js';

/** A saved report to compare the new one with (scan --baseline). */
export interface Baseline {
  file: string;
  result: AuditResult;
  failOnNew: boolean;
}

/** Scans, audits, writes every requested output, and says which exit code the run deserves. */
export async function scanAndReport(inventory: Inventory, scanOptions: ScanOptions, flags: ReportFlags, baseline?: Baseline): Promise<number> {
  await ensureWritable(reportFiles(flags));
  const interruption = stopOnSignals(process.stderr);
  try {
    const record = await scan({
      ...scanOptions,
      includeValues: flags.includeValues,
      signal: interruption.signal,
      onProgress: progressReporter(process.stderr, flags.quiet),
    });
    clearProgress(process.stderr, flags.quiet);
    return await auditAndReport(record, inventory, flags, baseline);
  } finally {
    interruption.dispose();
  }
}

/** Audits a scan (fresh or merged), compares it with the baseline if any, writes the reports, returns the exit code. */
export async function auditAndReport(record: ScanRecord, inventory: Inventory, flags: ReportFlags, baseline?: Baseline): Promise<number> {
  const database = await loadHints();
  const result = audit(record, inventory, { failOn: flags.failOn, tool: TOOL, hints: database?.lookup, today: localDate(new Date()) });
  return report(baseline ? compareWithBaseline(baseline.result, result, { file: baseline.file, failOnNew: baseline.failOnNew }) : result, flags);
}

/** Writes the reports of an audited result and returns its exit code. */
export async function report(result: AuditResult, flags: ReportFlags, output?: string): Promise<number> {
  const failedFiles = await writeReports(result, flags, output);
  return failedFiles.length > 0 ? EXIT.scanIncomplete : exitCodeFor(result);
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
