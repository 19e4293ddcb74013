import type { AuditResult } from '../model/result.js';
import type { ReportOptions } from './index.js';

/**
 * The JSON report (docs/json-report.md). The audit already sorted everything, so output is stable.
 * Cookie values appear only with includeValues: without it every `value` is dropped, so rendering a
 * saved report that has values again without --include-values removes them.
 */
export function renderJson(result: AuditResult, options: Pick<ReportOptions, 'includeValues'> = { includeValues: false }): string {
  return `${JSON.stringify(options.includeValues ? result : withoutValues(result), null, 2)}\n`;
}

/** The result without a `value` on any cookie (nor on rejected cookies or storage keys, should a hand-edited report carry one). */
function withoutValues(result: AuditResult): AuditResult {
  const drop = <T extends object>(item: T): T => {
    if (!Object.hasOwn(item, 'value')) return item;
    const { value: _value, ...rest } = item as T & { value?: unknown };
    return rest as T;
  };
  return { ...result, cookies: result.cookies.map(drop), rejectedCookies: result.rejectedCookies.map(drop), storage: result.storage.map(drop) };
}
