import type { BrowserContext } from 'playwright-core';

/**
 * Watches a context's network requests and cookie writes, so a page can be left as soon as it has
 * gone quiet: late cookies (timers, lazy scripts) come with or soon after some activity.
 */
export class ActivityMonitor {
  private inFlight = 0;
  private lastActivityMs = Date.now();

  constructor(context: BrowserContext) {
    context.on('request', () => this.started());
    context.on('requestfinished', () => this.finished());
    context.on('requestfailed', () => this.finished());
  }

  /** A cookie or storage write: activity that makes no request. */
  touch(): void {
    this.lastActivityMs = Date.now();
  }

  /**
   * Resolves once nothing was in flight and nothing happened for `quietMs`, or after `capMs` at most
   * (long polling and websockets never go quiet).
   */
  async waitForQuiet(quietMs: number, capMs: number): Promise<void> {
    const deadline = Date.now() + capMs;
    this.touch();
    while (Date.now() < deadline) {
      if (this.inFlight === 0 && Date.now() - this.lastActivityMs >= quietMs) return;
      await delay(Math.min(50, Math.max(0, deadline - Date.now())));
    }
  }

  private started(): void {
    this.inFlight++;
    this.touch();
  }

  private finished(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.touch();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
