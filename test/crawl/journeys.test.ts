import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/crawl/scan.js';
import { UsageError } from '../../src/errors.js';
import type { SiteConfig } from '../../src/model/inventory.js';
import type { ScanRecord } from '../../src/model/result.js';
import { JOURNEY_HOSTS, JOURNEY_PASSWORD } from '../fixtures/sites/journeys.js';
import { fixtureScanOptions, startVirtualHostServer, type RunningServer } from '../helpers/fixture-scan.js';

const HOME = 'https://www.journey.test/';
const ENV = { JOURNEY_PASSWORD_VAR: JOURNEY_PASSWORD };

function journeySite(storageState: string): SiteConfig {
  return {
    name: 'journey',
    urls: [HOME],
    domains: ['journey.test'],
    sitemaps: false,
    consentBanner: { accept: '#accept', refuse: '#refuse' },
    scenarios: [
      { name: 'anonymous', steps: [] },
      { name: 'refused', steps: [{ consent: 'refuse' }] },
      { name: 'accepted', steps: [{ consent: 'accept' }] },
      {
        name: 'logged-in',
        steps: [
          { goto: 'https://www.journey.test/signin' },
          { fill: '#email', value: 'visitor@example.test' },
          { fill: '#password', env: 'JOURNEY_PASSWORD_VAR' },
          { click: '#go' },
          { wait: { selector: '#account' } },
        ],
      },
      { name: 'saved-consent', storageState, consentAtStart: 'given', steps: [] },
      { name: 'broken', steps: [{ click: '#no-such-button', location: { file: 'inventory.yaml', line: 40, column: 11 } }] },
    ],
  };
}

describe('scenarios: consent choices, a login journey and a saved state, each in its own profile', () => {
  let server: RunningServer;
  let record: ScanRecord;
  let stateDir: string;
  const cookie = (scenario: string, name: string) => record.cookies.find((seen) => seen.scenario === scenario && seen.name === name);
  const siteScan = (scenario: string) => record.sites.find((site) => site.scenario === scenario);

  beforeAll(async () => {
    server = await startVirtualHostServer(JOURNEY_HOSTS);
    stateDir = await mkdtemp(join(tmpdir(), 'cookie-audit-state-'));
    const storageState = join(stateDir, 'consented.json');
    const saved = { name: 'consent', value: 'yes', domain: 'www.journey.test', path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' };
    await writeFile(storageState, JSON.stringify({ cookies: [saved], origins: [] }));
    record = await scan({
      sites: [journeySite(storageState)],
      maxDepth: 1,
      pageTimeoutMs: 5_000,
      settleMs: 1_000,
      env: ENV,
      ...fixtureScanOptions(server),
    });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('reports every scenario apart, with the same pages crawled under each', () => {
    expect(record.sites.map((site) => site.scenario)).toEqual(['anonymous', 'refused', 'accepted', 'logged-in', 'saved-consent', 'broken']);
    for (const scenario of ['anonymous', 'refused', 'accepted', 'logged-in', 'saved-consent']) {
      expect(siteScan(scenario), scenario).toMatchObject({ pagesVisited: 2, complete: true, errors: [] });
    }
  });

  it('stamps cookies with the consent state in force when they were first set', () => {
    expect(cookie('anonymous', 'UID')).toMatchObject({ consent: 'none' });
    expect(cookie('anonymous', 'ana_id')).toBeUndefined();
    expect(cookie('refused', 'UID')).toMatchObject({ consent: 'none' });
    expect(cookie('refused', 'consent')).toMatchObject({ consent: 'refused', setBy: 'js' });
    expect(cookie('refused', 'late_tracker')).toMatchObject({ consent: 'refused' });
    expect(cookie('refused', 'ana_id')).toBeUndefined();
    expect(cookie('accepted', 'UID')).toMatchObject({ consent: 'none' });
    expect(cookie('accepted', 'ana_id')).toMatchObject({ consent: 'given' });
    expect(siteScan('accepted')?.journey).toEqual({ completed: 1, steps: 1, consent: 'given', preloadedCookies: 0 });
    expect(siteScan('refused')?.journey).toMatchObject({ consent: 'refused' });
  });

  it('signs in with a secret from the environment, sees the logged-in cookies, and never writes the secret', () => {
    expect(cookie('logged-in', 'session')).toMatchObject({ setBy: 'http', httpOnly: true });
    expect(cookie('logged-in', 'last_account')).toMatchObject({ type: 'persistent', requestedLifetimeSeconds: 30 * 86_400 });
    expect(cookie('logged-in', 'account_seen')).toBeDefined();
    expect(cookie('anonymous', 'session')).toBeUndefined();
    expect(siteScan('logged-in')?.journey).toMatchObject({ completed: 5, steps: 5 });
    expect(JSON.stringify(record)).not.toContain(JOURNEY_PASSWORD);
  });

  it('starts from a storageState file: its cookies are not observations, what the site sets with them is', () => {
    expect(cookie('saved-consent', 'consent')).toBeUndefined();
    expect(cookie('saved-consent', 'ana_id')).toMatchObject({ consent: 'given' });
    expect(cookie('saved-consent', 'UID')).toMatchObject({ consent: 'given' });
    expect(siteScan('saved-consent')?.journey).toEqual({ completed: 0, steps: 0, consent: 'given', preloadedCookies: 1 });
  });

  it('stops a scenario whose step fails, saying which step, where it is written and why', () => {
    const broken = siteScan('broken');
    expect(broken).toMatchObject({ stoppedBy: 'journey-failed', complete: false, pagesVisited: 0 });
    expect(broken?.journey).toMatchObject({ completed: 0, steps: 1 });
    expect(broken?.errors[0]?.message).toMatch(
      /^scenario "broken", step 1 of 1: click "#no-such-button" \(inventory\.yaml:40:11\) failed: nothing visible matches "#no-such-button"/,
    );
  });
});

describe('scenario prerequisites', () => {
  it('refuses to start when a step reads an unset environment variable or a state file is missing, naming both', async () => {
    const site: SiteConfig = {
      name: 'journey',
      urls: [HOME],
      domains: ['journey.test'],
      scenarios: [
        { name: 'logged-in', steps: [{ fill: '#password', env: 'COOKIE_AUDIT_TEST_UNSET_VAR' }] },
        { name: 'saved', storageState: '/nonexistent/state.json', steps: [] },
      ],
    };
    const attempt = scan({ sites: [site], env: {}, browserPath: '/nonexistent/chromium' });
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(/COOKIE_AUDIT_TEST_UNSET_VAR, read by site "journey", scenario "logged-in"[\s\S]*\/nonexistent\/state\.json/);
  });
});
