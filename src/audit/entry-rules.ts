/** The entry rules: findings about an inventory entry as a whole rather than about one cookie. */
import type { Finding } from '../model/finding.js';
import type { CookieEntry } from '../model/inventory.js';
import { isNamed } from '../inventory/match.js';
import { makeFinding } from './rules.js';
import { suggestNames } from './similar.js';
import { entryMatcher, entrySubject } from './wording.js';

export interface EntryCheck {
  entry: CookieEntry;
  /** The entry's index in inventory.cookies, for messages ("cookies[3]"). */
  index: number;
  /** Entries that declared at least one observed cookie (by findEntry, so a shadowed entry is absent). */
  matched: ReadonlySet<CookieEntry>;
  /** Names of observed cookies that no entry declares: the candidates an unnamed entry might mean. */
  undeclaredNames: readonly string[];
}

export type EntryRule = (check: EntryCheck) => Finding | null;

function entryFinding(kind: 'unobserved' | 'unnamed-entry', check: EntryCheck, message: string): Finding {
  return makeFinding(kind, {
    site: null,
    cookie: null,
    entry: check.entry.id,
    message,
    location: check.entry.location,
  });
}

export const unobserved: EntryRule = (check) => {
  const { entry, index } = check;
  if (!isNamed(entry) || check.matched.has(entry)) return null;
  const message = `${entrySubject(entry, index)} with ${entryMatcher(entry)} matched no cookie on any site during the scan`;
  return entryFinding('unobserved', check, message);
};

export const unnamedEntry: EntryRule = (check) => {
  const { entry, index } = check;
  if (isNamed(entry)) return null;
  const message =
    `${entrySubject(entry, index)} has no name, pattern or regex, so no cookie can match it; ` +
    `the policy only calls it "${entry.label}"`;
  return { ...entryFinding('unnamed-entry', check, message), suggestions: suggestNames(entry.label, check.undeclaredNames) };
};

/** Every entry rule, in FINDING_KINDS order. */
export const ENTRY_RULES: readonly EntryRule[] = [unobserved, unnamedEntry];
