/**
 * A scenario's journey: the steps a visitor takes before the crawl (accept or refuse consent, log in),
 * run in order in one page. Secrets come only from environment variables and never reach a message.
 */
import { existsSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { UsageError } from '../errors.js';
import type { ConsentBanner, ConsentState, JourneyStep, Scenario, SiteConfig, SourceLocation } from '../model/inventory.js';

export interface JourneyHooks {
  /** The page moved to `url` (attribution of what it sets). */
  navigated(url: string): void;
  /** Called just before the consent button is clicked: what the click sets is set with consent. */
  consentChanged(state: ConsentState): void;
  /** Waits for the page to go quiet after a step. */
  settle(page: Page): Promise<void>;
}

export interface JourneyOptions {
  site: SiteConfig;
  scenario: Scenario;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  hooks: JourneyHooks;
}

/** A step failed: the crawl of this scenario would not show what it claims to, so it stops. */
export class JourneyError extends Error {
  constructor(
    readonly completed: number,
    message: string,
  ) {
    super(message);
  }
}

/** How long to wait between two looks for a selector across the page's frames. */
const POLL_MS = 100;

/** Runs every step; lands on the site's first start URL first unless the journey starts with `goto`. */
export async function runJourney(page: Page, options: JourneyOptions): Promise<void> {
  const { site, scenario, hooks } = options;
  const steps = scenario.steps;
  if (!('goto' in (steps[0] ?? {}))) await goto(page, site.urls[0], options);
  for (const [index, step] of steps.entries()) {
    try {
      await runStep(page, step, options);
      await hooks.settle(page);
    } catch (error) {
      throw new JourneyError(index, stepFailure(scenario, index, step, error));
    }
  }
}

async function runStep(page: Page, step: JourneyStep, options: JourneyOptions): Promise<void> {
  const timeout = options.timeoutMs;
  if ('goto' in step) return goto(page, step.goto, options);
  if ('click' in step) return (await findInFrames(page, step.click, timeout)).click(step.click, { timeout });
  if ('fill' in step) return (await findInFrames(page, step.fill, timeout)).fill(step.fill, fillValue(step, options.env), { timeout });
  if ('press' in step) {
    if (step.selector) return (await findInFrames(page, step.selector, timeout)).press(step.selector, step.press, { timeout });
    return page.keyboard.press(step.press);
  }
  if ('wait' in step) return wait(page, step.wait, timeout);
  const selector = consentSelector(options.site.consentBanner, step.consent);
  const frame = await findInFrames(page, selector, timeout);
  options.hooks.consentChanged(step.consent === 'accept' ? 'given' : 'refused');
  await frame.click(selector, { timeout });
}

async function goto(page: Page, url: string, options: JourneyOptions): Promise<void> {
  options.hooks.navigated(url);
  const response = await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs });
  if (response && response.status() >= 400) throw new Error(`${url} answered HTTP ${response.status()}`);
  await options.hooks.settle(page);
}

async function wait(page: Page, target: { selector?: string; url?: string; ms?: number }, timeout: number): Promise<void> {
  if (target.selector) await findInFrames(page, target.selector, timeout);
  else if (target.url) await page.waitForURL(target.url, { timeout });
  else await new Promise((resolve) => setTimeout(resolve, target.ms ?? 0));
}

/**
 * The frame showing `selector`: consent banners often live in an iframe of the consent platform, which
 * a page-level selector does not reach.
 */
async function findInFrames(page: Page, selector: string, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const visible = await frame.locator(selector).first().isVisible().catch(() => false);
      if (visible) return frame;
    }
    if (Date.now() >= deadline) throw new Error(`nothing visible matches ${JSON.stringify(selector)} after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function consentSelector(banner: ConsentBanner | undefined, choice: 'accept' | 'refuse'): string {
  const selector = banner?.[choice];
  // The inventory's validation already requires it; a site built in code may still lack it.
  if (!selector) throw new Error(`the site declares no consentBanner.${choice} selector`);
  return selector;
}

function fillValue(step: Extract<JourneyStep, { fill: string }>, env: NodeJS.ProcessEnv): string {
  if (step.env !== undefined) {
    const value = env[step.env];
    if (value === undefined) throw new Error(`the environment variable ${step.env} is not set`);
    return value;
  }
  return step.value ?? '';
}

/** What a step does, in words fit for a report: a fill names its variable, never its value. */
export function describeStep(step: JourneyStep): string {
  if ('goto' in step) return `goto ${step.goto}`;
  if ('click' in step) return `click ${JSON.stringify(step.click)}`;
  if ('fill' in step) return `fill ${JSON.stringify(step.fill)} ${step.env !== undefined ? `from $${step.env}` : 'with the value written in the inventory'}`;
  if ('press' in step) return `press ${step.press}${step.selector ? ` in ${JSON.stringify(step.selector)}` : ''}`;
  if ('wait' in step) {
    const { selector, url, ms } = step.wait;
    return selector ? `wait for ${JSON.stringify(selector)}` : url ? `wait for the URL ${url}` : `wait ${ms ?? 0} ms`;
  }
  return `consent: ${step.consent}`;
}

function stepFailure(scenario: Scenario, index: number, step: JourneyStep, error: unknown): string {
  const where = step.location ? ` (${formatLocation(step.location)})` : '';
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return (
    `scenario "${scenario.name}", step ${index + 1} of ${scenario.steps.length}: ${describeStep(step)}${where} failed: ${reason}. ` +
    'The scenario was not crawled; fix the step or the site and scan again.'
  );
}

function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/**
 * Checks, before any browser starts, what scenarios need from the machine: their storageState files
 * and the environment variables their steps read. What is missing is one usage error naming each
 * scenario and where it is written.
 */
export function checkScenarioPrerequisites(sites: readonly SiteConfig[], env: NodeJS.ProcessEnv): void {
  const missing: string[] = [];
  for (const site of sites) {
    for (const scenario of site.scenarios ?? []) {
      if (scenario.storageState && !existsSync(scenario.storageState)) {
        const where = scenario.location ? ` (${formatLocation(scenario.location)})` : '';
        missing.push(`  - the storageState file ${scenario.storageState}, of site "${site.name}", scenario "${scenario.name}"${where}`);
      }
      for (const step of scenario.steps) {
        if (!('fill' in step) || step.env === undefined || env[step.env] !== undefined) continue;
        const where = step.location ? ` (${formatLocation(step.location)})` : '';
        missing.push(`  - the environment variable ${step.env}, read by site "${site.name}", scenario "${scenario.name}"${where}`);
      }
    }
  }
  if (missing.length === 0) return;
  throw new UsageError(
    [
      'Scenarios need what this machine does not have:',
      ...missing,
      'Set the variables (in CI, from secrets), save the state files (e.g. with Playwright\'s context.storageState({ path })), and scan again.',
    ].join('\n'),
  );
}
