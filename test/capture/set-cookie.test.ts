import { describe, expect, it } from 'vitest';
import { parseCookieDate, parseHttpDate } from '../../src/capture/cookie-date.js';
import { headerText } from '../../src/capture/cookie-line.js';
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

// Each expectation below is what Chromium 156 stored for the same header, served from a local
// HTTPS server (jar read back through the DevTools protocol).
describe('parseCookieWrite follows Chromium where it departs from RFC 6265', () => {
  const write = (text: string, serverDate: string | null = null) => parseCookieWrite(text, 'https://a.test/', NOW, parseHttpDate(serverDate));

  it('reads Expires against the response’s Date header: a server clock ahead or behind does not change the lifetime', () => {
    expect(write('a=1; Expires=Tue, 02 Jan 2024 00:00:00 GMT', 'Mon, 01 Jan 2024 00:00:00 GMT')?.requestedLifetimeSeconds).toBe(86_400);
    expect(write('a=1; Expires=Tue, 02 Jan 2024 00:00:00 GMT', 'Mon, 01 Jan 2024 00:00:00 +0200')?.requestedLifetimeSeconds).toBe(93_600);
    expect(write('a=1; Expires=Tue, 02 Jan 2024 00:00:00 GMT', 'Monday, 01-Jan-24 00:00:00 GMT')?.requestedLifetimeSeconds).toBe(86_400);
    expect(write('a=1; Expires=Tue, 02 Jan 2024 00:00:00 GMT', 'Mon Jan  1 00:00:00 2024')?.requestedLifetimeSeconds).toBe(86_400);
    // Already past by the server's own clock: a deletion, never an observation.
    expect(write('a=1; Expires=Sun, 31 Dec 2023 00:00:00 GMT', 'Mon, 01 Jan 2024 00:00:00 GMT')).toMatchObject({ deletes: true, requestedLifetimeSeconds: null });
    // A Date that is no date: Expires counts from arrival.
    expect(write('a=1; Expires=Thu, 01 Jan 2026 01:00:00 GMT', 'garbage')?.requestedLifetimeSeconds).toBe(3600);
  });

  it('stores no cookie for nameless lines whose value holds "=", nor for empty ones; a bare value has an empty name', () => {
    for (const text of ['=a=bar', '===a=bar', '', '=', ';', '  ']) expect(write(text), JSON.stringify(text)).toBeNull();
    expect(write('=bar')).toMatchObject({ name: '' });
    expect(write('bar')).toMatchObject({ name: '' });
  });

  it('refuses control characters anywhere (TAB inside a value too) but trims spaces and tabs around', () => {
    for (const text of ['a=b\tc', 'a=1\x012', 'a=1\x7f2', 'a\x01=1', 'a=1; Path=/\x01']) expect(write(text), JSON.stringify(text)).toBeNull();
    expect(write('a=\tbc\t')).toMatchObject({ name: 'a' });
  });

  it('counts the last Max-Age even when it is not a number, reads +60, ignores 1.5 and 0x10', () => {
    expect(write('a=1; Max-Age=60; Max-Age=abc')?.requestedLifetimeSeconds).toBeNull();
    expect(write('a=1; Max-Age=60; Max-Age=')?.requestedLifetimeSeconds).toBeNull();
    expect(write('a=1; Max-Age=+60')?.requestedLifetimeSeconds).toBe(60);
    expect(write('a=1; Max-Age= 060 ')?.requestedLifetimeSeconds).toBe(60);
    for (const value of ['1.5', '0x10']) expect(write(`a=1; Max-Age=${value}`)?.requestedLifetimeSeconds).toBeNull();
  });

  it('ignores an attribute over 1024 bytes, and refuses a name and value over 4096 bytes', () => {
    expect(write(`a=1; Path=/${'a'.repeat(1030)}`)).toMatchObject({ path: '/' });
    expect(write(`a=${'b'.repeat(4095)}`)).not.toBeNull();
    expect(write(`a=${'b'.repeat(4096)}`)).toBeNull();
    expect(write(`a=${'é'.repeat(2048)}`)).toBeNull();
  });

  it('reads Expires as Chromium does: 5-digit years, years before 1601, any order, no impossible dates', () => {
    expect(parseCookieDate('Sat, 15-Apr-17 21:01:22 GMT')).toBe(Date.UTC(2017, 3, 15, 21, 1, 22));
    expect(parseCookieDate('1600 April 15 21:01:22')).toBe(new Date('1600-04-15T21:01:22Z').getTime());
    expect(parseCookieDate('Sat, 15 Apr 10000 21:01:22 GMT')).toBe(new Date('+010000-04-15T21:01:22Z').getTime());
    expect(parseCookieDate('15 Apr 69 1:2:3')).toBe(Date.UTC(2069, 3, 15, 1, 2, 3));
    expect(parseCookieDate('15 Apr 70 1:2:3')).toBe(Date.UTC(1970, 3, 15, 1, 2, 3));
    for (const text of ['Apr 31 2024 00:00:00', 'Thu, 01 Jan 1970 00:00:60 GMT', 'Thu, 32 Jan 2024 00:00:00 GMT', 'Thu, 01 Jan 2024 00:00 GMT', 'Thu, 01 Jnu 2024 00:00:00 GMT']) {
      expect(parseCookieDate(text), text).toBeNull();
    }
    expect(write('a=1; Expires=Sat, 15 Apr 10000 21:01:22 GMT', 'Mon, 01 Jan 2024 00:00:00 GMT')?.deletes).toBe(false);
    expect(write('a=1; Expires=1600 April 15 21:01:22')?.deletes).toBe(true);
  });

  it('decodes header text as UTF-8 from the Latin-1 text Playwright hands over, leaving invalid bytes out as Chromium shows them', () => {
    expect(headerText(Buffer.from('café=1', 'utf8').toString('latin1'))).toBe('café=1');
    expect(headerText(Buffer.from([0x61, 0xff, 0x62, 0x3d, 0x31]).toString('latin1'))).toBe('ab=1');
    expect(headerText(Buffer.from([0xe9, 0x3d, 0x31]).toString('latin1'))).toBe('=1');
    expect(headerText(Buffer.from('春=1', 'utf8').toString('latin1'))).toBe('春=1');
    // windows-1252, as Chromium's "Latin-1": E6 98 A5 arrives as "æ˜¥".
    expect(headerText('æ˜¥=1')).toBe('春=1');
    // A character no byte decodes to: the text is already what was sent.
    expect(headerText('déjà ✓ vu')).toBe('déjà ✓ vu');
  });
});
