import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { LIFETIME_TOLERANCE_SECONDS } from '../../src/audit/index.js';
import { FINDING_KINDS } from '../../src/model/finding.js';

const doc = readFileSync(new URL('../../docs/json-report.md', import.meta.url), 'utf8');

test('the documented finding kinds are FINDING_KINDS, in order, with their severities and summaries', () => {
  const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| (error|warning|info) \| (.+) \|$/gm)].map(([, kind, severity, summary]) => [
    kind,
    severity,
    summary,
  ]);
  expect(rows).toEqual(Object.entries(FINDING_KINDS).map(([kind, { severity, summary }]) => [kind, severity, summary]));
});

test('the documented tolerance is the one the audit uses', () => {
  expect(doc).toContain(`**${LIFETIME_TOLERANCE_SECONDS} seconds**`);
});
