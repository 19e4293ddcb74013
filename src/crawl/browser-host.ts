import { launchBrowser, type LaunchedBrowser, type LaunchOptions, type VisitorContext } from './browser.js';
import { becomesTrueWithin, DEATH_NOTICE_MS } from './wait.js';

/** Relaunches allowed after the browser itself died, for the whole scan. */
const MAX_RELAUNCHES = 2;

/**
 * The scan's one Chromium, shared by every (site, scenario) unit: each asks it for a fresh visitor
 * context. When the process dies, the first unit to ask again relaunches it and the others wait for
 * that same launch; after MAX_RELAUNCHES relaunches, or once the scan is over, asking fails.
 */
export class BrowserHost {
  private browser: LaunchedBrowser | undefined;
  private launching: Promise<LaunchedBrowser> | undefined;
  private failure: Error | undefined;
  private relaunches = 0;
  private closed = false;

  constructor(private readonly options: LaunchOptions) {}

  /** The Chromium version, once a browser started. */
  get version(): string | undefined {
    return this.browser?.version;
  }

  /** The user agent the visitors send, once a browser started. */
  get userAgent(): string | undefined {
    return this.browser?.userAgent;
  }

  /** A fresh context; when the browser turns out to have just died, in the relaunched one. */
  async newVisitor(): Promise<VisitorContext> {
    const browser = await this.live();
    try {
      return await browser.newVisitor();
    } catch (error) {
      if (!(await becomesTrueWithin(() => !browser.connected, DEATH_NOTICE_MS))) throw error;
      return (await this.live()).newVisitor();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.launching?.catch(() => undefined);
    await this.browser?.close();
  }

  private live(): Promise<LaunchedBrowser> {
    if (this.browser?.connected) return Promise.resolve(this.browser);
    this.launching ??= this.launch().finally(() => (this.launching = undefined));
    return this.launching;
  }

  private async launch(): Promise<LaunchedBrowser> {
    if (this.closed) throw new Error('the scan is over');
    // A browser that could not start will not start for the next unit either: one message for all.
    if (this.failure) throw this.failure;
    if (this.browser) {
      if (this.relaunches >= MAX_RELAUNCHES) {
        this.failure = new Error(`the browser died ${MAX_RELAUNCHES + 1} times during the scan; giving up`);
        throw this.failure;
      }
      this.relaunches++;
      await this.browser.close();
    }
    try {
      this.browser = await launchBrowser(this.options);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      throw this.failure;
    }
    return this.browser;
  }
}
