/**
 * Properties of the whole audit, with the real audit() on generated scans and inventories: every
 * cookie is declared or undeclared (never both, never lost), every named entry nothing matched is
 * unobserved, the output does not depend on input order, findings are sorted, and the summary and
 * verdict agree with the findings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { compareCookies, compareFindings } from '../../src/audit/order.js';
import { FINDING_KINDS, SEVERITIES, type Finding, type FindingKind, type Severity } from '../../src/model/finding.js';
import type { CookieEntry, Inventory, StorageEntry, Waiver } from '../../src/model/inventory.js';
import type { Observation, StorageObservation } from '../../src/model/observation.js';
import type { AuditResult } from '../../src/model/result.js';
import {
  DAY,
  duration,
  entry,
  inventory,
  observation,
  policy,
  scan,
  storageEntry,
  storageObservation,
  TODAY,
  TOOL,
  waiver,
} from './builders.js';

/** Audit runs are slower than a parse: fewer runs keep the suite fast. */
const RUNS = { numRuns: 40 };

// Small pools, so that names, patterns, domains and waivers often meet.
const COOKIE_NAMES = ['UID', 'U2', 'U', 'UI', '_ga', '_ga_ABC', '_gid', 'a.b', 'aXb', 'STCK_ID', 'x', 'é'];
const COOKIE_DOMAINS = ['.esomus.test', 'www.esomus.test', 'ads.partner.test', '.partner.test', 'other.test'];
const SITES = ['esomus', 'shop'];
const SCENARIOS = ['anonymous', 'consented'];
const PATTERNS = ['_ga*', '_ga_*', 'U?', 'U*', '*', '?', 'a.b', 'a?b', '*ID', 'S*_ID', 'nomatch*', 'UID'];
// Regexes with and without a leading literal, escapes, quantifiers and alternations (the matcher indexes
// entries by the literal text they start with).
const REGEXES = [
  '^_ga', '^_ga_\\w+$', 'ID$', '^U\\d', '^a\\.b$', '^a.b$', '^U+', '^UI?D',
  '^(?:UID|U2)$', '^_g(a|id)', 'a|U', '^S.*', '^x{1}', '^\\x55', '^$', 'é',
];
const ENTRY_DOMAINS = ['esomus.test', '.partner.test', 'ESOMUS.test', 'www.esomus.test'];
const STORAGE_KEYS = ['_ma_last', '_ma_id', 'theme', 'db'];
const STORAGE_PATTERNS = ['_ma_*', '*', 'the?e', 'd?', '_ma_l*', '_ma_id'];
const STORAGE_REGEXES = ['^_ma_', 'e$', '^(?:db|theme)$', '^_ma_(id|last)$', '^d.'];
const ORIGINS = ['https://www.esomus.test', 'https://cdn.partner.test', 'null'];
const STORAGE_KINDS = ['localStorage', 'sessionStorage', 'indexedDB'] as const;
const LIFETIMES = [60, 3600, 30 * DAY, 395 * DAY, 5 * 365 * DAY + 1000, 10 * 365 * DAY];

/** How an entry names what it declares: exact, glob, regex, or not at all. */
function naming<K extends 'name' | 'key'>(exactKey: K, exacts: readonly string[], patterns: readonly string[], regexes: readonly string[]) {
  return fc.oneof(
    fc.constantFrom(...exacts, 'unseen').map((text) => ({ [exactKey]: text }) as { [P in K]: string }),
    fc.constantFrom(...patterns).map((pattern) => ({ pattern })),
    fc.constantFrom(...regexes).map((regex) => ({ regex })),
    fc.constant({}),
  );
}

const maybeDomains = fc.option(fc.subarray(ENTRY_DOMAINS, { minLength: 1 }), { nil: undefined });

const cookieEntryParts = fc.record({
  naming: naming('name', COOKIE_NAMES, PATTERNS, REGEXES),
  domains: maybeDomains,
  party: fc.constantFrom('first', 'third' as const),
  type: fc.constantFrom('session', 'persistent' as const),
  maxLifetime: fc.option(fc.constantFrom('1 day', '13 months', '400d', '2 years'), { nil: undefined }),
  consent: fc.option(fc.constantFrom('required', 'exempt' as const), { nil: undefined }),
});

const storageEntryParts = fc.record({
  naming: naming('key', STORAGE_KEYS, STORAGE_PATTERNS, STORAGE_REGEXES),
  kind: fc.constantFrom(...STORAGE_KINDS),
  domains: maybeDomains,
});

