import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
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
    // navigator.webdriver false: some consent managers hide their banner from automated browsers.
    '--disable-blink-features=AutomationControlled',
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
  /** The visitor's language and IANA time zone, e.g. fr-FR and Europe/Paris. */
  locale: string;
  timezone: string;
  headers?: Record<string, string>;
}

/** One Chromium process for the whole scan; each visitor gets a fresh context in it. */
export interface LaunchedBrowser {
  version: string;
  /** What every visitor sends: --user-agent, else desktop Chrome's for this version. */
  userAgent: string;
  /**
   * Whether a cross-site iframe could really set a cookie in a fresh context: probed at launch, while
   * the first visitors already crawl (the probe costs 0.4–0.7 s of a busy 2-core machine).
   */
  thirdPartyCookies: Promise<ThirdPartyCookies>;
  /** False once the process is gone (killed, crashed, closed). */
  readonly connected: boolean;
  /** A fresh, isolated visitor (empty jar and storage) that third-party cookies reach too. */
  newVisitor(): Promise<VisitorContext>;
  close(): Promise<void>;
}

export type ThirdPartyCookies = 'allowed' | 'blocked';

export interface VisitorContext {
  context: BrowserContext;
  /** What the launch probe found; the crawl also watches each context's refusals (see session.ts). */
  thirdPartyCookies: Promise<ThirdPartyCookies>;
  close(): Promise<void>;
}

/**
 * Starts the scan's Chromium. Third-party cookies are blocked by default in a fresh context and in a
 * fresh profile (CDP reason `UserPreferences`), which would hide every ad partner; a persistent
 * profile whose preferences set cookie_controls_mode to 0 allows them, and so does every new context
 * of the browser it runs in. The persistent context itself is never visited: it only holds the
 * profile.
 *
 * The third-party probe runs once per launch, in a fresh context like the visitors' (two renderer
 * processes); every context of the browser shares the profile's setting, and each visitor's own
 * refusals (reason UserPreferences) are watched during its crawl.
 */
export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  const profileDir = await mkdtemp(join(tmpdir(), 'cookie-audit-profile-'));
  await mkdir(join(profileDir, 'Default'));
  await writeFile(join(profileDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  let profile: BrowserContext;
  try {
    profile = await chromium.launchPersistentContext(profileDir, {
      executablePath: options.browser.executablePath,
      headless: true,
      // Ctrl-C is the CLI's to handle: it stops the crawl and writes what was collected, then closes us.
      handleSIGINT: false,
      handleSIGTERM: false,
      args: chromiumArgs(options.hostResolverRules, options.ignoreHttpsErrors ?? false),
    });
  } catch (error) {
    await removeProfile(profileDir);
    throw new ScanError(`Chromium at ${options.browser.executablePath} could not start: ${firstLine(error)}`);
  }
  const browser = profile.browser();
  if (!browser) {
    await profile.close().catch(() => undefined);
    await removeProfile(profileDir);
    throw new ScanError(`Chromium at ${options.browser.executablePath} started without a browser handle (Playwright too old?)`);
  }
  const visitorOptions = { ...options, userAgent: options.userAgent ?? desktopUserAgent(browser.version()) };
  // A browser that dies during the probe showed no blocking; the relaunched one is probed again.
  const thirdPartyCookies = probeInFreshContext(browser, visitorOptions).catch((): ThirdPartyCookies => (browser.isConnected() ? 'blocked' : 'allowed'));
  let closed = false;
  return {
    version: browser.version(),
    userAgent: visitorOptions.userAgent,
    thirdPartyCookies,
    get connected() {
      return !closed && browser.isConnected();
    },
    newVisitor: async () => {
      const context = await newVisitorContext(browser, visitorOptions);
      return { context, thirdPartyCookies, close: () => context.close().catch(() => undefined) };
    },
    close: async () => {
      closed = true;
      await profile.close().catch(() => undefined);
      await removeProfile(profileDir);
    },
  };
}

/**
 * The user agent desktop Chrome of this version sends on this platform, reduced as Chrome reduces
 * it (major version, then 0.0.0): headless Chromium says "HeadlessChrome", which sites may treat as
 * a robot.
 */
export function desktopUserAgent(version: string, platform: NodeJS.Platform = process.platform): string {
  const major = version.split('.')[0];
  const system = platform === 'darwin' ? 'Macintosh; Intel Mac OS X 10_15_7' : platform === 'win32' ? 'Windows NT 10.0; Win64; x64' : 'X11; Linux x86_64';
  return `Mozilla/5.0 (${system}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

function newVisitorContext(browser: Browser, options: LaunchOptions): Promise<BrowserContext> {
  return browser.newContext({
    ignoreHTTPSErrors: options.ignoreHttpsErrors ?? false,
    userAgent: options.userAgent,
    locale: options.locale,
    timezoneId: options.timezone,
    extraHTTPHeaders: options.headers,
  });
}

async function probeInFreshContext(browser: Browser, options: LaunchOptions): Promise<ThirdPartyCookies> {
  const context = await newVisitorContext(browser, options);
  try {
    return await probeThirdPartyCookies(context);
  } finally {
    await context.close().catch(() => undefined);
  }
}

const PROBE_TOP = 'https://top.cookie-audit-probe.invalid/';
const PROBE_FRAME = 'https://frame.cookie-audit-probe.invalid/';

/**
 * Frames a synthetic cross-site page that sets a SameSite=None cookie, all answered by Playwright's
 * request interception (nothing reaches the network), and looks for the cookie in the jar.
 */
async function probeThirdPartyCookies(context: BrowserContext): Promise<ThirdPartyCookies> {
  const page = await context.newPage();
  try {
    await page.route(PROBE_TOP, (route) => route.fulfill({ contentType: 'text/html', body: `<iframe src="${PROBE_FRAME}"></iframe>` }));
    await page.route(PROBE_FRAME, (route) =>
      route.fulfill({ contentType: 'text/html', headers: { 'Set-Cookie': 'probe=1; Path=/; Secure; SameSite=None' }, body: '' }),
    );
    await page.goto(PROBE_TOP, { waitUntil: 'load', timeout: 10_000 });
    const stored = await context.cookies(PROBE_FRAME);
    return stored.some((cookie) => cookie.name === 'probe') ? 'allowed' : 'blocked';
  } catch (error) {
    // A browser that died meanwhile says nothing of its cookie settings: the visitor cannot go on.
    if (!context.browser()?.isConnected()) throw error;
    return 'blocked';
  } finally {
    await context.clearCookies({ domain: new URL(PROBE_FRAME).hostname }).catch(() => undefined);
    await page.close().catch(() => undefined);
  }
}

/** A browser that was killed may still be writing its profile as it goes: retried, and never an error of the scan. */
async function removeProfile(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
