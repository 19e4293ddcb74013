/**
 * Drafting inventory entries from a saved scan (`cookie-audit inventory init`): one entry per
 * observed cookie name — per registrable domain too when the name is set with another party or type
 * on another domain — with party, type, domains and a maxLifetime rounded up to a readable duration.
 * Labels and purposes are drafts marked DRAFT_MARKER: only the published policy can say them.
 *
 * Pure: a report (and optionally the inventory the entries will join, and a known-cookie lookup) in,
 * entries and YAML text out. Cookie names and URLs come from the sites scanned and may be hostile:
 * the YAML is written by the `yaml` Document API (quoting), every such string is a double-quoted
 * scalar whose invisible characters are written as escapes, and comments carry escaped text only.
 */
import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { MIN_SIMILARITY, similarity } from '../audit/similar.js';
import { registrableDomain } from '../capture/party.js';
import { describeDuration, describeSeconds, durationSecondsFrom, LIFETIME_TOLERANCE_SECONDS, parseDuration, type Duration } from '../model/duration.js';
import { OPEN_COOKIE_DATABASE_CITATION, type CookieHint } from '../model/finding.js';
import type { CookieType, Inventory, Party } from '../model/inventory.js';
import type { AuditResult, ReportedCookie } from '../model/result.js';
import { escapeTerminal } from '../report/escape.js';
import { findEntry, isNamed } from './match.js';

/** What every drafted label and purpose starts with, until someone writes the policy's own words. */
export const DRAFT_MARKER = 'TODO: check against the policy';

/** Known-cookie hints by name (the Open Cookie Database's lookup). */
export type DraftHints = (cookieName: string) => CookieHint | undefined;

export interface DraftOptions {
  /**
   * The inventory the entries will join: cookies it declares are not drafted, its ids are not reused,
   * its policy bounds the lifetimes, and its unnamed entries are suggested when a name looks like them.
   */
  inventory?: Inventory;
  hints?: DraftHints;
}

/** An entry as it will be written: the inventory's keys, durations as text. */
export interface DraftCookieEntry {
  id: string;
  name?: string;
  regex?: string;
  domains?: string[];
  party: Party;
  type: CookieType;
  maxLifetime?: string;
  label: string;
  purpose: { fr: string; en?: string };
  category?: string;
}

export interface DraftEntry {
  entry: DraftCookieEntry;
  /** What was observed and what to check, written as comments above the entry (plain text here). */
  notes: string[];
}

export interface InventoryDraft {
  entries: DraftEntry[];
  /** Cookies in the report (observations: the same name on two sites or paths counts twice). */
  observed: number;
  /** Of those, the ones the given inventory already declares. */
  declared: number;
}