const cookie: fc.Arbitrary<Observation> = fc
  .record({
    site: fc.constantFrom(...SITES),
    scenario: fc.constantFrom(...SCENARIOS),
    consent: fc.option(fc.constantFrom('none', 'given', 'refused' as const), { nil: undefined }),
    name: fc.constantFrom(...COOKIE_NAMES),
    domain: fc.constantFrom(...COOKIE_DOMAINS),
    path: fc.constantFrom('/', '/compte'),
    partitionKey: fc.constantFrom(null, 'https://shop.test'),
    party: fc.constantFrom('first', 'third' as const),
    persistent: fc.option(fc.record({ requested: fc.option(fc.constantFrom(...LIFETIMES)) })),
    setAt: fc.constantFrom('2025-03-10T09:00:00.000Z', '2024-02-29T12:00:00.000Z', 'not a date'),
    transient: fc.boolean(),
    lifetimeVaried: fc.boolean(),
  })
  .map(({ persistent, consent, ...fields }) =>
    observation({
      ...fields,
      ...(consent ? { consent } : {}),
      type: persistent ? 'persistent' : 'session',
      requestedLifetimeSeconds: persistent?.requested ?? null,
      effectiveLifetimeSeconds: persistent ? Math.min(persistent.requested ?? 400 * DAY, 400 * DAY) : null,
    }),
  );

/** The jar's identity of a cookie: a scan holds one observation per identity. */
const cookieIdentity = (c: Observation) => JSON.stringify([c.site, c.scenario, c.name, c.domain, c.path, c.partitionKey]);

const storageItem: fc.Arbitrary<StorageObservation> = fc
  .record({
    site: fc.constantFrom(...SITES),
    scenario: fc.constantFrom(...SCENARIOS),
    kind: fc.constantFrom(...STORAGE_KINDS),
    origin: fc.constantFrom(...ORIGINS),
    key: fc.constantFrom(...STORAGE_KEYS),
    party: fc.constantFrom('first', 'third' as const),
  })
  .map((fields) => storageObservation(fields));

const storageIdentity = (s: StorageObservation) => JSON.stringify([s.site, s.scenario, s.kind, s.origin, s.key]);

const KINDS = Object.keys(FINDING_KINDS) as FindingKind[];

/**
 * Waivers, expired or not (TODAY is 2025-03-10; only unexpired ones when `unexpired`): some aimed at
 * findings the audit gives without waivers (`findings`), so that they apply, others at any name or id.
 */
function waivers(findings: readonly Finding[], entryIds: readonly string[], unexpired: boolean): fc.Arbitrary<Waiver[]> {
  const expires = unexpired ? fc.constantFrom(TODAY, '2025-06-30') : fc.constantFrom('2024-12-31', '2025-03-09', TODAY, '2025-06-30');
  const site = fc.option(fc.constantFrom(...SITES), { nil: undefined });
  const anyWaiver = fc
    .record({
      subject: fc.oneof(
        fc.constantFrom(...COOKIE_NAMES, ...STORAGE_KEYS).map((name): Partial<Waiver> => ({ cookie: name })),
        ...(entryIds.length > 0 ? [fc.constantFrom(...entryIds).map((id): Partial<Waiver> => ({ entry: id }))] : []),
      ),
      kind: fc.constantFrom(...KINDS.filter((kind) => kind !== 'expired-waiver')),
      site,
      expires,
    })
    .map(({ subject, site: on, ...rest }) => waiver({ ...subject, ...rest, ...(on ? { site: on } : {}) }));
  const aimed = findings.filter((finding) => finding.kind !== 'expired-waiver');
  if (aimed.length === 0) return fc.array(anyWaiver, { maxLength: 3 }).map(placed);
  const aimedWaiver = fc
    .record({ finding: fc.constantFrom(...aimed), byEntry: fc.boolean(), onSite: fc.boolean(), expires })
    .map(({ finding, byEntry, onSite, expires: until }) => {
      const name = finding.cookie?.name ?? finding.storage?.key;
      const subject = (byEntry && finding.entry) || name === undefined ? { entry: finding.entry ?? 'none' } : { cookie: name };
      return waiver({ ...subject, kind: finding.kind, expires: until, ...(onSite && finding.site ? { site: finding.site } : {}) });
    });
  return fc.array(fc.oneof(anyWaiver, aimedWaiver), { maxLength: 3 }).map(placed);
}

