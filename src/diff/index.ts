/**
 * Comparing a report with a baseline report (e.g. the main branch's scan): cookies added, removed and
 * changed, findings new, existing and fixed, and — with failOnNew — a verdict on new findings only.
 * Pure: both reports come in as data.
 */
import { summarise } from '../audit/index.js';
import { UsageError } from '../errors.js';
import type { AuditResult } from '../model/result.js';
import { diffCookies } from './cookies.js';
import { diffFindings } from './findings.js';

export { compareKeys, cookieKey, diffCookies } from './cookies.js';
export { diffFindings, findingIdentity, type FindingDiff } from './findings.js';

export interface BaselineOptions {
  /** The baseline report's file as the user gave it, shown in reports. */
  file: string;
  /** Judge only findings the baseline does not have (summary.gate 'new'). */
  failOnNew: boolean;
}

/**
 * `head` with `baseline` filled in, every finding marked `change`, and the summary recomputed: with
 * failOnNew the verdict fails only on new, unwaived findings at or above head.summary.failOn.
 * Throws a UsageError when the two reports have different schema versions.
 */
export function compareWithBaseline(base: AuditResult, head: AuditResult, options: BaselineOptions): AuditResult {
  if (base.schemaVersion !== head.schemaVersion) {
    throw new UsageError(
      `${options.file}: the baseline has schemaVersion ${JSON.stringify(base.schemaVersion)} but the report compared with it has ` +
        `${JSON.stringify(head.schemaVersion)}; scan the baseline again with the same cookie-audit version`,
    );
  }
  const { findings, fixed } = diffFindings(base.findings, head.findings);
  const fresh = findings.filter((finding) => finding.change === 'new').length;
  // Spelled out, in the model's order, so the JSON report keeps its key order.
  return {
    schemaVersion: head.schemaVersion,
    tool: head.tool,
    inventory: head.inventory,
    baseline: {
      file: options.file,
      startedAt: base.scan.startedAt,
      cookies: diffCookies(base.cookies, head.cookies),
      findings: { new: fresh, fixed, unchanged: findings.length - fresh },
    },
    scan: head.scan,
    cookies: head.cookies,
    rejectedCookies: head.rejectedCookies,
    storage: head.storage,
    findings,
    summary: summarise(
      { sites: head.scan.sites, cookies: head.cookies.length, findings },
      head.summary.failOn,
      options.failOnNew ? 'new' : 'all',
    ),
  };
}
