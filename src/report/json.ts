import type { AuditResult } from '../model/result.js';

/** The JSON report (docs/json-report.md). The audit already sorted everything, so output is stable. */
export function renderJson(result: AuditResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
