/** The entry rules: findings about an inventory entry (cookie or storage) as a whole. */
import { isNamed, type NamingEntry } from '../inventory/match.js';
import type { Finding } from '../model/finding.js';
import { makeFinding } from './finding.js';
import { suggestNames } from './similar.js';
import { declaredThing, entryMatcher, entrySubject } from './wording.js';

export interface EntryCheck {
  entry: NamingEntry;
  /** The entry's index in its list (inventory.cookies or inventory.storage), for messages ("cookies[3]"). */
  index: number;
  /** Entries that declared at least one observation (by findEntry, so a shadowed entry is absent). */
  matched: ReadonlySet<NamingEntry>;
  /** Observed names (cookie names, or keys of the entry's storage kind) no entry declares: what an unnamed entry might mean. */
  undeclaredNames: readonly string[];
}

export type EntryRule = (check: EntryCheck) => Finding | null;

function entryFinding(kind: 'unobserved' | 'unnamed-entry', check: EntryCheck, message: string): Finding {
  return makeFinding(kind, {
    site: null,
    scenario: null,
    cookie: null,
    entry: check.entry.id,
    message,
    location: check.entry.location,
  });
}

export const unobserved: EntryRule = (check) => {
  const { entry, index } = check;
  if (!isNamed(entry) || check.matched.has(entry)) return null;
  const message = `${entrySubject(entry, index)} with ${entryMatcher(entry)} matched no ${declaredThing(entry)} on any site during the scan`;
  return entryFinding('unobserved', check, message);
};

export const unnamedEntry: EntryRule = (check) => {
  const { entry, index } = check;
  if (isNamed(entry)) return null;
  const naming = 'kind' in entry ? 'key' : 'name';
  const message =
    `${entrySubject(entry, index)} has no ${naming}, pattern or regex, so no ${declaredThing(entry)} can match it; ` +
    `the policy only calls it "${entry.label}"`;
  return { ...entryFinding('unnamed-entry', check, message), suggestions: suggestNames(entry.label, check.undeclaredNames) };
};

/** Every entry rule, in FINDING_KINDS order. */
export const ENTRY_RULES: readonly EntryRule[] = [unobserved, unnamedEntry];
