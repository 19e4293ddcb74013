/**
 * Late cookies often come from timers (`setTimeout(setCookie, 1500)`) that make no request. An init
 * script in every frame (cross-site iframes included) tells the crawler, through a binding, of each
 * pending timeout that fires within the settle window, and when it fires or is cleared: the settle
 * step waits for exactly those, and a page with nothing pending leaves after the quiet window.
 *
 * Repeating work must not hold every page for the whole window: setInterval and animation frames are
 * never tracked; a timeout that schedules its own handler again (a polling loop) is not tracked from
 * its second round on; chains deeper than MAX_CHAIN timers are not tracked.
 */
export const TIMER_BINDING = '__cookieAuditTimer';

/** Timeouts shorter than this fire within the quiet window anyway; not reporting them keeps traffic low. */
export const MIN_TRACKED_MS = 20;
/** A timer set by a timer set by a timer…: tracked up to this depth. */
export const MAX_CHAIN = 4;
/** A document that schedules more timeouts than this is a timer factory: the rest are not tracked. */
export const MAX_TRACKED_PER_DOCUMENT = 200;

export type TimerEvent = { type: 'set'; id: number; delayMs: number } | { type: 'done'; id: number };

export interface TimerTrackerOptions {
  binding: string;
  /** Timeouts longer than this fire after the settle window: not waited for. */
  maxMs: number;
  minMs: number;
  maxChain: number;
  maxTracked: number;
}

/** Runs inside each frame before any of the page's scripts; must be self-contained. */
export function installTimerTracker(options: TimerTrackerOptions): void {
  const report = (event: TimerEvent) => {
    const binding = (globalThis as unknown as Record<string, ((event: TimerEvent) => Promise<unknown>) | undefined>)[options.binding];
    binding?.(event).catch(() => undefined);
  };
  // Untyped on purpose: the browser's setTimeout takes (handler, delay, ...args) and returns a number.
  const originalSet = globalThis.setTimeout as unknown as (this: unknown, ...args: unknown[]) => number;
  const originalClear = globalThis.clearTimeout as unknown as (this: unknown, id: unknown) => void;
  const tracked = new Set<number>();
  const repeating = new WeakSet<object>();
  let trackedCount = 0;
  /** The handler of the timer callback running now, and how deep in a chain of timers it is. */
  let running: { handler: object; depth: number } | undefined;
  const trackedSet = function (this: unknown, handler: unknown, delay?: unknown, ...args: unknown[]) {
    if (typeof handler !== 'function') return originalSet.call(this, handler, delay, ...args);
    const delayMs = Math.max(0, Number(delay) || 0);
    const depth = (running?.depth ?? 0) + 1;
    if (running?.handler === handler) repeating.add(handler);
    const track =
      delayMs >= options.minMs &&
      delayMs <= options.maxMs &&
      depth <= options.maxChain &&
      !repeating.has(handler) &&
      trackedCount < options.maxTracked;
    const id = originalSet.call(
      this,
      (...callbackArgs: unknown[]) => {
        const outer = running;
        running = { handler, depth };
        try {
          (handler as (...a: unknown[]) => void)(...callbackArgs);
        } finally {
          running = outer;
          if (tracked.delete(id)) report({ type: 'done', id });
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
    if (tracked.delete(id as number)) report({ type: 'done', id: id as number });
    originalClear.call(this, id);
  } as typeof clearTimeout;
}
