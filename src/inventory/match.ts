/**
 * Which inventory entry declares an observed cookie or storage key. Cookies and storage share one
 * machinery: a name rule (exact, glob or regex), a domains filter on a host, and "an exact name wins,
 * then the first in the file".
 *
 * Entries are indexed once per list (exact names in a Map, patterns and regexes by the literal text
 * they must start with), so matching n cookies against m entries costs about n lookups, not n × m
 * rule tests.
 */
import type { CookieEntry, StorageEntry } from '../model/inventory.js';
import type { StorageKind } from '../model/observation.js';

export interface CookieIdentity {
  name: string;
  domain: string;
}

export interface StorageIdentity {
  kind: StorageKind;
  /** e.g. "https://www.example.com" */
  origin: string;
  /** The storage key or IndexedDB database name. */
  key: string;
}

/** How an entry names what it declares: an exact text, a glob or a regex (at most one is set). */
export interface NameRule {
  exact?: string;
  pattern?: string;
  regex?: string;
}

/** Any inventory entry that names things: a cookie entry (by name) or a storage entry (by key). */
export type NamingEntry = CookieEntry | StorageEntry;

/** The entry's name rule: `name` for a cookie entry, `key` for a storage entry. */
export function nameRule(entry: NamingEntry): NameRule {
  const exact = 'kind' in entry ? entry.key : entry.name;
  return { exact, pattern: entry.pattern, regex: entry.regex };
}

/** True when the entry gives a technical name to match (name or key, pattern or regex). */
export function isNamed(entry: NamingEntry): boolean {
  const rule = nameRule(entry);
  return rule.exact !== undefined || rule.pattern !== undefined || rule.regex !== undefined;
}

/** True when the text is what the rule names. A rule with nothing set matches nothing. */
export function ruleMatches(rule: NameRule, text: string): boolean {
  if (rule.exact !== undefined) return rule.exact === text;
  if (rule.pattern !== undefined) return compiled(`g${rule.pattern}`, () => globToRegExp(rule.pattern as string)).test(text);
  if (rule.regex !== undefined) return compiled(`r${rule.regex}`, () => new RegExp(rule.regex as string)).test(text);
  return false;
}

/** True when no domains are listed, or the host is one of them or under one (leading dots and case ignored). */
export function hostAllowed(domains: readonly string[] | undefined, host: string): boolean {
  if (!domains || domains.length === 0) return true;
  const bare = host.replace(/^\./, '').toLowerCase();
  return domains.some((domain) => {
    const wanted = domain.replace(/^\./, '').toLowerCase();
    return bare === wanted || bare.endsWith(`.${wanted}`);
  });
}

/** A cookie-name glob: `*` any run of characters, `?` one character; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const source = [...glob]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * Why a glob cannot be used, or undefined. A pattern knows only `*` and `?`: brackets and braces
 * would match themselves, which is never what their author meant (`_ga_[0-9]*`, `{_ga,_gid}`), so
 * they are refused with the regex to write instead (or, unbalanced, how to match them literally).
 */
export function globProblem(glob: string): string | undefined {
  const special = glob.search(/[[\]{}]/);
  if (special === -1) return undefined;
  const syntax = 'a pattern knows only "*" (any characters) and "?" (one character)';
  const unbalanced = unbalancedAt(glob);
  if (unbalanced !== undefined) {
    const char = glob[unbalanced];
    return `unbalanced "${char}" in pattern ${JSON.stringify(glob)}: ${syntax}; to match "${char}" itself write the exact name, or a regex with "\\${char}"`;
  }
  const regex = globWithClassesAsRegex(glob);
  return `"${glob[special]}" is not pattern syntax (${syntax}): for a character class or alternatives write regex: ${JSON.stringify(regex)} instead`;
}

