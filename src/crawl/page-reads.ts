import type { Frame, Page } from 'playwright-core';
import { readStorageKeys, type StorageSnapshot } from '../capture/storage.js';
import { POPUP_GUARD_KEY } from './popup-guard.js';
import type { BrowserSession } from './session.js';

/**
 * What the crawl reads from a settled page: storage keys, links, refused popups; and the scroll.
 * Every read is bounded in time: a page whose script loops or whose renderer hangs never answers, and
 * must not hold the crawl.
 */

/** Links read at most from one page: a page listing a million links must not flood the queue. */
export const MAX_LINKS_PER_PAGE = 10_000;
/** Longest wait for a frame's storage keys. */
const STORAGE_READ_TIMEOUT_MS = 5_000;
/** Longest wait for the scroll, or for a page's links. */
export const PAGE_READ_TIMEOUT_MS = 5_000;

/** A frame's storage keys, or null when it cannot be read (closed, crashed, not answering). */
export async function readFrameStorage(session: BrowserSession, frame: Frame): Promise<StorageSnapshot | null> {
  const page = frame.page();
  const read = frame === page.mainFrame() ? session.evaluate(page, readStorageKeys, undefined) : frame.evaluate(readStorageKeys);
  return withTimeout(read, STORAGE_READ_TIMEOUT_MS).catch(() => null);
}

/** Lazy scripts set cookies when the visitor scrolls: do as a visitor would. */
export async function scrollToBottom(session: BrowserSession, page: Page): Promise<void> {
  const scroll = session.evaluate(page, () => window.scrollTo(0, document.documentElement.scrollHeight), undefined);
  await withTimeout(scroll, PAGE_READ_TIMEOUT_MS).catch(() => undefined);
}

interface InPageFacts {
  links: string[];
  /** window.open calls the page's popup guard refused. */
  blockedPopups: number;
}

export interface PageFacts extends InPageFacts {
  /** False when the page did not answer in time: its script never ends, its tab is no use any more. */
  answered: boolean;
}

/** What the settled page holds: its links (`maxLinks` at most) and the popups it was refused. */
export async function readPageFacts(session: BrowserSession, page: Page, maxLinks: number): Promise<PageFacts> {
  if (page.isClosed()) return { links: [], blockedPopups: 0, answered: true };
  try {
    const facts = await withTimeout(session.evaluate(page, pageFacts, { maxLinks, popupGuardKey: POPUP_GUARD_KEY }), PAGE_READ_TIMEOUT_MS);
    return { ...facts, answered: true };
  } catch (error) {
    return { links: [], blockedPopups: 0, answered: !(error instanceof NoAnswer) };
  }
}

/**
 * Runs in the page; self-contained. Links: the href of every `a[href]` and `area[href]`, open shadow
 * roots included, in the order Playwright's CSS engine gives (a host's light children before its
 * shadow tree), `maxLinks` at most. A loop with its own stack, not recursion: a hostile page nests
 * elements deeper than the call stack goes. Not `$$eval`: it injects Playwright's selector engine
 * into every new document, which costs CPU and renderer memory that grows with every page a reused
 * tab visits.
 */
function pageFacts({ maxLinks, popupGuardKey }: { maxLinks: number; popupGuardKey: string }): InPageFacts {
  const links: string[] = [];
  const stack: Element[] = maxLinks > 0 && document.documentElement ? [document.documentElement] : [];
  while (stack.length > 0 && links.length < maxLinks) {
    const element = stack.pop() as Element;
    if (element.matches('a[href], area[href]')) links.push((element as HTMLAnchorElement | HTMLAreaElement).href);
    const children: Element[] = [];
    for (let child = element.firstElementChild; child; child = child.nextElementSibling) children.push(child);
    for (let child = element.shadowRoot?.firstElementChild; child; child = child.nextElementSibling) children.push(child);
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]);
  }
  const guard = (globalThis as unknown as Record<string, { blocked: number } | undefined>)[popupGuardKey];
  return { links, blockedPopups: guard?.blocked ?? 0 };
}

class NoAnswer extends Error {}

/** `work`, or a NoAnswer rejection after `ms`. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
