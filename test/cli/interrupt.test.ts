import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/model/result.js';

// Run `npm run build` first: these tests drive the built CLI (bin/cookie-audit → dist/).
const BIN = fileURLToPath(new URL('../../bin/cookie-audit', import.meta.url));
const INVENTORY = fileURLToPath(new URL('../fixtures/cli/inventory.yaml', import.meta.url));

/**
 * An endless slow site: every page sets a cookie, answers after 300 ms and links to ten more pages.
 * Pages are counted per host name: each test scans its own, so pages a previous test's browser had
 * asked for, answered after it quit, do not count as this test's.
 */
function slowSite(): { server: Server; pagesServed: (host: string) => number } {
  const served = new Map<string, number>();
  const server = createServer((request, response) => {
    const page = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('p') ?? 0);
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    setTimeout(() => {
      served.set(host, (served.get(host) ?? 0) + 1);
      const links = Array.from({ length: 10 }, (_, i) => `<a href="/?p=${page * 10 + i + 1}">next</a>`).join('');
      response.writeHead(200, { 'content-type': 'text/html', 'set-cookie': `page${page}=1; Max-Age=3600; Path=/` });
      response.end(`<html><body>${links}</body></html>`);
    }, 300);
  });
  return { server, pagesServed: (host) => served.get(host) ?? 0 };
}

function startScan(port: number, host: string, jsonFile: string): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(
    process.execPath,
    [BIN, 'scan', `http://${host}/`, '--inventory', INVENTORY, '--resolve', `*.test=127.0.0.1:${port}`, '--max-pages', '500', '--max-depth', '9', '--no-sitemaps', '--settle', '200', '--json', jsonFile],
    { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  child.stdout?.resume();
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, done };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); ) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the scan to start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('interrupting a scan', { timeout: 120_000 }, () => {
  let dir: string;
  let site: ReturnType<typeof slowSite>;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cookie-audit-interrupt-'));
    site = slowSite();
    await new Promise<void>((resolve) => site.server.listen(0, '127.0.0.1', resolve));
    port = (site.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    site.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s writes what was collected, marked partial, and exits 3', async (signal) => {
    const jsonFile = join(dir, `${signal}.json`);
    const host = `www.${signal.toLowerCase()}.test`;
    const { child, done } = startScan(port, host, jsonFile);
    await until(() => site.pagesServed(host) >= 5, 60_000);
    child.kill(signal);
    const { code, stderr } = await done;
    expect(code).toBe(3);
    expect(stderr).toContain(`${signal}: stopping the scan and writing the results collected so far`);
    const report = JSON.parse(await readFile(jsonFile, 'utf8')) as AuditResult;
    expect(report.scan.partial).toBe(true);
    expect(report.scan.sites).toMatchObject([{ name: `${signal.toLowerCase()}.test`, stoppedBy: 'interrupted', complete: false }]);
    expect(report.cookies.length).toBeGreaterThanOrEqual(2);
    expect(report.cookies.every((cookie) => cookie.name.startsWith('page'))).toBe(true);
    expect(report.scan.sites[0].errors).toEqual([]);
  });

  it('a second Ctrl-C quits at once, writing nothing', async () => {
    const jsonFile = join(dir, 'twice.json');
    const { child, done } = startScan(port, 'www.twice.test', jsonFile);
    await until(() => site.pagesServed('www.twice.test') >= 2, 60_000);
    child.kill('SIGINT');
    // Two signals sent back to back can reach the process as one: leave the first its moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    const { code, stderr } = await done;
    expect(code).toBe(3);
    expect(stderr).toContain('SIGINT again: quitting at once');
    expect(existsSync(jsonFile)).toBe(false);
  });
});
