import type { Page } from 'playwright-core';
import type { CookieRecorder } from '../capture/recorder.js';
import type { Scenario, SiteConfig } from '../model/inventory.js';
import type { JourneyOutcome } from '../model/result.js';
import { JourneyError, runJourney } from './journey.js';
import type { ResolvedScanOptions } from './options.js';
import type { BrowserSession } from './session.js';

/**
 * Quiet time (no request in flight, no new cookie written, no timer due) after which a page counts as
 * settled. Pending timers are watched, so this can stay well below Playwright's 500 ms.
 */
export const QUIET_MS = 200;

export interface ScenarioSetup {
  site: SiteConfig;
  scenario: Scenario;
  cookies: CookieRecorder;
  options: ResolvedScanOptions;
  /** The journey's outcome as it starts; its `completed` count grows as steps run. */
  started(journey: JourneyOutcome): void;
  /** Records the jar and storage of the journey's page before it closes. */
  snapshot(page: Page): Promise<void>;
}

/**
 * Puts a fresh visitor in the scenario's state: saved cookies and storage, then the journey's steps
 * in one page. Run again on a new context after the browser died.
 */
export async function prepareScenario(session: BrowserSession, setup: ScenarioSetup): Promise<void> {
  const { storageState, consentAtStart = 'none', steps } = setup.scenario;
  if (!storageState && steps.length === 0) return;
  setup.cookies.consentChanged(consentAtStart, Date.now());
  let preloadedCookies = 0;
  if (storageState) {
    await session.context.setStorageState(storageState);
    const preloaded = await session.context.cookies();
    setup.cookies.preload(preloaded);
    preloadedCookies = preloaded.length;
  }
  const journey: JourneyOutcome = { completed: 0, steps: steps.length, consent: consentAtStart, preloadedCookies };
  setup.started(journey);
  if (steps.length > 0) await runJourneyPage(session, journey, setup);
}

async function runJourneyPage(session: BrowserSession, journey: JourneyOutcome, setup: ScenarioSetup): Promise<void> {
  const { options } = setup;
  const page = await session.newCrawlPage();
  try {
    await runJourney(page, {
      site: setup.site,
      scenario: setup.scenario,
      timeoutMs: options.pageTimeoutMs,
      env: options.env ?? process.env,
      hooks: {
        navigated: (url) => session.startVisit(page, url),
        consentChanged: (state) => {
          journey.consent = state;
          setup.cookies.consentChanged(state, Date.now());
        },
        settle: async (current) => {
          await session.monitor.waitForQuiet(current, QUIET_MS, options.settleMs);
        },
      },
    });
    journey.completed = journey.steps;
  } catch (error) {
    if (error instanceof JourneyError) journey.completed = error.completed;
    throw error;
  } finally {
    await setup.snapshot(page);
    await page.close().catch(() => undefined);
  }
}
