/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per finding kind, one result per finding. Results
 * point at the inventory entry they concern (file:line:column); findings about something the
 * inventory lacks (an undeclared cookie) point at the inventory file's first line, where the missing
 * entry belongs. Each result carries a partial fingerprint built from the finding's identity (the one
 * the baseline comparison uses), so code scanning tracks an alert across runs even when the
 * inventory's lines move. Waived findings are suppressed (kind external); a baseline comparison
 * becomes baselineState. Site-provided text is escaped in messages and kept as data in properties.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { compareFindings } from '../audit/order.js';
import { findingIdentity } from '../diff/index.js';
import { FINDING_KINDS, type Finding, type FindingKind, type Severity } from '../model/finding.js';
import type { SourceLocation } from '../model/inventory.js';
import type { AuditResult, SiteScan } from '../model/result.js';
import { escapeTerminal } from './escape.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The partialFingerprints key; bump its version if the identity ever changes meaning. */
const FINGERPRINT = 'cookieAuditFinding/v1';

const LEVELS: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/** What each kind means at length and what to do about it: the rule's fullDescription and help. */
const RULE_TEXTS: Record<FindingKind, { full: string; help: string }> = {
  undeclared: {
    full: 'A cookie was placed on the device that no inventory entry declares, so the published cookie policy does not tell visitors about it.',
    help: 'Declare the cookie in the inventory (name or pattern, party, type, lifetime, purpose) and in the published policy, or stop setting it. The message names the page and the response or script that set it.',
  },
  'over-long': {
    full: "The lifetime the site requested for a persistent cookie (Max-Age or Expires, before any browser cap) is longer than the entry's maxLifetime, or than the policy maximum when the entry gives none or the cookie is undeclared.",
    help: 'Shorten the Max-Age or Expires where the cookie is set or, if the longer lifetime is intended, raise maxLifetime in the inventory and in the published policy.',
  },
  'below-minimum': {
    full: 'A persistent cookie asks for a lifetime shorter than the minimum the policy gives for persistent cookies.',
    help: "Give the cookie at least the policy minimum, make it a session cookie (and declare it so), or change the policy's minLifetime.",
  },
  'type-mismatch': {
    full: 'The inventory declares the cookie as a session cookie but the site set it with an expiry (persistent), or the reverse.',
    help: 'Change how the cookie is set (add or remove Max-Age/Expires), or correct its type in the inventory and in the published policy.',
  },
  'party-mismatch': {
    full: "The inventory declares the cookie first-party but it was set on a registrable domain that is not one of the site's (third-party), or the reverse.",
    help: "Check which domain sets the cookie; correct the entry's party (or the site's domains) in the inventory, or move the cookie.",
  },
  unobserved: {
    full: 'A declared cookie or storage key was never seen during the scan: it may be set only on pages or under scenarios the scan did not reach, or be no longer used.',
    help: 'If it is no longer used, remove it from the inventory and the published policy; otherwise add a start URL or a scenario that reaches it.',
  },
  'unnamed-entry': {
    full: 'An inventory entry has no technical name, pattern or regex, so no cookie can match it: the policy names it only by a label.',
    help: "Add name:, pattern: or regex: with the cookie's technical name; the finding suggests observed names that look like the label.",
  },
  'undeclared-storage': {
    full: 'A localStorage or sessionStorage key, or an IndexedDB database, was found that no storage entry declares; similar technologies fall under the same rules as cookies.',
    help: 'Declare it under storage: in the inventory and in the published policy, or stop writing it.',
  },
  'before-consent': {
    full: 'A cookie whose entry needs consent was set before the visitor made any choice on the consent banner.',
    help: 'Hold back the response or script that sets it until the visitor accepts, or mark the entry consent: exempt if it is strictly necessary.',
  },
  'despite-refusal': {
    full: 'A cookie whose entry needs consent was set after the visitor refused consent.',
    help: 'Make the site honour the refusal: once consent is refused, do not load the script or send the header that sets the cookie.',
  },
  'expired-waiver': {
    full: 'An inventory waiver has passed its expiry date and no longer waives anything.',
    help: 'Fix the cookie or entry and remove the waiver, or renew the waiver with a later expires date if its reason still holds.',
  },
};

const KINDS = Object.keys(FINDING_KINDS) as FindingKind[];

