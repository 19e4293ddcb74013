import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { fnv1a32, parseShard, selectShard, shardOf, shardSites, unitKey } from '../../src/merge/shard.js';
import type { Scenario, SiteConfig } from '../../src/model/inventory.js';

const pageKeys = (count: number) => Array.from({ length: count }, (_, i) => unitKey('esomus', `https://www.esomus.test/page-${i}`));

describe('parseShard', () => {
  it('reads I/N, 1-based', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 4/4 ')).toEqual({ index: 4, count: 4 });
  });

  it.each(['0/3', '4/3', '1/0', '0/0', '-1/3', '1.5/3', '2', '2/', '/4', 'a/b', '2/4/6', '', '1 / 2'])('refuses %j with the expected form', (text) => {
    expect(() => parseShard(text)).toThrow(UsageError);
    expect(() => parseShard(text)).toThrow(`--shard ${text}: expected I/N with 1 ≤ I ≤ N, e.g. --shard 2/4`);
  });
});

describe('the hash', () => {
  it('is 32-bit FNV-1a over UTF-8 (published test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('puts a key on the same shard in every version: changing it would split one run differently on two machines', () => {
    const key = unitKey('esomus', 'https://www.esomus.com/');
    expect([1, 2, 3, 4, 5].map((count) => shardOf(key, count))).toEqual([1, 1, 1, 3, 3]);
    expect([1, 2, 3, 4, 5].map((count) => shardOf('a', count))).toEqual([1, 2, 1, 4, 1]);
  });

  it('reads keys as UTF-8, whatever their characters', () => {
    expect(fnv1a32('é')).not.toBe(fnv1a32('e'));
    expect(shardOf('https://exemple.test/été', 3)).toBe(shardOf('https://exemple.test/été', 3));
  });

  it('refuses a shard count below 1', () => {
    expect(() => shardOf('a', 0)).toThrow(RangeError);
  });
});

describe('selectShard', () => {
  const keys = pageKeys(40);

  it.each([1, 2, 3, 4, 5])('puts every unit on exactly one of %i shards', (count) => {
    const shards = Array.from({ length: count }, (_, i) => selectShard(keys, { index: i + 1, count }, (key) => key));
    expect(shards.flat().sort()).toEqual([...keys].sort());
    for (const key of keys) expect(shards.filter((shard) => shard.includes(key))).toHaveLength(1);
  });

  it('is stable: the same units on the same shard, run after run and whatever the order or company', () => {
    const shard = { index: 2, count: 3 };
    const once = selectShard(keys, shard, (key) => key);
    expect(selectShard(keys, shard, (key) => key)).toEqual(once);
    expect(selectShard([...keys].reverse(), shard, (key) => key)).toEqual([...once].reverse());
    expect(selectShard(keys.slice(0, 10), shard, (key) => key)).toEqual(once.filter((key) => keys.slice(0, 10).includes(key)));
  });

  it('builds the key with the caller', () => {
    const units = [{ site: 'a', url: 'https://a.test/' }, { site: 'b', url: 'https://b.test/' }];
    const keyOf = (unit: { site: string; url: string }) => unitKey(unit.site, unit.url);
    expect(selectShard(units, { index: 1, count: 1 }, keyOf)).toEqual(units);
    expect(selectShard(units, { index: shardOf('b|https://b.test/', 7), count: 7 }, keyOf)).toContainEqual(units[1]);
  });

  it.each([2, 3, 4])('gives each of %i shards a fair share of 100 units, roughly', (count) => {
    const sizes = Array.from({ length: count }, (_, i) => selectShard(pageKeys(100), { index: i + 1, count }, (key) => key).length);
    for (const size of sizes) {
      expect(size).toBeGreaterThanOrEqual((100 / count) * 0.5);
      expect(size).toBeLessThanOrEqual((100 / count) * 1.6);
    }
  });

  it('balances closely on many units', () => {
    const keys = pageKeys(10_000);
    for (const count of [2, 3, 5, 7]) {
      const sizes = Array.from({ length: count }, (_, i) => selectShard(keys, { index: i + 1, count }, (key) => key).length);
      for (const size of sizes) expect(Math.abs(size - 10_000 / count)).toBeLessThan((10_000 / count) * 0.1);
    }
  });
});

