/** The storage rules: findings about one observed web-storage key or IndexedDB database. */
import type { Finding, FindingFacts, FindingKind } from '../model/finding.js';
import type { StorageEntry } from '../model/inventory.js';
import type { StorageObservation } from '../model/observation.js';
import { scenarioOf } from './copy.js';
import { makeFinding } from './finding.js';
import { entryRef, storagePhrase } from './wording.js';

/** One observed storage key and the storage entry that declares it, if any. */
export interface StorageCheck {
  storage: StorageObservation;
  entry: StorageEntry | undefined;
  /** The entry's index in inventory.storage, for messages ("storage[3]"); -1 when undeclared. */
  entryIndex: number;
}

export type StorageRule = (check: StorageCheck) => Finding | null;

function storageFinding(kind: FindingKind, check: StorageCheck, message: string, facts?: FindingFacts): Finding {
  const { storage, entry } = check;
  return makeFinding(kind, {
    site: storage.site,
    scenario: scenarioOf(storage),
    cookie: null,
    entry: entry?.id ?? null,
    message,
    location: entry?.location,
    storage: { kind: storage.kind, origin: storage.origin, key: storage.key },
    facts,
  });
}

/** A storage entry that declares a party is held to it; one without a party accepts either. */
export const storagePartyMismatch: StorageRule = (check) => {
  const { storage, entry } = check;
  if (!entry?.party || entry.party === storage.party) return null;
  const message = `declared ${entry.party}-party ${entryRef(entry, check.entryIndex)} but ${storagePhrase(storage)} is ${storage.party}-party`;
  return storageFinding('party-mismatch', check, message, { declared: entry.party, observed: storage.party });
};

export const undeclaredStorage: StorageRule = (check) =>
  check.entry
    ? null
    : storageFinding('undeclared-storage', check, `${storagePhrase(check.storage)} is not declared in the inventory (add it under storage:)`);

/** Every storage rule, in FINDING_KINDS order. */
export const STORAGE_RULES: readonly StorageRule[] = [storagePartyMismatch, undeclaredStorage];