export function renderSarif(result: AuditResult): string {
  const findings = [...result.findings].sort(compareFindings);
  const prints = fingerprints(findings);
  const log: Sarif.Log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: result.tool.name, version: result.tool.version, semanticVersion: result.tool.version, rules: KINDS.map(rule) } },
        invocations: [invocation(result)],
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding, index) => sarifResult(result, finding, prints[index])),
        properties: runProperties(result),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * Where a finding points: the inventory entry or waiver it concerns, else the inventory file's first
 * line (an undeclared cookie's entry belongs there); nothing when the result has no inventory file.
 */
export function findingLocation(result: AuditResult, finding: Finding): SourceLocation | undefined {
  if (finding.location) return finding.location;
  return result.inventory ? { file: result.inventory.file, line: 1, column: 1 } : undefined;
}

/** One line of English that says where (site, scenario, cookie) and what; control characters escaped. */
export function findingText(finding: Finding): string {
  const where = [
    finding.site === null ? '' : `site ${finding.site}`,
    finding.scenario === null ? '' : `scenario ${finding.scenario}`,
    finding.cookie ? `cookie "${finding.cookie.name}" (${finding.cookie.domain})` : '',
  ].filter((part) => part !== '');
  const text = where.length > 0 ? `${where.join(', ')}: ${finding.message}` : finding.message;
  return escapeTerminal(text.charAt(0).toUpperCase() + text.slice(1));
}

function rule(kind: FindingKind): Sarif.ReportingDescriptor {
  const { severity, summary } = FINDING_KINDS[kind];
  return {
    id: kind,
    name: kind.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: `${summary.charAt(0).toUpperCase()}${summary.slice(1)}.` },
    fullDescription: { text: RULE_TEXTS[kind].full },
    help: { text: RULE_TEXTS[kind].help },
    defaultConfiguration: { level: LEVELS[severity] },
    properties: { tags: ['privacy', 'cookies'] },
  };
}

function sarifResult(result: AuditResult, finding: Finding, fingerprint: string): Sarif.Result {
  const location = findingLocation(result, finding);
  return {
    ruleId: finding.kind,
    ruleIndex: KINDS.indexOf(finding.kind),
    level: LEVELS[finding.severity],
    message: { text: findingText(finding) },
    ...(location ? { locations: [{ physicalLocation: physicalLocation(location) }] } : {}),
    partialFingerprints: { [FINGERPRINT]: fingerprint },
    ...(finding.change ? { baselineState: finding.change === 'new' ? 'new' : 'unchanged' } : {}),
    ...(finding.waiver ? { suppressions: [suppression(finding.waiver)] } : {}),
    properties: withoutNulls({
      site: finding.site,
      scenario: finding.scenario,
      // Name and domain only: nothing else a saved report might carry (a cookie value) reaches SARIF.
      cookie: finding.cookie && { name: finding.cookie.name, domain: finding.cookie.domain },
      entry: finding.entry,
      storage: finding.storage,
      facts: finding.facts,
      hint: finding.hint,
      suggestions: finding.suggestions,
      change: finding.change,
    }),
  };
}

function suppression(waiver: NonNullable<Finding['waiver']>): Sarif.Suppression {
  return {
    kind: 'external',
    status: 'accepted',
    justification: waiver.reason,
    ...(waiver.location ? { location: { physicalLocation: physicalLocation(waiver.location) } } : {}),
    properties: { owner: waiver.owner, expires: waiver.expires },
  };
}

function physicalLocation(location: SourceLocation): Sarif.PhysicalLocation {
  return { artifactLocation: artifactLocation(location.file), region: { startLine: location.line, startColumn: location.column } };
}

/** A relative path becomes a URI under %SRCROOT% (the repository); an absolute one a file: URI. */
function artifactLocation(file: string): Sarif.ArtifactLocation {
  const path = file.replaceAll('\\', '/');
  if (posix.isAbsolute(path)) return { uri: pathToFileURL(path).href };
  const relative = path.replace(/^(\.\/)+/, '').split('/').map(encodeURIComponent).join('/');
  return { uri: relative, uriBaseId: '%SRCROOT%' };
}

/** Hash of each finding's identity, numbered when several findings share one: stable across runs. */
function fingerprints(findings: Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const hash = createHash('sha256').update(findingIdentity(finding)).digest('hex');
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

function invocation(result: AuditResult): Sarif.Invocation {
  const { scan } = result;
  const notifications = scan.sites.flatMap((site) => site.errors.map((error) => pageErrorNotification(site, error)));
  return {
    executionSuccessful: scan.sites.every((site) => site.complete),
    startTimeUtc: scan.startedAt,
    endTimeUtc: scan.finishedAt,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
    properties: withoutNulls({
      browser: scan.browser,
      shard: scan.shard,
      pagesVisited: result.summary.pagesVisited,
      sites: scan.sites.map(({ name, scenario, pagesVisited, complete, notVisited, stoppedBy, errors }) =>
        withoutNulls({ name, scenario, pagesVisited, complete, notVisited, stoppedBy, errors: errors.length }),
      ),
    }),
  };
}

/** A page that failed to load: an error when it left the site uncovered, else a warning. */
function pageErrorNotification(site: SiteScan, error: SiteScan['errors'][number]): Sarif.Notification {
  return {
    level: site.complete ? 'warning' : 'error',
    message: { text: escapeTerminal(`Site ${site.name}, scenario ${site.scenario}: ${error.url}: ${error.message}`) },
  };
}

function runProperties(result: AuditResult): Sarif.PropertyBag {
  const { baseline } = result;
  return withoutNulls({
    summary: result.summary,
    policy: result.inventory?.policy,
    baseline: baseline && {
      file: baseline.file,
      startedAt: baseline.startedAt,
      newFindings: baseline.findings.new,
      unchangedFindings: baseline.findings.unchanged,
      fixedFindings: baseline.findings.fixed.length,
    },
  });
}

/** The entries whose value is neither null nor undefined. */
function withoutNulls(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined));
}
