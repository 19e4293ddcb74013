/**
 * Late cookies often come from timers (`setTimeout(setCookie, 1500)`) that make no request. An init
 * script in every frame (cross-site iframes included) tells the crawler, through a binding, of each
 * pending timeout that fires within the settle window, and when it fires or is cleared: the settle
 * step waits for exactly those, and a page with nothing pending leaves after the quiet window.
 *
 * Repeating work must not hold every page for the whole window: setInterval and animation frames are
 * never tracked; a timeout scheduled again with the same delay and a handler of the same source text
 * (a polling loop, `await sleep(ms)` in a loop, a debounce re-armed by an interval) is tracked for its
 * first MAX_REPEATS rounds only; chains of more than MAX_CHAIN tracked timers are not followed.
 */
export const TIMER_BINDING = '__cookieAuditTimer';

/** Timeouts shorter than this fire within the quiet window anyway; not reporting them keeps traffic low. */
export const MIN_TRACKED_MS = 20;
/** A timer set by a timer set by a timer…: tracked up to this depth (counting tracked timers only). */
export const MAX_CHAIN = 4;
/** Rounds of the same timeout (same delay, same handler text) that are waited for. */
export const MAX_REPEATS = 2;
/** A document that schedules more timeouts than this is a timer factory: the rest are not tracked. */
export const MAX_TRACKED_PER_DOCUMENT = 100;

type TimerReport = { id: number } & ({ type: 'set'; delayMs: number } | { type: 'fired' | 'cleared' });
/** `doc` tells one document of a frame from the next (timer ids start again in each). */
export type TimerEvent = TimerReport & { doc: string };

export interface TimerTrackerOptions {
  binding: string;
  /** Timeouts longer than this fire after the settle window: not waited for. */
  maxMs: number;
  minMs: number;
  maxChain: number;
  maxRepeats: number;
  maxTracked: number;
}

/** Runs inside each frame before any of the page's scripts; must be self-contained and never break the page. */
export function installTimerTracker(options: TimerTrackerOptions): void {
  const doc = Math.random().toString(36).slice(2);
  const report = (event: TimerReport) => {
    try {
      const binding = (globalThis as unknown as Record<string, unknown>)[options.binding];
      if (typeof binding === 'function') Promise.resolve(binding({ ...event, doc })).catch(() => undefined);
    } catch {
      // The page shadowed or broke the binding: its timers are simply not waited for.
    }
  };
  // Untyped on purpose: the browser's setTimeout takes (handler, delay, ...args) and returns a number.
  const originalSet = globalThis.setTimeout as unknown as (this: unknown, ...args: unknown[]) => number;
  const originalClear = globalThis.clearTimeout as unknown as (this: unknown, id: unknown) => void;
  const sourceText = Function.prototype.toString;
  const tracked = new Set<number>();
  /** How often each (delay, handler text) was scheduled. */
  const rounds = new Map<string, number>();
  let trackedCount = 0;
  /** How deep in a chain of tracked timers the callback running now is. */
  let depth = 0;
  const shouldTrack = (handler: (...args: unknown[]) => unknown, delayMs: number): boolean => {
    if (delayMs < options.minMs || delayMs > options.maxMs || depth >= options.maxChain || trackedCount >= options.maxTracked) return false;
    let text: string;
    try {
      text = sourceText.call(handler);
    } catch {
      text = '';
    }
    const key = `${delayMs}:${text}`;
    const round = (rounds.get(key) ?? 0) + 1;
    rounds.set(key, round);
    return round <= options.maxRepeats;
  };
  const trackedSet = function (this: unknown, handler: unknown, delay?: unknown, ...args: unknown[]) {
    if (typeof handler !== 'function') return originalSet.call(this, handler, delay, ...args);
    const delayMs = Math.max(0, Number(delay) || 0);
    const callback = handler as (...a: unknown[]) => unknown;
    const track = shouldTrack(callback, delayMs);
    const chainDepth = depth + (track ? 1 : 0);
    const id = originalSet.call(
      this,
      (...callbackArgs: unknown[]) => {
        const outer = depth;
        depth = chainDepth;
        try {
          // As the browser calls a timer's handler: `this` is the window.
          Reflect.apply(callback, globalThis, callbackArgs);
        } finally {
          depth = outer;
          if (tracked.delete(id)) report({ type: 'fired', id });
        }
      },
      delay,
      ...args,
    );
    if (track) {
      trackedCount++;
      tracked.add(id);
      report({ type: 'set', id, delayMs });
    }
    return id;
  };
  globalThis.setTimeout = trackedSet as typeof setTimeout;
  globalThis.clearTimeout = function (this: unknown, id?: unknown) {
    if (tracked.delete(id as number)) report({ type: 'cleared', id: id as number });
    originalClear.call(this, id);
  } as typeof clearTimeout;
}
