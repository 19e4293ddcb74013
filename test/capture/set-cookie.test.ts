import { describe, expect, it } from 'vitest';
import { parseCookieWrite } from '../../src/capture/set-cookie.js';

const NOW = Date.UTC(2026, 0, 1);

describe('parseCookieWrite', () => {
  it('stores a host-only cookie under the bare host and a Domain cookie under a leading dot', () => {
    expect(parseCookieWrite('a=1', 'https://www.Example.test/x/y', NOW)).toMatchObject({ domain: 'www.example.test', path: '/x' });
    expect(parseCookieWrite('a=1; Domain=Example.TEST; Path=/p', 'https://www.example.test/', NOW)).toMatchObject({ domain: '.example.test', path: '/p' });
  });

  it('lets Max-Age win over Expires, and measures Expires from the arrival time', () => {
    expect(parseCookieWrite('a=1; Max-Age=60; Expires=Wed, 01 Jan 2098 00:00:00 GMT', 'https://a.test/', NOW)?.requestedLifetimeSeconds).toBe(60);
    expect(parseCookieWrite('a=1; Expires=Thu, 01 Jan 2026 01:00:00 GMT', 'https://a.test/', NOW)?.requestedLifetimeSeconds).toBe(3600);
  });

  it('reads a Max-Age too long for a number as the longest lifetime, or a deletion, still winning over Expires', () => {
    const huge = '9'.repeat(400);
    const expires = 'Expires=Thu, 01 Jan 2026 01:00:00 GMT';
    const write = (text: string) => parseCookieWrite(text, 'https://a.test/', NOW);
    expect(write(`a=1; Max-Age=${huge}`)).toMatchObject({ requestedLifetimeSeconds: Number.MAX_VALUE, deletes: false });
    expect(write(`a=1; ${expires}; Max-Age=${huge}`)?.requestedLifetimeSeconds).toBe(Number.MAX_VALUE);
    expect(write(`a=; Max-Age=-${huge}; ${expires}`)).toMatchObject({ requestedLifetimeSeconds: null, deletes: true });
  });

  it('has no lifetime for a session cookie and flags deletions', () => {
    expect(parseCookieWrite('a=1', 'https://a.test/', NOW)).toMatchObject({ requestedLifetimeSeconds: null, deletes: false });
    expect(parseCookieWrite('a=; Max-Age=0', 'https://a.test/', NOW)).toMatchObject({ requestedLifetimeSeconds: null, deletes: true });
    expect(parseCookieWrite('a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'https://a.test/', NOW)?.deletes).toBe(true);
  });

  it('reads the attributes as written', () => {
    expect(parseCookieWrite('a=1; Secure; HttpOnly; SameSite=none; Partitioned', 'https://a.test/', NOW)).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: 'None',
      partitioned: true,
    });
    expect(parseCookieWrite('a=1', 'https://a.test/', NOW)).toMatchObject({ sameSite: null, partitioned: false });
  });
});
