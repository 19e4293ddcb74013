/**
 * Spreading a scan over several machines: `--shard I/N` keeps the work units whose key hashes to
 * shard I of N. The assignment depends on the unit's key and N only — not on the machine, the order of
 * the units, nor on which other units exist — so N machines given the same inventory and URLs split the
 * work between them with every unit on exactly one shard.
 *
 * The hash (written down in docs/sharding.md; changing it moves units between shards, so every shard
 * of one run must use the same cookie-audit version):
 *   1. FNV-1a, 32 bits, over the UTF-8 bytes of the key (offset basis 0x811c9dc5, prime 0x01000193);
 *   2. MurmurHash3's 32-bit finaliser (fmix32) on the result, because FNV-1a's low bits mix poorly
 *      (its lowest bit is the parity of the bytes' lowest bits) and a modulo reads the low bits;
 *   3. shard = (hash mod N) + 1.
 */
import { UsageError } from '../errors.js';
import type { SiteConfig } from '../model/inventory.js';

/** Shard `index` of `count`, both 1-based as the user writes them: `--shard 2/4`. */
export interface Shard {
  index: number;
  count: number;
}

const SHARD_SYNTAX = /^(\d+)\/(\d+)$/;

/** Parses `--shard I/N` (1 ≤ I ≤ N); anything else is a UsageError that shows the expected form. */
export function parseShard(text: string): Shard {
  const match = SHARD_SYNTAX.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  const valid = match !== null && Number.isSafeInteger(count) && count >= 1 && index >= 1 && index <= count;
  if (!valid) throw new UsageError(`--shard ${text}: expected I/N with 1 ≤ I ≤ N, e.g. --shard 2/4`);
  return { index, count };
}

/** The shard (1-based, 1…count) a unit with this key belongs to. */
export function shardOf(key: string, count: number): number {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`shard count must be a whole number ≥ 1, got ${count}`);
  return (fmix32(fnv1a32(key)) % count) + 1;
}

/** The units of `shard`, in their given order. */
export function selectShard<T>(units: readonly T[], shard: Shard, keyOf: (unit: T) => string): T[] {
  return units.filter((unit) => shardOf(keyOf(unit), shard.count) === shard.index);
}

/**
 * The key of a work unit: today a (site, start URL) pair, `site|url`. Scenarios, when they come, go
 * between the two (`site|scenario|url`); the parts are joined as given.
 */
export function unitKey(...parts: string[]): string {
  return parts.join('|');
}

/**
 * The sites of one shard: each site keeps the start URLs whose unit (`site|url`) falls on the shard;
 * a site left with none is dropped. Site and URL order are kept.
 */
export function shardSites(sites: readonly SiteConfig[], shard: Shard): SiteConfig[] {
  return sites.flatMap((site) => {
    const urls = selectShard(site.urls, shard, (url) => unitKey(site.name, url));
    return urls.length > 0 ? [{ ...site, urls, domains: [...site.domains] }] : [];
  });
}

const UTF8 = new TextEncoder();

/** 32-bit FNV-1a over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of UTF8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix32(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
