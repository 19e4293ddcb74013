import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ScanError } from '../errors.js';

/** The environment variable that names a Chromium executable, like --browser. */
export const BROWSER_ENV = 'COOKIE_AUDIT_BROWSER';

const SYSTEM_CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

export interface BrowserChoice {
  executablePath: string;
  /** Where it was found: the option, the environment variable, Playwright's download, or the PATH. */
  source: 'option' | 'env' | 'playwright' | 'system';
}

/**
 * Finds a Chromium: an explicit path (option, then COOKIE_AUDIT_BROWSER), Playwright's own browser if
 * it was installed, then a system Chromium on the PATH. With none, a clear message on how to get one.
 */
export function findBrowser(explicitPath?: string, env: NodeJS.ProcessEnv = process.env): BrowserChoice {
  if (explicitPath) return requireExecutable(explicitPath, 'option', '--browser');
  if (env[BROWSER_ENV]) return requireExecutable(env[BROWSER_ENV], 'env', BROWSER_ENV);
  const playwrightPath = safePlaywrightPath();
  if (playwrightPath && existsSync(playwrightPath)) return { executablePath: playwrightPath, source: 'playwright' };
  const systemPath = findOnPath(SYSTEM_CHROMIUM_NAMES, env.PATH ?? '');
  if (systemPath) return { executablePath: systemPath, source: 'system' };
  throw new ScanError(
    [
      'No Chromium found. Any one of these gives the scan a browser:',
      '  - Debian/Ubuntu, as root: apt-get install -y chromium   (or: npm run browser, which does it)',
      '  - with network access to Playwright\'s CDN: npx playwright install chromium',
      `  - an existing Chromium or Chrome: --browser /path/to/chrome or ${BROWSER_ENV}=/path/to/chrome`,
    ].join('\n'),
  );
}

function requireExecutable(path: string, source: BrowserChoice['source'], origin: string): BrowserChoice {
  if (!existsSync(path)) throw new ScanError(`${origin} names ${path}, which does not exist. Give the path of a Chromium or Chrome executable.`);
  return { executablePath: path, source };
}

function safePlaywrightPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

function findOnPath(names: string[], pathVariable: string): string | undefined {
  for (const name of names) {
    for (const dir of pathVariable.split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Flags headless Chromium needs on a closed, root-run CI machine, and no traffic of its own. */
function chromiumArgs(hostResolverRules: string | undefined, ignoreHttpsErrors: boolean): string[] {
  const args = [
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (hostResolverRules) args.push(`--host-resolver-rules=${hostResolverRules}`);
  // Playwright's per-context setting does not reach service worker scripts; this flag does.
  if (ignoreHttpsErrors) args.push('--ignore-certificate-errors');
  return args;
}

export interface LaunchOptions {
  browser: BrowserChoice;
  hostResolverRules?: string;
  ignoreHttpsErrors?: boolean;
  userAgent?: string;
  headers?: Record<string, string>;
}

export interface LaunchedContext {
  context: BrowserContext;
  version: string;
  /** Whether a cross-site iframe could really set a cookie in this profile (checked at launch). */
  thirdPartyCookies: 'allowed' | 'blocked';
  close(): Promise<void>;
}

/**
 * A visitor's browser for one site. Third-party cookies are blocked by default in a fresh Chromium
 * profile (CDP reason `UserPreferences`), which would hide every ad partner; only a persistent profile
 * whose preferences set cookie_controls_mode to 0 allows them, so each site gets its own temporary
 * profile.
 */
export async function launchSiteContext(options: LaunchOptions): Promise<LaunchedContext> {
  const profileDir = await mkdtemp(join(tmpdir(), 'cookie-audit-profile-'));
  await mkdir(join(profileDir, 'Default'));
  await writeFile(join(profileDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  try {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: options.browser.executablePath,
      headless: true,
      // Ctrl-C is the CLI's to handle: it stops the crawl and writes what was collected, then closes us.
      handleSIGINT: false,
      handleSIGTERM: false,
      args: chromiumArgs(options.hostResolverRules, options.ignoreHttpsErrors ?? false),
      ignoreHTTPSErrors: options.ignoreHttpsErrors ?? false,
      userAgent: options.userAgent,
      extraHTTPHeaders: options.headers,
    });
    return {
      context,
      version: context.browser()?.version() ?? 'unknown',
      thirdPartyCookies: await probeThirdPartyCookies(context),
      close: async () => {
        await context.close().catch(() => undefined);
        await rm(profileDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw new ScanError(`Chromium at ${options.browser.executablePath} could not start: ${firstLine(error)}`);
  }
}

const PROBE_TOP = 'https://top.cookie-audit-probe.invalid/';
const PROBE_FRAME = 'https://frame.cookie-audit-probe.invalid/';

/**
 * Frames a synthetic cross-site page that sets a SameSite=None cookie, all answered by Playwright's
 * request interception (nothing reaches the network), and looks for the cookie in the jar.
 */
async function probeThirdPartyCookies(context: BrowserContext): Promise<'allowed' | 'blocked'> {
  const page = await context.newPage();
  try {
    await page.route(PROBE_TOP, (route) => route.fulfill({ contentType: 'text/html', body: `<iframe src="${PROBE_FRAME}"></iframe>` }));
    await page.route(PROBE_FRAME, (route) =>
      route.fulfill({ contentType: 'text/html', headers: { 'Set-Cookie': 'probe=1; Path=/; Secure; SameSite=None' }, body: '' }),
    );
    await page.goto(PROBE_TOP, { waitUntil: 'load', timeout: 10_000 });
    const stored = await context.cookies(PROBE_FRAME);
    return stored.some((cookie) => cookie.name === 'probe') ? 'allowed' : 'blocked';
  } catch {
    return 'blocked';
  } finally {
    await context.clearCookies({ domain: new URL(PROBE_FRAME).hostname });
    await page.close();
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
