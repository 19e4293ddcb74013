/**
 * Spreading a scan over several machines: `--shard I/N` keeps the work units — (site, scenario, start
 * URL), or (site, start URL) for a site that declares no scenarios — whose key hashes to shard I of N.
 * The assignment depends on the unit's key and N only — not on the machine, the order of the units,
 * nor on which other units exist — so N machines given the same inventory and URLs split the work
 * between them with every unit on exactly one shard.
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
 * The key of a work unit, its parts joined with "|" as given: `site|url` for a site that declares no
 * scenarios (the key from before scenarios existed, so those sites keep their shards), and
 * `site|scenario|url` for each scenario of a site that declares some.
 */
export function unitKey(...parts: string[]): string {
  return parts.join('|');
}

/**
 * The sites of one shard, in site order. A site without scenarios keeps the start URLs whose unit
 * (`site|url`) falls on the shard. A site with scenarios becomes one copy per scenario that has a unit
 * (`site|scenario|url`) on the shard, with `scenarios: [that scenario]` and only its own URLs: the
 * crawl visits every scenario of a site with the site's URLs. Sites or scenarios left with no URL are
 * dropped; URL and scenario order are kept.
 */
export function shardSites(sites: readonly SiteConfig[], shard: Shard): SiteConfig[] {
  return sites.flatMap((site) => {
    if (!site.scenarios || site.scenarios.length === 0) return siteOnShard(site, shard, (url) => unitKey(site.name, url));
    return site.scenarios.flatMap((scenario) =>
      siteOnShard({ ...site, scenarios: [scenario] }, shard, (url) => unitKey(site.name, scenario.name, url)),
    );
  });
}

/** The site with only the start URLs whose unit falls on the shard; nothing when none does. */
function siteOnShard(site: SiteConfig, shard: Shard, keyOf: (url: string) => string): SiteConfig[] {
  const urls = selectShard(site.urls, shard, keyOf);
  return urls.length > 0 ? [{ ...site, urls, domains: [...site.domains] }] : [];
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
