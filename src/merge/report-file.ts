/**
 * Reading a saved JSON report back (pure: the text is read by the caller) for merge, report and diff.
 * Checks only what they rely on — the schema version and the arrays they walk — and names the file in
 * every error.
 */
import { UsageError } from '../errors.js';
import { SCHEMA_VERSION, type AuditResult } from '../model/result.js';

/** What the caller does with the report, for the schemaVersion message. */
const USES = {
  merge: 'cannot be merged; this cookie-audit reads schemaVersion {v} (scan every shard with the same cookie-audit version)',
  read: 'cannot be read; this cookie-audit reads schemaVersion {v} (use the cookie-audit version that wrote it, or scan again)',
} as const;

export function parseShardReport(text: string, file: string): AuditResult {
  return parseSavedReport(text, file, 'merge');
}

export function parseSavedReport(text: string, file: string, use: keyof typeof USES): AuditResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not a JSON report (${error instanceof Error ? error.message : String(error)}); give a file written by cookie-audit scan --json`);
  }
  if (!isRecord(value) || !('schemaVersion' in value)) {
    throw new UsageError(`${file}: not a cookie-audit JSON report (no schemaVersion); give a file written by cookie-audit scan --json`);
  }
  if (value.schemaVersion !== SCHEMA_VERSION) {
    throw new UsageError(
      `${file}: schemaVersion ${JSON.stringify(value.schemaVersion)} ${USES[use].replace('{v}', String(SCHEMA_VERSION))}`,
    );
  }
  const missing = missingParts(value);
  if (missing.length > 0) throw new UsageError(`${file}: not a complete cookie-audit JSON report (missing or invalid: ${missing.join(', ')})`);
  return value as unknown as AuditResult;
}

/** The parts the merge reads; `storage` and `rejectedCookies` may be absent (older reports). */
function missingParts(report: Record<string, unknown>): string[] {
  const scan = isRecord(report.scan) ? report.scan : {};
  const checks: [string, boolean][] = [
    ['scan', isRecord(report.scan)],
    ['scan.startedAt', typeof scan.startedAt === 'string'],
    ['scan.finishedAt', typeof scan.finishedAt === 'string'],
    ['scan.browser', isRecord(scan.browser)],
    ['scan.sites', Array.isArray(scan.sites) && scan.sites.every(isSite)],
    ['cookies', Array.isArray(report.cookies) && report.cookies.every(isRecord)],
    ['findings', Array.isArray(report.findings) && report.findings.every(isRecord)],
    ['summary', isRecord(report.summary)],
    ['storage', report.storage === undefined || (Array.isArray(report.storage) && report.storage.every(isRecord))],
    ['rejectedCookies', report.rejectedCookies === undefined || (Array.isArray(report.rejectedCookies) && report.rejectedCookies.every(isRecord))],
  ];
  return checks.filter(([, ok]) => !ok).map(([part]) => part);
}

function isSite(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    Array.isArray(value.startUrls) &&
    typeof value.pagesVisited === 'number' &&
    Array.isArray(value.errors) &&
    typeof value.complete === 'boolean'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
