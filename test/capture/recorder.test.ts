import { describe, expect, it } from 'vitest';
import { CookieRecorder, type JarCookie } from '../../src/capture/recorder.js';

const T0 = Date.UTC(2026, 0, 1);
const SITE = { name: 'shop', domains: ['shop.test'] };

function jar(overrides: Partial<JarCookie>): JarCookie {
  return { name: 'a', domain: 'www.shop.test', path: '/', expires: -1, secure: false, httpOnly: false, sameSite: 'Lax', ...overrides };
}

describe('CookieRecorder', () => {
  it('observes only what the jar kept: a refused Set-Cookie is not an observation', () => {
    const recorder = new CookieRecorder(SITE);
    recorder.recordHeader('refused=1', 'https://www.shop.test/', 'https://www.shop.test/', T0);
    recorder.recordJar([], 'https://www.shop.test/', T0 + 100);
    expect(recorder.observations()).toEqual([]);
  });

  it('pairs the jar cookie with the write that set it: requested vs effective lifetime, initiator, party', () => {
    const recorder = new CookieRecorder(SITE);
    const tenYears = 10 * 365 * 86_400;
    recorder.recordScriptWrite(`a=1; max-age=${tenYears}; domain=shop.test`, 'https://www.shop.test/p', 'https://cdn.vendor.test/t.js', 'https://www.shop.test/p', T0);
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
    expect(observed.firstSeenUrl).toBe('https://www.shop.test/');
  });

  it('marks cookies of other registrable domains third-party, and keeps jar-only cookies as unknown', () => {
    const recorder = new CookieRecorder(SITE);
    recorder.recordJar([jar({ name: 'x', domain: 'ads.net.test', expires: T0 / 1000 + 3600 })], 'https://www.shop.test/', T0);
    expect(recorder.observations()[0]).toMatchObject({ party: 'third', setBy: 'unknown', initiatorUrl: null, requestedLifetimeSeconds: 3600 });
  });
});