/** Each waiver on its own line of the file, so that which one applied shows. */
function placed(list: Waiver[]): Waiver[] {
  return list.map((w, index) => ({ ...w, location: { file: 'inventory.yaml', line: 200 + index * 6, column: 5 } }));
}

interface AuditInput {
  cookies: Observation[];
  storage: StorageObservation[];
  entries: CookieEntry[];
  storageEntries: StorageEntry[];
  waivers: Waiver[];
  consentRequired: boolean | undefined;
  failOn: Severity;
}

/** A cookie a tidy site sets: within the policy's bounds and after consent. */
function tidied(c: Observation): Observation {
  if (c.type === 'session') return { ...c, consent: 'given' };
  const requested = Math.min(c.requestedLifetimeSeconds ?? 395 * DAY, 395 * DAY);
  const lifetime = Math.max(requested, 2 * DAY);
  return { ...c, consent: 'given', requestedLifetimeSeconds: lifetime, effectiveLifetimeSeconds: lifetime };
}

/**
 * Cookies and storage keys, entries of every kind, and exact entries written from some of the
 * observations themselves (party and type as seen), all in any order. A quarter of the inputs are
 * tidy (every observation declared first, lifetimes within bounds, no expired waiver), so that
 * passing verdicts are not rare.
 */
const auditInput: fc.Arbitrary<AuditInput> = fc
  .record({
    tidy: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    cookies: fc.uniqueArray(cookie, { selector: cookieIdentity, maxLength: 10 }),
    storage: fc.uniqueArray(storageItem, { selector: storageIdentity, maxLength: 4 }),
    entryParts: fc.array(cookieEntryParts, { maxLength: 6 }),
    storageEntryParts: fc.array(storageEntryParts, { maxLength: 3 }),
    consentRequired: fc.option(fc.boolean(), { nil: undefined }),
    failOn: fc.constantFrom(...SEVERITIES),
  })
  .chain(({ tidy, entryParts, storageEntryParts: storageParts, ...generated }) => {
    const rest = tidy ? { ...generated, cookies: generated.cookies.map(tidied) } : generated;
    const declared = <T>(items: T[]) => (tidy ? fc.constant(items) : fc.subarray(items));
    return fc
      .tuple(declared(rest.cookies), declared(rest.storage))
      .chain(([declaredCookies, declaredStorage]) => {
        const derivedCookies = declaredCookies.map(({ name, party, type }) => ({
          naming: { name },
          party,
          type,
          domains: undefined,
          maxLifetime: undefined,
          consent: undefined,
        }));
        const derivedStorage = declaredStorage.map(({ key, kind }) => ({ naming: { key }, kind, domains: undefined }));
        // Tidy: the observations' own entries first, so that they win; otherwise everything in any order.
        const inAnyOrder = <T>(first: T[], then: T[]) =>
          tidy ? fc.constant([...first, ...then]) : fc.shuffledSubarray([...first, ...then], { minLength: first.length + then.length });
        return fc.tuple(inAnyOrder(derivedCookies, entryParts), inAnyOrder(derivedStorage, storageParts));
      })
      .chain(([cookieParts, storageEntryParts]) => {
        const entries = cookieParts.map(({ naming: name, domains, maxLifetime, consent, ...fields }, index) =>
          entry(
            {
              id: `cookie-${index}`,
              ...name,
              ...fields,
              ...(domains ? { domains } : {}),
              ...(maxLifetime ? { maxLifetime: duration(maxLifetime) } : {}),
              ...(consent ? { consent } : {}),
            },
            10 + index * 7,
          ),
        );
        const storageEntries = storageEntryParts.map(({ naming: key, domains, kind }, index) =>
          storageEntry({ id: `storage-${index}`, kind, ...key, ...(domains ? { domains } : {}) }, 100 + index * 7),
        );
        const unwaived: AuditInput = { ...rest, entries, storageEntries, waivers: [] };
        const ids = [...entries, ...storageEntries].map(({ id }) => id);
        return waivers(auditOf(unwaived).findings, ids, tidy).map((made): AuditInput => ({ ...unwaived, waivers: made }));
      });
  });

function inventoryOf(input: AuditInput): Inventory {
  const consent = input.consentRequired === undefined ? {} : { consent: { required: input.consentRequired } };
  return inventory(input.entries, { storage: input.storageEntries, waivers: input.waivers, policy: policy(consent) });
}

