import { describe, expect, it } from 'vitest';
import { CookieRecorder, type JarCookie } from '../../src/capture/recorder.js';

const T0 = Date.UTC(2026, 0, 1);
const SITE = { name: 'shop', scenario: 'anonymous', domains: ['shop.test'] };

function jar(overrides: Partial<JarCookie>): JarCookie {
  return { name: 'a', domain: 'www.shop.test', path: '/', expires: -1, secure: false, httpOnly: false, sameSite: 'Lax', ...overrides };
}

describe('CookieRecorder', () => {
  it('does not observe a Set-Cookie the browser refused', () => {
    const recorder = new CookieRecorder(SITE);
    recorder.recordHeader('refused=1', 'https://www.shop.test/', 'https://www.shop.test/', T0);
    recorder.recordRefusal('refused=1', ['SameSiteNoneInsecure'], 'https://www.shop.test/');
    recorder.recordJar([], 'https://www.shop.test/', T0 + 100);
    expect(recorder.observations()).toEqual([]);
  });

  it('pairs the jar cookie with the write that set it: requested vs effective lifetime, initiator, party', () => {
    const recorder = new CookieRecorder(SITE);
    const tenYears = 10 * 365 * 86_400;
    recorder.recordScriptWrite(`a=1; max-age=${tenYears}; domain=shop.test`, {
      documentUrl: 'https://www.shop.test/p',
      scriptUrl: 'https://cdn.vendor.test/t.js',
      pageUrl: 'https://www.shop.test/p',
      atMs: T0,
      accepted: true,
    });
    recorder.recordJar([jar({ domain: '.shop.test', expires: T0 / 1000 + 400 * 86_400 })], 'https://www.shop.test/p', T0 + 500);
    expect(recorder.observations()).toEqual([
      expect.objectContaining({
        site: 'shop',
        domain: '.shop.test',
        party: 'first',
        type: 'persistent',
        requestedLifetimeSeconds: tenYears,
        effectiveLifetimeSeconds: 400 * 86_400,
        setBy: 'js',
        initiatorUrl: 'https://cdn.vendor.test/t.js',
        firstSeenUrl: 'https://www.shop.test/p',
        setAt: new Date(T0).toISOString(),
        sameSite: null,
        initiatorDomain: 'vendor.test',
        transient: false,
        lifetimeVaried: false,
      }),
    ]);
  });

  it('reports the longest requested lifetime when a cookie is written twice', () => {
    const recorder = new CookieRecorder(SITE);
    recorder.recordHeader('a=1; Max-Age=60', 'https://www.shop.test/', 'https://www.shop.test/', T0);
    recorder.recordHeader('a=1; Max-Age=6000', 'https://www.shop.test/2', 'https://www.shop.test/2', T0 + 1000);
    recorder.recordJar([jar({ expires: T0 / 1000 + 6001 })], 'https://www.shop.test/2', T0 + 2000);
    const [observed] = recorder.observations();
    expect(observed.requestedLifetimeSeconds).toBe(6000);
    expect(observed.lifetimeVaried).toBe(true);
    expect(observed.firstSeenUrl).toBe('https://www.shop.test/');
  });

  it('marks cookies of other registrable domains third-party, and keeps jar-only cookies as unknown', () => {
    const recorder = new CookieRecorder(SITE);
    recorder.recordJar([jar({ name: 'x', domain: 'ads.net.test', expires: T0 / 1000 + 3600 })], 'https://www.shop.test/', T0);
    expect(recorder.observations()[0]).toMatchObject({ party: 'third', setBy: 'unknown', initiatorUrl: null, requestedLifetimeSeconds: 3600 });
  });

  it('keeps the jar value only when asked to (scan --include-values)', () => {
    const cookie = jar({ name: 'sid', domain: 'www.shop.test', value: 's3cr3t' });
    const plain = new CookieRecorder(SITE);
    plain.recordJar([cookie], 'https://www.shop.test/', T0);
    expect(plain.observations()[0]).not.toHaveProperty('value');
    const withValues = new CookieRecorder(SITE, 'none', true);
    withValues.recordJar([cookie, { ...cookie, value: 'rotated' }], 'https://www.shop.test/', T0);
    expect(withValues.observations().map((observation) => observation.value)).toEqual(['rotated']);
  });

  it('reports a cookie set then deleted as transient, whether or not a snapshot saw it', () => {
    const recorder = new CookieRecorder(SITE);
    const page = 'https://www.shop.test/';
    recorder.recordHeader('kept=1; Max-Age=600', page, page, T0);
    recorder.recordJar([jar({ name: 'kept', expires: T0 / 1000 + 600 })], page, T0 + 10);
    recorder.recordScriptWrite('flash=1', { documentUrl: page, scriptUrl: page, pageUrl: page, atMs: T0 + 20, accepted: true });
    recorder.recordScriptWrite('flash=; max-age=0', { documentUrl: page, scriptUrl: page, pageUrl: page, atMs: T0 + 21, accepted: true });
    recorder.recordScriptWrite('unsure=1; path=/x', { documentUrl: page, scriptUrl: page, pageUrl: page, atMs: T0 + 22, accepted: null });
    recorder.recordJar([], page, T0 + 30);
    const byName = Object.fromEntries(recorder.observations().map((observed) => [observed.name, observed]));
    expect(byName.kept).toMatchObject({ transient: true, effectiveLifetimeSeconds: 600 });
    expect(byName.flash).toMatchObject({ transient: true, type: 'session', effectiveLifetimeSeconds: null });
    expect(byName.unsure).toBeUndefined();
  });

  it('pairs a refusal with the header that carried it: not observed, listed without its value', () => {
    const recorder = new CookieRecorder(SITE);
    const page = 'https://www.shop.test/';
    recorder.recordHeader('__Host-x=secret; Domain=shop.test; Secure', 'https://www.shop.test/a', page, T0);
    recorder.recordRefusal('__Host-x=secret; Domain=shop.test; Secure', ['InvalidPrefix'], 'https://fallback.test/');
    recorder.recordRefusal('orphan=v', ['UserPreferences'], 'https://ads.test/');
    recorder.recordJar([], page, T0 + 10);
    expect(recorder.observations()).toEqual([]);
    expect(recorder.rejectedCookies()).toEqual([
      { site: 'shop', scenario: 'anonymous', name: '__Host-x', attributes: '__Host-x=…; Domain=shop.test; Secure', reasons: ['InvalidPrefix'], responseUrl: 'https://www.shop.test/a', pageUrl: page },
      { site: 'shop', scenario: 'anonymous', name: 'orphan', attributes: 'orphan=…', reasons: ['UserPreferences'], responseUrl: 'https://ads.test/', pageUrl: 'https://ads.test/' },
    ]);
  });
  it('stamps each cookie with the consent in force at its first write, whatever order events arrive in', () => {
    const recorder = new CookieRecorder(SITE);
    const page = 'https://www.shop.test/';
    recorder.consentChanged('given', T0 + 1000);
    // A header read finishes after the click that changed consent, but the response came before it.
    recorder.recordHeader('early=1', page, page, T0 + 500);
    recorder.recordHeader('late=1', page, page, T0 + 1500);
    recorder.recordHeader('early=2', page, page, T0 + 2000);
    recorder.recordJar([jar({ name: 'early' }), jar({ name: 'late' })], page, T0 + 3000);
    const consent = Object.fromEntries(recorder.observations().map((observed) => [observed.name, observed.consent]));
    expect(consent).toEqual({ early: 'none', late: 'given' });
  });

  it('starts from the consent a saved state carries, and does not observe preloaded cookies the site leaves alone', () => {
    const recorder = new CookieRecorder(SITE, 'given');
    const page = 'https://www.shop.test/';
    recorder.preload([jar({ name: 'saved' }), jar({ name: 'rewritten' })]);
    recorder.recordHeader('rewritten=2; Max-Age=60', page, page, T0);
    recorder.recordJar([jar({ name: 'saved' }), jar({ name: 'rewritten', expires: T0 / 1000 + 60 })], page, T0 + 100);
    expect(recorder.observations()).toEqual([expect.objectContaining({ name: 'rewritten', consent: 'given', requestedLifetimeSeconds: 60 })]);
  });
});