/** Same letters as the schema's domain rule: what `domains:` accepts. */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^(?:${LABEL}\\.)*${LABEL}$`);
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_ID_LENGTH = 60;
/** A browser accepts a cookie with an empty name ("=value"); only a regex can declare it. */
const EMPTY_NAME_REGEX = '^$';
/** Sites listed in a note before "and N more". */
const MAX_LISTED = 3;

/** The Open Cookie Database's categories as the inventory's usual category words. */
const CATEGORIES: Record<string, string> = {
  necessary: 'strictly-necessary',
  security: 'strictly-necessary',
  functional: 'functional',
  personalization: 'functional',
  analytics: 'analytics',
  marketing: 'marketing',
};

/** Drafts entries for the report's cookies that the inventory (if given) does not declare. */
export function draftEntries(result: AuditResult, options: DraftOptions = {}): InventoryDraft {
  const cookies = result.cookies.filter(isCookieRecord);
  const undeclared = options.inventory ? cookies.filter((cookie) => !findEntry(options.inventory!.cookies, cookie)) : cookies;
  const bounds = policyBounds(result, options.inventory);
  const taken = new Set([...(options.inventory?.cookies ?? []), ...(options.inventory?.storage ?? [])].map((entry) => entry.id));
  const entries = groupCookies(undeclared).map((group) => draftEntry(group, { ...options, bounds, taken }));
  return { entries, observed: cookies.length, declared: cookies.length - undeclared.length };
}

interface CookieGroup {
  name: string;
  /** The observations one entry declares: every one of the name, or those of one registrable domain. */
  cookies: ReportedCookie[];
  /** True when the name needed one entry per registrable domain (another party or type elsewhere). */
  splitByDomain: boolean;
}

/** By name; by registrable domain too when the domains disagree on party or type. Sorted by name, domain. */
function groupCookies(cookies: readonly ReportedCookie[]): CookieGroup[] {
  const byName = new Map<string, ReportedCookie[]>();
  for (const cookie of cookies) push(byName, cookie.name, cookie);
  const groups: CookieGroup[] = [];
  for (const name of [...byName.keys()].sort(compareText)) {
    const byDomain = new Map<string, ReportedCookie[]>();
    for (const cookie of byName.get(name)!) push(byDomain, registrableDomain(cookie.domain), cookie);
    const signatures = new Set([...byDomain.values()].map(signature));
    if (signatures.size <= 1) groups.push({ name, cookies: byName.get(name)!, splitByDomain: false });
    else for (const domain of [...byDomain.keys()].sort(compareText)) groups.push({ name, cookies: byDomain.get(domain)!, splitByDomain: true });
  }
  return groups;
}

/** The parties and types a set of cookies was seen with, e.g. "first|persistent". */
function signature(cookies: readonly ReportedCookie[]): string {
  const parties = [...new Set(cookies.map((cookie) => cookie.party))].sort().join(',');
  const types = [...new Set(cookies.map((cookie) => cookie.type))].sort().join(',');
  return `${parties}|${types}`;
}

interface DraftContext extends DraftOptions {
  bounds: PolicyBounds | undefined;
  /** Ids in use: the inventory's and those drafted so far (added to as entries are drafted). */
  taken: Set<string>;
}

function draftEntry(group: CookieGroup, context: DraftContext): DraftEntry {
  const { name, cookies } = group;
  const notes: string[] = [];
  const type: CookieType = cookies.some((cookie) => cookie.type === 'persistent') ? 'persistent' : 'session';
  const party = majorityParty(cookies);
  const { domains, rejected } = entryDomains(cookies);
  const hint = name === '' ? undefined : context.hints?.(name);
  const id = uniqueId(idFor(name, group.splitByDomain ? domains?.[0] : undefined), context.taken);

  notes.push(observedNote(name, cookies, type, party));
  notes.push(seenNote(cookies));
  if (hint) notes.push(hintNote(hint));
  if (new Set(cookies.map((cookie) => cookie.type)).size > 1) notes.push('seen as a session cookie too: check which one the site means');
  if (new Set(cookies.map((cookie) => cookie.party)).size > 1) notes.push(`seen as first-party and third-party (on different sites): "${party}" is the more frequent; check`);
  if (rejected.length > 0) notes.push(`domains left out (not host names): ${rejected.map(quoted).join(', ')}`);
  if (name === '') notes.push('the cookie has an empty name ("=value"): only a regex can declare it');
  else if (escapeTerminal(name) !== name || INVISIBLE.test(name) || LONE_SURROGATE.test(name)) notes.push(`the name holds invisible or control characters: ${quoted(name)}`);
  notes.push(...unnamedEntryNotes(name, context.inventory));

  const lifetime = type === 'persistent' ? draftLifetime(cookies, context.bounds) : { notes: [] };
  notes.push(...lifetime.notes);

  const entry: DraftCookieEntry = {
    id,
    ...(name === '' ? { regex: EMPTY_NAME_REGEX } : { name }),
    ...(domains ? { domains } : {}),
    party,
    type,
    ...(lifetime.maxLifetime ? { maxLifetime: lifetime.maxLifetime } : {}),
    label: `${DRAFT_MARKER} — ${name === '' ? '(empty name)' : commentText(name)}`,
    purpose: { fr: `${DRAFT_MARKER} — ${hint?.description.trim() || 'what the cookie is for, in the words of the policy'}` },
    ...(hint && categoryOf(hint) ? { category: categoryOf(hint) } : {}),
  };
  return { entry, notes };
}

function majorityParty(cookies: readonly ReportedCookie[]): Party {
  const first = cookies.filter((cookie) => cookie.party === 'first').length;
  return first > cookies.length - first ? 'first' : 'third';
}

/** The registrable domains the cookies were set on, when the schema accepts them as domains. */
function entryDomains(cookies: readonly ReportedCookie[]): { domains?: string[]; rejected: string[] } {
  const all = [...new Set(cookies.map((cookie) => registrableDomain(cookie.domain)))].sort(compareText);
  const domains = all.filter((domain) => HOSTNAME.test(domain));
  const rejected = all.filter((domain) => !HOSTNAME.test(domain));
  return { ...(domains.length > 0 ? { domains } : {}), rejected };
}

/** "STCK_ID" → "stck-id", "_ga_ABC" → "ga-abc"; with the domain when the name is split: "ga-example.com". */
function idFor(name: string, domain: string | undefined): string {
  const slug = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, MAX_ID_LENGTH)
      .replace(/[-.]+$/, '');
  const base = slug(name) || (name === '' ? 'empty-name' : 'cookie');
  return domain ? `${base}-${slug(domain)}` : base;
}

function uniqueId(base: string, taken: Set<string>): string {
  const start = ID_PATTERN.test(base) ? base : 'cookie';
  let id = start;
  for (let suffix = 2; taken.has(id); suffix++) id = `${start}-${suffix}`;
  taken.add(id);
  return id;
}

function categoryOf(hint: CookieHint): string | undefined {
  const key = hint.category.trim().toLowerCase();
  if (key === '') return undefined;
  return CATEGORIES[key] ?? (key.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || undefined);
}

function observedNote(name: string, cookies: readonly ReportedCookie[], type: CookieType, party: Party): string {
  const domains = [...new Set(cookies.map((cookie) => cookie.domain))].sort(compareText);
  const requested = maxOf(cookies.map(requestedSeconds));
  const kept = maxOf(cookies.map((cookie) => (cookie.type === 'persistent' ? cookie.effectiveLifetimeSeconds : null)));
  const lifetime =
    type === 'session'
      ? 'session'
      : `persistent, requested ${requested === null ? 'unknown' : describeSeconds(requested)}${kept !== null && requested !== null && Math.abs(kept - requested) > LIFETIME_TOLERANCE_SECONDS ? ` (kept ${describeSeconds(kept)})` : ''}`;
  return `${quoted(name)} on ${listed(domains.map(quoted))}: ${party}-party, ${lifetime}`;
}

function seenNote(cookies: readonly ReportedCookie[]): string {
  const places = [...new Set(cookies.map((cookie) => `${cookie.site} › ${cookie.scenario ?? 'anonymous'}`))].sort(compareText);
  const first = cookies[0];
  const setBy = first.setBy === 'js' ? 'a script' : first.setBy === 'http' ? 'an HTTP response' : 'unknown means';
  const initiator = first.initiatorUrl ? ` ${quoted(first.initiatorUrl)}` : '';
  return `seen on ${listed(places.map(quoted))}; first on ${quoted(first.firstSeenUrl)}, set by ${setBy}${initiator}`;
}

function hintNote(hint: CookieHint): string {
  const facts = [hint.platform, hint.category, hint.retention ? `retention ${hint.retention}` : '', hint.dataController].filter((text) => text.trim() !== '');
  return `Open Cookie Database (matched ${quoted(hint.matched)}, a hint, not an identification): ${facts.join(' · ')}`;
}

/** The inventory entries with no technical name whose label looks most like this name: the same cookie, perhaps. */
function unnamedEntryNotes(name: string, inventory: Inventory | undefined): string[] {
  if (!inventory || name === '') return [];
  const scored = inventory.cookies
    .filter((entry) => !isNamed(entry))
    .map((entry) => ({ entry, score: similarity(name, entry.label) }))
    .filter(({ score }) => score >= MIN_SIMILARITY);
  const best = Math.max(0, ...scored.map(({ score }) => score));
  return scored
    .filter(({ score }) => score === best)
    .map(({ entry }) => entry)
    .map((entry) => `looks like entry "${entry.id}" (${quoted(entry.label)}), which gives no technical name: if it is that cookie, add name: ${quoted(name)} to that entry instead of this draft`);
}

// ---------------------------------------------------------------- lifetimes

/** The policy's lifetime bounds, from the inventory (calendar durations) or the report (seconds). */
interface PolicyBounds {
  maxSeconds(setAtMs: number): number;
  minSeconds(setAtMs: number): number;
  maxText: string;
  minText: string;
  reference?: string;
}

function policyBounds(result: AuditResult, inventory: Inventory | undefined): PolicyBounds | undefined {
  if (inventory) {
    const { minLifetime, maxLifetime, reference } = inventory.policy.persistent;
    return {
      maxSeconds: (at) => durationSecondsFrom(at, maxLifetime),
      minSeconds: (at) => durationSecondsFrom(at, minLifetime),
      maxText: describeDuration(maxLifetime),
      minText: describeDuration(minLifetime),
      reference,
    };
  }
  const persistent = result.inventory?.policy.persistent;
  if (!persistent) return undefined;
  return {
    maxSeconds: () => persistent.maxLifetimeSeconds,
    minSeconds: () => persistent.minLifetimeSeconds,
    maxText: describeSeconds(persistent.maxLifetimeSeconds),
    minText: describeSeconds(persistent.minLifetimeSeconds),
    reference: persistent.reference,
  };
}

/** A lifetime asked for, and when: calendar durations are counted from that moment. */
export interface LifetimeRequirement {
  setAtMs: number;
  seconds: number;
}

interface DraftedLifetime {
  maxLifetime?: string;
  notes: string[];
}

/**
 * The longest lifetime asked for, rounded up to a readable duration that still covers every cookie
 * from the moment it was set — unless the policy's maximum already covers it better or the cookie
 * breaks it: a maxLifetime above the policy's would hide an over-long cookie, so none is written.
 */
function draftLifetime(cookies: readonly ReportedCookie[], bounds: PolicyBounds | undefined): DraftedLifetime {
  const requirements = cookies
    .map((cookie): LifetimeRequirement | null => {
      const seconds = requestedSeconds(cookie);
      return seconds === null ? null : { setAtMs: setAtMs(cookie), seconds };
    })
    .filter((requirement) => requirement !== null);
  if (requirements.length === 0 || requirements.every((requirement) => !(requirement.seconds > 0))) {
    return { notes: ['no lifetime was recorded: write maxLifetime by hand if the policy gives one'] };
  }
  const longest = requirements.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const readable = readableLifetime(requirements);
  const notes: string[] = [];
  const reference = bounds?.reference ? `, ${bounds.reference}` : '';
  if (bounds && requirements.some((r) => r.seconds > bounds.maxSeconds(r.setAtMs) + LIFETIME_TOLERANCE_SECONDS)) {
    notes.push(
      `asks for ${describeSeconds(longest.seconds)}, above the policy maximum (${bounds.maxText}${reference}): no maxLifetime is drafted, ` +
        'so the audit keeps reporting it over-long until the cookie is shortened (a longer maxLifetime would hide that)',
    );
    return { notes };
  }
  if (bounds && requirements.some((r) => r.seconds < bounds.minSeconds(r.setAtMs) - LIFETIME_TOLERANCE_SECONDS)) {
    notes.push(`asks for ${describeSeconds(longest.seconds)}, below the policy minimum (${bounds.minText}${reference}): the audit reports it below-minimum`);
  }
  if (!readable) return { notes: [...notes, 'the lifetime is too long to write as a duration'] };
  if (bounds && requirements.some((r) => durationSecondsFrom(r.setAtMs, readable) > bounds.maxSeconds(r.setAtMs))) {
    notes.push(`rounded up it would pass the policy maximum (${bounds.maxText}${reference}), which applies without a maxLifetime`);
    return { notes };
  }
  return { maxLifetime: readable.text, notes };
}

/** Units tried, largest first, with the words written in the inventory. */
const LIFETIME_UNITS = [
  { unit: 'years', one: 'year', many: 'years', approx: 365.2425 * 86_400 },
  { unit: 'months', one: 'month', many: 'months', approx: 30.436875 * 86_400 },
  { unit: 'days', one: 'day', many: 'days', approx: 86_400 },
  { unit: 'hours', one: 'hour', many: 'hours', approx: 3_600 },
  { unit: 'minutes', one: 'minute', many: 'minutes', approx: 60 },
] as const;

/** A unit is kept when its rounding up adds at most this share: "13 months" for 395 days, "400 days" for 400. */
const MAX_OVERSHOOT = 1.02;

/**
 * The largest whole count of one unit that covers every requirement (calendar time from its setAt,
 * with the audit's tolerance) and overshoots the longest by at most 2%; minutes always qualify.
 */
export function readableLifetime(requirements: readonly LifetimeRequirement[]): Duration | undefined {
  const longest = requirements.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  for (const { unit, one, many, approx } of LIFETIME_UNITS) {
    const estimate = Math.max(1, Math.ceil(longest.seconds / approx) - 1);
    for (let count = estimate; count <= estimate + 6; count++) {
      const duration = parseDuration(`${count} ${count === 1 ? one : many}`);
      if (!duration) return undefined;
      const covers = requirements.every((r) => durationSecondsFrom(r.setAtMs, duration) + driftAllowance(r.seconds) >= r.seconds);
      if (!covers) continue;
      const length = durationSecondsFrom(longest.setAtMs, duration);
      if (!Number.isFinite(length)) return undefined;
      if (length <= longest.seconds * MAX_OVERSHOOT || unit === 'minutes') return duration;
      break;
    }
  }
  return undefined;
}

/**
 * Lifetimes from an Expires date drift by a few seconds between scans: rounding up forgives that much
 * (the audit's tolerance, at most 1% of the lifetime so a 10-minute cookie is not rounded down).
 */
function driftAllowance(seconds: number): number {
  return Math.min(LIFETIME_TOLERANCE_SECONDS, seconds / 100);
}

/** As the audit reads it: the requested lifetime, else what the browser kept; null for session cookies. */
function requestedSeconds(cookie: ReportedCookie): number | null {
  if (cookie.type !== 'persistent') return null;
  const seconds = cookie.requestedLifetimeSeconds ?? cookie.effectiveLifetimeSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : null;
}

function setAtMs(cookie: ReportedCookie): number {
  const at = Date.parse(cookie.setAt);
  return Number.isNaN(at) ? 0 : at;
}

// ---------------------------------------------------------------- YAML

export interface RenderDraftOptions {
  /** The report the entries come from, named in the header. */
  source?: string;
  /** The inventory they were checked against, named in the header. */
  inventoryFile?: string;
}

/**
 * The drafted entries as YAML: a header comment and a `cookies:` list, so the text appended to an
 * inventory that has no cookies yet makes it complete, and its items can be pasted under an existing
 * `cookies:`. Deterministic: the same report gives the same text.
 */
export function renderDraft(draft: InventoryDraft, options: RenderDraftOptions = {}): string {
  const doc = new Document();
  const seq = new YAMLSeq();
  draft.entries.forEach(({ entry, notes }, index) => {
    const node = doc.createNode(entry) as YAMLMap;
    for (const path of [['name'], ['regex'], ['label'], ['purpose', 'fr'], ['purpose', 'en']]) {
      const scalar = node.getIn(path, true);
        if (scalar instanceof Scalar) scalar.type = Scalar.QUOTE_DOUBLE;
    }
    const domains = node.get('domains', true);
    if (domains instanceof YAMLSeq) domains.flow = true;
    node.commentBefore = notes.map((note) => ` ${commentText(note)}`).join('\n');
    if (index > 0) node.spaceBefore = true;
    seq.items.push(node);
  });
  if (draft.entries.length === 0) seq.flow = true;
  const root = new YAMLMap();
  root.set(doc.createNode('cookies'), seq);
  doc.contents = root;
  doc.commentBefore = headerLines(draft, options)
    .map((line) => ` ${commentText(line)}`)
    .join('\n');
  // One line per scalar: a name with a line break is written "a\nb", never folded over lines.
  return escapeInvisible(doc.toString({ lineWidth: 0, indentSeq: true, flowCollectionPadding: false, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER }));
}

function headerLines(draft: InventoryDraft, options: RenderDraftOptions): string[] {
  const from = options.source ? ` in ${options.source}` : '';
  const against = options.inventoryFile ? ` and not declared by ${options.inventoryFile}` : '';
  const lines = [
    `Draft inventory entries written by cookie-audit inventory init: ${draft.entries.length} for the cookies observed${from}${against}.`,
  ];
  if (options.inventoryFile) lines.push(`(${draft.observed} cookie(s) observed, ${draft.declared} already declared.)`);
  if (draft.entries.length === 0) return [...lines, 'Nothing to draft: every observed cookie is declared.'];
  return [
    ...lines,
    `Every label and purpose is a draft marked "${DRAFT_MARKER}": replace it with the words of the published`,
    'policy, or remove the entry and stop the cookie. Check party, type and maxLifetime against the policy too:',
    'they say what the scan saw, not what the policy allows.',
    'Copy the entries under `cookies:` in the inventory, then run: cookie-audit inventory check',
    ...(draft.entries.some((entry) => entry.notes.some((note) => note.startsWith('Open Cookie Database')))
      ? [`Hints: ${OPEN_COOKIE_DATABASE_CITATION}.`]
      : []),
  ];
}

/** Invisible characters escapeTerminal keeps (ordinary Unicode) that could still hide in a name. */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff]/;
/** Half of a UTF-16 pair without the other half: not a character, cannot be written as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;
/**
 * Characters the YAML writer leaves raw in a double-quoted scalar but that a reader would not see
 * (DEL, C1 controls, line separators, bidi controls, zero-width characters, BOM) or that cannot be
 * written as UTF-8 (lone surrogates). Only cookie-controlled scalars, all double-quoted, can hold them.
 */
const RAW_INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udfff]/gu;

function escapeInvisible(yamlText: string): string {
  return yamlText.replace(RAW_INVISIBLE, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** A comment's text: one line, controls and invisible characters shown as escapes. */
function commentText(text: string): string {
  return escapeTerminal(text).replace(RAW_INVISIBLE, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

// ---------------------------------------------------------------- small helpers

function isCookieRecord(cookie: ReportedCookie): boolean {
  return typeof cookie.name === 'string' && typeof cookie.domain === 'string';
}

function quoted(text: string): string {
  return JSON.stringify(text);
}

function listed(items: readonly string[]): string {
  if (items.length <= MAX_LISTED) return items.join(', ');
  return `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;
}

function maxOf(values: readonly (number | null)[]): number | null {
  const numbers = values.filter((value): value is number => typeof value === 'number');
  return numbers.length > 0 ? Math.max(...numbers) : null;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