describe('shardSites', () => {
  const sites: SiteConfig[] = [
    { name: 'esomus', urls: pageKeys(12).map((key) => key.split('|')[1]), domains: ['esomus.test'] },
    { name: 'shop', urls: ['https://shop.test/'], domains: ['shop.test'] },
  ];

  it('splits start URLs (site, URL units) over the shards, keeping order and dropping empty sites', () => {
    const shards = [1, 2, 3].map((index) => shardSites(sites, { index, count: 3 }));
    for (const site of sites) {
      const urls = shards.flatMap((shard) => shard.filter((kept) => kept.name === site.name).flatMap((kept) => kept.urls));
      expect([...urls].sort()).toEqual([...site.urls].sort());
    }
    for (const shard of shards) {
      for (const kept of shard) {
        expect(kept.urls.length).toBeGreaterThan(0);
        const original = sites.find((site) => site.name === kept.name)!;
        expect(kept.urls).toEqual(original.urls.filter((url) => kept.urls.includes(url)));
        expect(kept.domains).toEqual(original.domains);
      }
    }
    expect(shards.filter((shard) => shard.some((site) => site.name === 'shop'))).toHaveLength(1);
  });

  it('keeps the key site|url for a site that declares no scenarios, so its URLs stay on their shards', () => {
    const [esomus] = sites;
    for (const index of [1, 2, 3]) {
      const kept = shardSites([esomus], { index, count: 3 });
      expect(kept.flatMap((site) => site.urls)).toEqual(selectShard(esomus.urls, { index, count: 3 }, (url) => unitKey('esomus', url)));
      for (const site of kept) expect(site).not.toHaveProperty('scenarios');
    }
  });
});

describe('shardSites with scenarios', () => {
  const scenario = (name: string): Scenario => ({ name, steps: [{ consent: 'accept' }] });
  const scenarios = [scenario('anonymous'), scenario('consent-given'), scenario('logged-in')];
  const site: SiteConfig = { name: 'esomus', urls: pageKeys(8).map((key) => key.split('|')[1]), domains: ['esomus.test'], scenarios };
  const shards = [1, 2, 3].map((index) => shardSites([site], { index, count: 3 }));

  it('puts every (site, scenario, URL) unit, keyed site|scenario|url, on exactly one shard', () => {
    const units = shards.flat().flatMap((kept) => kept.urls.map((url) => unitKey(kept.name, kept.scenarios![0].name, url)));
    const expected = scenarios.flatMap(({ name }) => site.urls.map((url) => `esomus|${name}|${url}`));
    expect([...units].sort()).toEqual([...expected].sort());
  });

  it('gives one site per scenario on the shard, scanned under that scenario with only its own URLs, in order', () => {
    for (const [i, shard] of shards.entries()) {
      for (const kept of shard) {
        expect(kept.scenarios).toHaveLength(1);
        const [{ name }] = kept.scenarios!;
        expect(kept.urls).toEqual(site.urls.filter((url) => shardOf(`esomus|${name}|${url}`, 3) === i + 1));
        expect(kept.urls.length).toBeGreaterThan(0);
        expect(kept.domains).toEqual(site.domains);
      }
      const order = shard.map((kept) => scenarios.findIndex(({ name }) => name === kept.scenarios![0].name));
      expect(order).toEqual([...order].sort());
    }
  });

  it('drops a scenario with no URL on the shard', () => {
    const one: SiteConfig = { ...site, urls: ['https://www.esomus.test/'] };
    const kept = [1, 2, 3, 4, 5].map((index) => shardSites([one], { index, count: 5 }));
    expect(kept.flat()).toHaveLength(scenarios.length);
    for (const [i, shard] of kept.entries()) {
      expect(shard.map((s) => s.scenarios![0].name)).toEqual(
        scenarios.map(({ name }) => name).filter((name) => shardOf(unitKey('esomus', name, 'https://www.esomus.test/'), 5) === i + 1),
      );
    }
  });

  it('leaves the given sites untouched', () => {
    const before = structuredClone(site);
    shardSites([site], { index: 1, count: 2 });
    expect(site).toEqual(before);
  });
});