/** The index of the first bracket or brace without its partner, or undefined when all pair up. */
function unbalancedAt(glob: string): number | undefined {
  const open: number[] = [];
  const partner: Record<string, string> = { ']': '[', '}': '{' };
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '[' || char === '{') open.push(index);
    else if (char === ']' || char === '}') {
      const last = open.pop();
      if (last === undefined || glob[last] !== partner[char]) return last ?? index;
    }
  }
  return open[0];
}

/** `_ga_[0-9]*` → `^_ga_[0-9].*$`, `{_ga,_gid}*` → `^(?:_ga|_gid).*$` (shell-glob reading, for the suggestion). */
function globWithClassesAsRegex(glob: string): string {
  let source = '';
  let inClass = false;
  let braces = 0;
  for (const char of glob) {
    if (inClass) {
      source += char === ']' ? ']' : char.replace(/[\\^]/g, '\\$&');
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
      source += '[';
    } else if (char === '{') {
      braces++;
      source += '(?:';
    } else if (char === '}') {
      braces--;
      source += ')';
    } else if (char === ',' && braces > 0) source += '|';
    else if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[\\^$.|+()]/g, '\\$&');
  }
  return `^${source.replace(/\[!/g, '[^')}$`;
}

/** Compiled regexes by source: the same pattern on many entries or calls is compiled once. */
const COMPILED = new Map<string, RegExp>();
/** A long-running program that loads many inventories starts the cache again past this size. */
const MAX_COMPILED = 100_000;

function compiled(key: string, build: () => RegExp): RegExp {
  let regex = COMPILED.get(key);
  if (!regex) {
    if (COMPILED.size >= MAX_COMPILED) COMPILED.clear();
    regex = build();
    COMPILED.set(key, regex);
  }
  return regex;
}

/**
 * The literal text every name a rule matches starts with ('' when none is known): a glob's text
 * before its first wildcard; a regex's literal run after a leading `^` (none when the regex has an
 * alternation, and without the last character when that one is quantified).
 */
export function literalPrefix(rule: NameRule): string {
  if (rule.exact !== undefined) return rule.exact;
  if (rule.pattern !== undefined) return rule.pattern.slice(0, firstWildcard(rule.pattern));
  if (rule.regex !== undefined) return regexLiteralPrefix(rule.regex);
  return '';
}

function firstWildcard(glob: string): number {
  const index = glob.search(/[*?]/);
  return index === -1 ? glob.length : index;
}

function regexLiteralPrefix(source: string): string {
  if (!source.startsWith('^') || source.includes('|')) return '';
  let prefix = '';
  for (let index = 1; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') {
      const next = source[index + 1] ?? '';
      if (next === '' || /[A-Za-z0-9]/.test(next)) break;
      prefix += next;
      index++;
      continue;
    }
    if ('*+?{'.includes(char)) return [...prefix].slice(0, -1).join('');
    if ('.[]()^$}'.includes(char)) break;
    prefix += char;
  }
  return prefix;
}

/** An entry with its rule ready to test and its place in the file (lower wins among patterns). */
export interface IndexedEntry<E> {
  entry: E;
  order: number;
  test: (text: string) => boolean;
}

/** The entries of one list, indexed for matching. Build with indexEntries. */
export interface EntryIndex<E> {
  /** Entries with an exact name (or key), by that text, in file order. */
  exact: Map<string, IndexedEntry<E>[]>;
  /** Pattern and regex entries, by the literal prefix every name they match starts with. */
  byPrefix: Map<string, IndexedEntry<E>[]>;
  /** The distinct lengths of those prefixes, ascending. */
  prefixLengths: number[];
  /** Pattern and regex entries with no known prefix: tried on every name. */
  open: IndexedEntry<E>[];
}

const INDEXES = new WeakMap<readonly NamingEntry[], { length: number; index: EntryIndex<NamingEntry> }>();

/**
 * The index of an entry list, built once per list and reused (inventories are not changed after
 * loading; a list whose length changed is indexed again).
 */
