import { describe, expect, it } from 'vitest';
import { partyOf, registrableDomain } from '../../src/capture/party.js';
import { hostResolverRules, parseHostMapping } from '../../src/crawl/resolve.js';
import { sitesForUrls } from '../../src/crawl/targets.js';
import { UsageError } from '../../src/errors.js';
import { shouldUseColor } from '../../src/cli/color.js';

describe('--resolve', () => {
  it('parses curl-like mappings with wildcards, IPv6 and optional ports', () => {
    expect(parseHostMapping('*.Esomus.com=127.0.0.1:8443')).toEqual({ host: '*.esomus.com', address: '127.0.0.1', port: 8443 });
    expect(parseHostMapping('www.a.test=[::1]:443')).toEqual({ host: 'www.a.test', address: '::1', port: 443 });
    expect(parseHostMapping('www.a.test=10.0.0.5')).toEqual({ host: 'www.a.test', address: '10.0.0.5', port: undefined });
  });

  it('rejects what is not HOST=IP[:PORT] with a usage error', () => {
    for (const bad of ['nonsense', 'www.a.test=not-an-ip', 'www.a.test=1.2.3.4:99999', 'bad host=1.2.3.4']) {
      expect(() => parseHostMapping(bad)).toThrow(UsageError);
    }
  });

  it('becomes Chromium host-resolver rules, optionally blocking every other host', () => {
    const mappings = [parseHostMapping('*.a.test=127.0.0.1:9'), parseHostMapping('b.test=[::1]')];
    expect(hostResolverRules(mappings)).toBe('MAP *.a.test 127.0.0.1:9, MAP b.test [::1]');
    expect(hostResolverRules([], true)).toBe('MAP * ~NOTFOUND');
    expect(hostResolverRules([])).toBeUndefined();
  });
});

describe('party', () => {
  it('uses the public suffix list, private suffixes included', () => {
    expect(registrableDomain('.www.shop.co.uk')).toBe('shop.co.uk');
    expect(registrableDomain('alice.github.io')).toBe('alice.github.io');
    expect(partyOf('.shop.test', ['shop.test'])).toBe('first');
    expect(partyOf('bob.github.io', ['alice.github.io'])).toBe('third');
  });
});

describe('sitesForUrls', () => {
  const inventorySites = [{ name: 'esomus', urls: ['https://www.esomus.com/'], domains: ['esomus.com', 'esomus.fr'] }];

  it('gives a URL under an inventory site that site, and any other URL its registrable domain', () => {
    expect(sitesForUrls(['https://app.esomus.fr/x', 'https://www.other.org/', 'https://shop.other.org/'], inventorySites)).toEqual([
      { name: 'esomus', urls: ['https://app.esomus.fr/x'], domains: ['esomus.com', 'esomus.fr'] },
      { name: 'other.org', urls: ['https://www.other.org/', 'https://shop.other.org/'], domains: ['other.org'] },
    ]);
  });

  it('rejects what cannot be scanned', () => {
    expect(() => sitesForUrls(['www.esomus.com'], [])).toThrow(/not a URL/);
    expect(() => sitesForUrls(['ftp://esomus.com/'], [])).toThrow(/only http and https/);
  });
});

describe('shouldUseColor', () => {
  it('follows the flag first, then NO_COLOR, FORCE_COLOR and the terminal', () => {
    expect(shouldUseColor(true, false, { NO_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(false, true, {})).toBe(false);
    expect(shouldUseColor(undefined, true, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(undefined, false, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(undefined, true, {})).toBe(true);
    expect(shouldUseColor(undefined, true, { TERM: 'dumb' })).toBe(false);
    expect(shouldUseColor(undefined, false, {})).toBe(false);
  });
});
