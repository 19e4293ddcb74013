/**
 * Set-Cookie headers replayed byte for byte to a real Chromium: what the scan reports must be what the
 * browser stored — no cookie it dropped, names as it decoded them, lifetimes as it reckoned them.
 * Cases adapted from the http-state parser suite, Chromium's cookie_util date table and
 * web-platform-tests cookies/ (encoding, name, attributes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/crawl/scan.js';
import type { ScanRecord } from '../../src/model/result.js';
import { startRawHttpsServer } from '../helpers/raw-https.js';

const DAY = 86_400;
const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Host → what it sends and what Chromium stored (name → requested seconds, null for session). */
const CASES: Record<string, { setCookie: Buffer[]; date?: string; stored: Record<string, number | null>; refused?: string[] }> = {
  // A server clock 2 h ahead, asking for Date + 1 day: Chromium keeps 1 day.
  'ahead.replay.test': { setCookie: [utf8('skew=1; Expires=Tue, 02 Jan 2024 02:00:00 GMT')], date: 'Mon, 01 Jan 2024 02:00:00 GMT', stored: { skew: DAY } },
  // A server 3 days behind, asking for 10 days from its clock: 10 days.
  'behind.replay.test': { setCookie: [utf8('late=1; Expires=Thu, 11 Jan 2024 00:00:00 GMT')], date: 'Mon, 01 Jan 2024 00:00:00 GMT', stored: { late: 10 * DAY } },
  // Expired by the server's own clock: nothing stored, nothing observed.
  'expired.replay.test': { setCookie: [utf8('gone=1; Expires=Sun, 31 Dec 2023 00:00:00 GMT'), utf8('kept=1')], date: 'Mon, 01 Jan 2024 00:00:00 GMT', stored: { kept: null } },
  // UTF-8 name, asking for 500 days (Chromium keeps 400; the request stays 500).
  'utf8.replay.test': { setCookie: [utf8('café=1; Max-Age=43200000')], stored: { café: 500 * DAY } },
  // Nameless forms (http-state parser suite): `=a=bar` and `===a=bar` are dropped, `=bar` has an empty name.
  'nameless.replay.test': { setCookie: [utf8('=a=bar'), utf8('===a=bar'), utf8('=bar')], stored: { '': null } },
  // A 5-digit year is a date (persistent); a year before 1601 is a past date (nothing stored).
  'years.replay.test': {
    setCookie: [utf8('far=1; Expires=Sat, 15 Apr 10000 21:01:22 GMT'), utf8('old=1; Expires=1600 April 15 21:01:22')],
    date: 'Mon, 01 Jan 2024 00:00:00 GMT',
    stored: { far: Math.round((Date.UTC(10000, 3, 15, 21, 1, 22) - Date.UTC(2024, 0, 1)) / 1000) },
  },
  // Control characters and TAB inside refuse the line (DisallowedCharacter); the last Max-Age counts even invalid.
  'control.replay.test': {
    setCookie: [Buffer.from('tab=b\tc'), Buffer.from([0x64, 0x65, 0x6c, 0x3d, 0x31, 0x7f, 0x32]), utf8('last=1; Max-Age=60; Max-Age=abc'), utf8('plus=1; Max-Age=+60')],
    stored: { last: null, plus: 60 },
    refused: ['tab', 'del'],
  },
  // An invalid UTF-8 byte: Chromium shows the name without it.
  'bytes.replay.test': { setCookie: [Buffer.from([0x6e, 0xff, 0x3d, 0x31])], stored: { n: null } },
};

describe('Set-Cookie replayed to Chromium: observations are what the browser stored', () => {
  let server: { port: number; close(): Promise<void> };
  let record: ScanRecord;

  beforeAll(async () => {
    server = await startRawHttpsServer(CASES);
    const urls = Object.keys(CASES).map((host) => `https://${host}/`);
    record = await scan({
      sites: [{ name: 'replay', urls, domains: ['replay.test'] }],
      maxDepth: 0,
      resolve: [{ host: '*.test', address: '127.0.0.1', port: server.port }],
      blockUnmappedHosts: true,
      ignoreHttpsErrors: true,
      settleMs: 300,
    });
  }, 120_000);
  afterAll(() => server?.close());

  for (const [host, { stored, refused = [] }] of Object.entries(CASES)) {
    it(`${host}: ${Object.keys(stored).map((name) => JSON.stringify(name)).join(', ')} and nothing else`, () => {
      const observed = record.cookies.filter((cookie) => cookie.domain === host);
      expect(Object.fromEntries(observed.map((cookie) => [cookie.name, cookie.requestedLifetimeSeconds]))).toEqual(stored);
      // Every observation is in the jar Chromium kept: no phantom from a line it dropped.
      for (const cookie of observed) expect(cookie.transient, cookie.name).toBe(false);
      const rejected = record.rejectedCookies.filter((cookie) => new URL(cookie.responseUrl).hostname === host);
      expect([...new Set(rejected.map((cookie) => cookie.name))].sort()).toEqual([...refused].sort());
      for (const cookie of rejected) expect(cookie.reasons).toContain('DisallowedCharacter');
    });
  }
});