/** The one place the audit is called, so a new required option is a one-line change. */
function auditOf(input: AuditInput, cookies = input.cookies, storage = input.storage): AuditResult {
  return audit(scan(cookies, { storage }), inventoryOf(input), { failOn: input.failOn, tool: TOOL, today: TODAY });
}

// An oracle of the documented matching rule, written apart from src/inventory/match.ts: the entries
// whose name rule matches and whose domains allow the host; an exact name wins, then the first in file.
function globMatches(glob: string, text: string): boolean {
  const source = [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`).test(text);
}

function nameMatches(rule: { exact?: string; pattern?: string; regex?: string }, text: string): boolean {
  if (rule.exact !== undefined) return rule.exact === text;
  if (rule.pattern !== undefined) return globMatches(rule.pattern, text);
  if (rule.regex !== undefined) return new RegExp(rule.regex).test(text);
  return false;
}

function hostIsUnder(domains: readonly string[] | undefined, host: string): boolean {
  if (!domains || domains.length === 0) return true;
  const bare = host.toLowerCase().replace(/^\./, '');
  return domains.some((domain) => {
    const wanted = domain.toLowerCase().replace(/^\./, '');
    return bare === wanted || bare.endsWith(`.${wanted}`);
  });
}

function firstExactThenFirst<E extends { name?: string; key?: string }>(matching: E[]): E | undefined {
  return matching.find((candidate) => (candidate.name ?? candidate.key) !== undefined) ?? matching[0];
}

function expectedEntry(entries: readonly CookieEntry[], c: Observation): CookieEntry | undefined {
  const rule = (e: CookieEntry) => ({ exact: e.name, pattern: e.pattern, regex: e.regex });
  return firstExactThenFirst(entries.filter((e) => nameMatches(rule(e), c.name) && hostIsUnder(e.domains, c.domain)));
}

function originHost(origin: string): string {
  return URL.canParse(origin) ? new URL(origin).hostname : '';
}

function expectedStorageEntry(entries: readonly StorageEntry[], s: StorageObservation): StorageEntry | undefined {
  const rule = (e: StorageEntry) => ({ exact: e.key, pattern: e.pattern, regex: e.regex });
  return firstExactThenFirst(
    entries.filter((e) => e.kind === s.kind && nameMatches(rule(e), s.key) && hostIsUnder(e.domains, originHost(s.origin))),
  );
}

const isNamedEntry = (e: CookieEntry | StorageEntry) =>
  ('kind' in e ? e.key : e.name) !== undefined || e.pattern !== undefined || e.regex !== undefined;

function ofKind(result: AuditResult, kind: FindingKind): Finding[] {
  return result.findings.filter((finding) => finding.kind === kind);
}

describe('audit (properties)', () => {
  it('declares each cookie by the documented rule, or gives it exactly one undeclared finding', () => {
    fc.assert(
      fc.property(auditInput, (input) => {
        const result = auditOf(input);
        expect(result.cookies).toHaveLength(input.cookies.length);
        const undeclared = ofKind(result, 'undeclared');
        for (const reported of result.cookies) {
          expect(reported.declared).toBe(expectedEntry(input.entries, reported)?.id ?? null);
        }
        // A finding names the site, scenario, cookie name and domain (not the path): count per those.
        const count = (keys: string[]) => keys.reduce((counts, k) => counts.set(k, (counts.get(k) ?? 0) + 1), new Map<string, number>());
        const undeclaredCookies = result.cookies.filter((c) => c.declared === null);
        expect(count(undeclared.map((f) => JSON.stringify([f.site, f.scenario, f.cookie?.name, f.cookie?.domain])))).toEqual(
          count(undeclaredCookies.map((c) => JSON.stringify([c.site, c.scenario, c.name, c.domain]))),
        );
      }),
      RUNS,
    );
  });

  it('declares each storage key by the same rule', () => {
    fc.assert(
      fc.property(auditInput, (input) => {
        const result = auditOf(input);
        for (const reported of result.storage) {
          expect(reported.declared).toBe(expectedStorageEntry(input.storageEntries, reported)?.id ?? null);
        }
        expect(ofKind(result, 'undeclared-storage')).toHaveLength(result.storage.filter((s) => s.declared === null).length);
      }),
      RUNS,
    );
  });

  it('reports every named entry that declared nothing as unobserved, once, and every unnamed entry as unnamed', () => {
    fc.assert(
      fc.property(auditInput, (input) => {
        const result = auditOf(input);
        const used = new Set([...result.cookies, ...result.storage].map((item) => item.declared));
        for (const e of [...input.entries, ...input.storageEntries]) {
          const unobserved = ofKind(result, 'unobserved').filter((finding) => finding.entry === e.id);
          const unnamed = ofKind(result, 'unnamed-entry').filter((finding) => finding.entry === e.id);
          expect(unobserved).toHaveLength(isNamedEntry(e) && !used.has(e.id) ? 1 : 0);
          expect(unnamed).toHaveLength(isNamedEntry(e) ? 0 : 1);
          for (const finding of [...unobserved, ...unnamed]) expect(finding).toMatchObject({ site: null, scenario: null, cookie: null });
        }
      }),
      RUNS,
    );
  });

  it('gives the same result twice, and whatever order the cookies and storage keys arrive in', () => {
    const withOrder = auditInput.chain((input) =>
      fc
        .tuple(
          fc.shuffledSubarray(input.cookies, { minLength: input.cookies.length }),
          fc.shuffledSubarray(input.storage, { minLength: input.storage.length }),
        )
        .map(([cookies, storage]) => ({ input, cookies, storage })),
    );
    fc.assert(
      fc.property(withOrder, ({ input, cookies, storage }) => {
        const first = auditOf(input);
        expect(auditOf(input)).toEqual(first);
        expect(JSON.stringify(auditOf(input, cookies, storage))).toBe(JSON.stringify(first));
      }),
      RUNS,
    );
  });

  it('sorts findings by the order.ts comparator and cookies by theirs, and leaves its input untouched', () => {
    fc.assert(
      fc.property(auditInput, (input) => {
        const before = JSON.stringify(input);
        const result = auditOf(input);
        expect(JSON.stringify(input)).toBe(before);
        for (let i = 1; i < result.findings.length; i++) {
          expect(compareFindings(result.findings[i - 1], result.findings[i])).toBeLessThanOrEqual(0);
        }
        for (let i = 1; i < result.cookies.length; i++) {
          expect(compareCookies(result.cookies[i - 1], result.cookies[i])).toBeLessThan(0);
        }
      }),
      RUNS,
    );
  });

  it('gives each finding the severity of its kind, and counts them, the waived ones and the cookies in the summary', () => {
    fc.assert(
      fc.property(auditInput, (input) => {
        const { findings, summary } = auditOf(input);
        for (const finding of findings) expect(finding.severity).toBe(FINDING_KINDS[finding.kind].severity);
        for (const severity of SEVERITIES) {
          expect(summary.findings[severity]).toBe(findings.filter((finding) => finding.severity === severity).length);
        }
        expect(summary.waived).toBe(findings.filter((finding) => finding.waiver).length);
        expect(summary.cookies).toBe(input.cookies.length);
        expect(summary.failOn).toBe(input.failOn);
      }),
      RUNS,
    );
  });

  it('fails exactly when an unwaived finding is at or above failOn', () => {
    const rank = (severity: Severity) => SEVERITIES.indexOf(severity);
    fc.assert(
      fc.property(auditInput, (input) => {
        const { findings, summary } = auditOf(input);
        const failing = findings.some((finding) => !finding.waiver && rank(finding.severity) <= rank(input.failOn));
        expect(summary.verdict).toBe(failing ? 'fail' : 'pass');
      }),
      RUNS,
    );
  });

  it('turns each expired waiver into one finding, and gives a finding the first unexpired waiver that names it', () => {
    // The documented rule (src/audit/waivers.ts): same kind, same site when the waiver gives one, and the
    // entry id or the cookie name (the storage key for storage findings) it names; file order decides.
    const names = (w: Waiver, finding: Finding) =>
      w.kind === finding.kind &&
      (w.site === undefined || w.site === finding.site) &&
      (w.entry !== undefined
        ? finding.entry === w.entry
        : w.cookie !== undefined && (finding.cookie?.name ?? finding.storage?.key) === w.cookie);
    fc.assert(
      fc.property(auditInput, (input) => {
        const { findings } = auditOf(input);
        const expired = input.waivers.filter((w) => w.expires < TODAY);
        expect(findings.filter((finding) => finding.kind === 'expired-waiver')).toHaveLength(expired.length);
        for (const finding of findings.filter((f) => f.kind !== 'expired-waiver')) {
          const first = input.waivers.find((w) => w.expires >= TODAY && names(w, finding));
          const applied = first && { reason: first.reason, owner: first.owner, expires: first.expires, location: first.location };
          expect(finding.waiver).toEqual(applied);
        }
      }),
      RUNS,
    );
  });
});
