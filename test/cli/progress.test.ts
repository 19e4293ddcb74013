import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, columns: 200, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream, written };
}

const pageDone = (pagesVisited: number, scenario = 'anonymous') =>
  ({ type: 'page-done', site: 'esomus', scenario, url: `https://www.esomus.test/${pagesVisited}`, pagesVisited, queued: 10, cookies: 4, errors: 1 }) as const;

describe('progress on stderr', () => {
  it('prints a plain line at most every 5 seconds without a terminal, with counts and an ETA', () => {
    const { stream, written } = fakeStream(false);
    let now = 0;
    const report = progressReporter(stream, false, () => now);
    now = 1_000;
    report(pageDone(1));
    expect(written).toEqual([]);
    now = 6_000;
    report(pageDone(2));
    expect(written).toEqual(['esomus: 2 pages done, 10 queued, 4 cookies, 1 errors, 6s elapsed, ETA 30s — https://www.esomus.test/2\n']);
    now = 7_000;
    report(pageDone(3));
    expect(written).toHaveLength(1);
  });

  it('keeps one live line on a terminal, and --quiet silences all but the third-party warning', () => {
    const tty = fakeStream(true);
    progressReporter(tty.stream, false, () => 0)(pageDone(1));
    expect(tty.written[0]).toMatch(/^\r\x1b\[Kesomus: 1 pages done/);
    const quiet = fakeStream(true);
    const report = progressReporter(quiet.stream, true, () => 0);
    report(pageDone(1));
    report({ type: 'page-error', site: 'esomus', scenario: 'anonymous', url: 'https://x.test/', message: 'boom' });
    report({ type: 'third-party-cookies-blocked', site: 'esomus', scenario: 'anonymous' });
    expect(quiet.written).toHaveLength(1);
    expect(quiet.written[0]).toContain('BLOCKS third-party cookies');
  });

  it('escapes what sites control', () => {
    const { stream, written } = fakeStream(false);
    progressReporter(stream, false)({ type: 'page-error', site: 'esomus', scenario: 'anonymous', url: 'https://x.test/\x1b[31m', message: 'boom\n' });
    expect(written.join('')).not.toContain('\x1b[31m');
  });

  it('names the scenario beside the site when the site declared one', () => {
    const tty = fakeStream(true);
    progressReporter(tty.stream, false, () => 0)(pageDone(1, 'consent-given'));
    expect(tty.written[0]).toMatch(/^\r\x1b\[Kesomus › consent-given: 1 pages done/);
  });
});

describe('progress of several sites crawled at once', () => {
  it('shows the totals of every site and scenario heard of, and how many are done', () => {
    const tty = fakeStream(true);
    let now = 0;
    const report = progressReporter(tty.stream, false, () => now);
    report(pageDone(2, 'consent-given'));
    report({ type: 'page-done', site: 'isqm', scenario: 'anonymous', url: 'https://www.isqm.test/a', pagesVisited: 3, queued: 1, cookies: 2, errors: 0 });
    report({ type: 'site-done', site: 'isqm', scenario: 'anonymous', pagesVisited: 3, complete: true });
    now = 3_000;
    report(pageDone(3, 'consent-given'));
    expect(tty.written.at(-1)).toBe(
      '\r\x1b[K1 of 2 sites·scenarios done: 6 pages done, 11 queued, 6 cookies, 1 errors, 3s elapsed — esomus › consent-given: https://www.esomus.test/3',
    );
  });
});
