import type { StorageKind, StorageObservation } from '../model/observation.js';
import { partyOf } from './party.js';
import type { SiteIdentity } from './recorder.js';

/** What one frame's origin holds: keys and database names only, never values. */
export interface StorageSnapshot {
  origin: string;
  localStorage: string[];
  sessionStorage: string[];
  indexedDB: string[];
}

/** Runs inside a frame: lists storage keys and IndexedDB names; must be self-contained. */
export async function readStorageKeys(): Promise<StorageSnapshot | null> {
  if (!/^https?:$/.test(location.protocol)) return null;
  const keysOf = (storage: Storage | undefined) => {
    try {
      return storage ? Object.keys(storage) : [];
    } catch {
      return [];
    }
  };
  let databases: string[] = [];
  try {
    databases = (await indexedDB.databases()).map((database) => database.name ?? '').filter(Boolean);
  } catch {
    // An opaque or sandboxed origin has no IndexedDB to list.
  }
  return {
    origin: location.origin,
    localStorage: keysOf(globalThis.localStorage),
    sessionStorage: keysOf(globalThis.sessionStorage),
    indexedDB: databases,
  };
}

const KINDS: StorageKind[] = ['localStorage', 'sessionStorage', 'indexedDB'];

/** Every (kind, origin, key) seen during one site's visit, with the page where it first appeared. */
export class StorageRecorder {
  private readonly seen = new Map<string, StorageObservation>();

  constructor(private readonly site: SiteIdentity) {}

  record(snapshot: StorageSnapshot, pageUrl: string): void {
    const { hostname } = new URL(snapshot.origin);
    for (const kind of KINDS) {
      for (const key of snapshot[kind]) {
        const id = JSON.stringify([kind, snapshot.origin, key]);
        if (this.seen.has(id)) continue;
        this.seen.set(id, {
          site: this.site.name,
          scenario: this.site.scenario,
          kind,
          origin: snapshot.origin,
          key,
          party: partyOf(hostname, this.site.domains),
          firstSeenUrl: pageUrl,
        });
      }
    }
  }

  observations(): StorageObservation[] {
    return [...this.seen.values()];
  }
}
