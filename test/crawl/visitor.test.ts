/**
 * The scan looks like a visitor's Chrome: consent managers such as vanilla-cookieconsent
 * (hideFromBots) show nothing to a browser that says it is automated.
 */
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/crawl/scan.js';
import { desktopUserAgent } from '../../src/crawl/browser.js';
import type { ScanRecord } from '../../src/model/result.js';
import { fixtureScanOptions, startVirtualHostServer, type RunningServer } from '../helpers/fixture-scan.js';

// What hideFromBots checks, written as a page would: the banner's cookie only for a visitor.
const BOT_SHY_PAGE = `<!doctype html><script>
  const robot = navigator.webdriver || /headless/i.test(navigator.userAgent);
  document.cookie = (robot ? 'robot_seen' : 'banner_shown') + '=1; Max-Age=3600';
  document.cookie = 'seen_as=' + navigator.languages[0] + '|' + Intl.DateTimeFormat().resolvedOptions().timeZone + '; Max-Age=3600';
</script>`;

describe('the scan looks like a visitor', () => {
  let server: RunningServer;
  let record: ScanRecord;
  const userAgents: string[] = [];
  const languages: string[] = [];

  beforeAll(async () => {
    server = await startVirtualHostServer({
      'www.shy.test': {
        '/': (request: IncomingMessage) => {
          userAgents.push(String(request.headers['user-agent']));
          languages.push(String(request.headers['accept-language']));
          return { body: BOT_SHY_PAGE, contentType: 'text/html' };
        },
      },
    });
    record = await scan({ sites: [{ name: 'shy', urls: ['https://www.shy.test/'], domains: ['shy.test'] }], maxDepth: 0, sitemaps: false, settleMs: 500, includeValues: true, locale: 'fr-FR', timezone: 'Europe/Paris', ...fixtureScanOptions(server) });
  }, 60_000);
  afterAll(() => server?.close());

  it('is shown what a bot-shy page shows a person', () => {
    expect(record.cookies.map((cookie) => cookie.name).sort()).toEqual(['banner_shown', 'seen_as']);
  });

  it('sends desktop Chrome\'s user agent for the browser\'s version, and records it', () => {
    expect(record.browser.userAgent).toBe(desktopUserAgent(record.browser.version));
    expect(record.browser.userAgent).toMatch(/ Chrome\/\d+\.0\.0\.0 /);
    expect(record.browser.userAgent).not.toMatch(/headless/i);
    expect(userAgents.length).toBeGreaterThan(0);
    expect(new Set(userAgents)).toEqual(new Set([record.browser.userAgent]));
  });

  it('speaks the locale asked for and lives in the time zone asked for, and records both', () => {
    expect(record.cookies.find((cookie) => cookie.name === 'seen_as')?.value).toBe('fr-FR|Europe/Paris');
    expect(languages[0]).toMatch(/^fr-FR\b/);
    expect(record.browser).toMatchObject({ locale: 'fr-FR', timezone: 'Europe/Paris' });
  });

  it('keeps --user-agent when one is given', async () => {
    const given = await scan({ sites: [{ name: 'shy', urls: ['https://www.shy.test/'], domains: ['shy.test'] }], maxDepth: 0, sitemaps: false, settleMs: 300, userAgent: 'AuditBot/1.0', ...fixtureScanOptions(server) });
    expect(given.browser.userAgent).toBe('AuditBot/1.0');
    expect(userAgents.at(-1)).toBe('AuditBot/1.0');
  }, 60_000);
});