export function indexEntries<E extends NamingEntry>(entries: readonly E[]): EntryIndex<E> {
  const cached = INDEXES.get(entries);
  if (cached && cached.length === entries.length) return cached.index as unknown as EntryIndex<E>;
  const index: EntryIndex<E> = { exact: new Map(), byPrefix: new Map(), prefixLengths: [], open: [] };
  entries.forEach((entry, order) => {
    const rule = nameRule(entry);
    if (rule.exact !== undefined) {
      push(index.exact, rule.exact, { entry, order, test: (text) => text === rule.exact });
      return;
    }
    if (rule.pattern === undefined && rule.regex === undefined) return;
    const item: IndexedEntry<E> = { entry, order, test: (text) => ruleMatches(rule, text) };
    const prefix = literalPrefix(rule);
    if (prefix === '') index.open.push(item);
    else push(index.byPrefix, prefix, item);
  });
  index.prefixLengths = [...new Set([...index.byPrefix.keys()].map((prefix) => prefix.length))].sort((a, b) => a - b);
  INDEXES.set(entries, { length: entries.length, index: index as unknown as EntryIndex<NamingEntry> });
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The pattern and regex entries whose rule matches the text, in file order (domains not checked). */
export function patternEntriesMatching<E>(index: EntryIndex<E>, text: string): IndexedEntry<E>[] {
  const found: IndexedEntry<E>[] = [];
  for (const length of index.prefixLengths) {
    if (length > text.length) break;
    for (const item of index.byPrefix.get(text.slice(0, length)) ?? []) if (item.test(text)) found.push(item);
  }
  for (const item of index.open) if (item.test(text)) found.push(item);
  return found.sort((a, b) => a.order - b.order);
}

/**
 * Among the entries that match, an exact name beats a pattern or regex; among equals, the first in
 * the file wins. `accepts` checks what the name does not (domains, storage kind).
 */
function chooseEntry<E extends NamingEntry>(entries: readonly E[], text: string, accepts: (entry: E) => boolean): E | undefined {
  const index = indexEntries(entries);
  const exact = index.exact.get(text)?.find((item) => accepts(item.entry));
  if (exact) return exact.entry;
  let best: IndexedEntry<E> | undefined;
  const consider = (item: IndexedEntry<E>) => {
    if ((!best || item.order < best.order) && item.test(text) && accepts(item.entry)) best = item;
  };
  for (const length of index.prefixLengths) {
    if (length > text.length) break;
    index.byPrefix.get(text.slice(0, length))?.forEach(consider);
  }
  index.open.forEach(consider);
  return best?.entry;
}

/** True when the cookie's name and domain are what the entry declares. Unnamed entries match nothing. */
export function entryMatches(entry: CookieEntry, cookie: CookieIdentity): boolean {
  return ruleMatches(nameRule(entry), cookie.name) && hostAllowed(entry.domains, cookie.domain);
}

/** The entry that declares a cookie (see chooseEntry). */
export function findEntry(entries: readonly CookieEntry[], cookie: CookieIdentity): CookieEntry | undefined {
  return chooseEntry(entries, cookie.name, (entry) => hostAllowed(entry.domains, cookie.domain));
}

/** True when the kind is the entry's, the key is what it names and the origin's host passes its domains. */
export function storageEntryMatches(entry: StorageEntry, storage: StorageIdentity): boolean {
  return entry.kind === storage.kind && ruleMatches(nameRule(entry), storage.key) && hostAllowed(entry.domains, originHost(storage.origin));
}

/** The storage entry that declares a key (see chooseEntry). */
export function findStorageEntry(entries: readonly StorageEntry[], storage: StorageIdentity): StorageEntry | undefined {
  const host = originHost(storage.origin);
  return chooseEntry(entries, storage.key, (entry) => entry.kind === storage.kind && hostAllowed(entry.domains, host));
}

/** "https://www.example.com" → "www.example.com"; '' for an origin that is not a URL (e.g. "null"). */
function originHost(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return '';
  }
}
