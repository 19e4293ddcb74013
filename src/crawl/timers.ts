/**
 * Late cookies often come from short timers (`setTimeout(setCookie, 300)`) that make no request. An
 * init script keeps, in each frame, the set of pending timeouts of at most SHORT_TIMER_MS, so the
 * settle step can wait for them instead of waiting a long fixed time on every page.
 */
export const PENDING_TIMERS_KEY = '__cookieAuditPendingTimers';
export const SHORT_TIMER_MS = 1_000;

/** Runs inside each frame before any of the page's scripts; must be self-contained. */
export function installTimerTracker(options: { key: string; shortMs: number }): void {
  const pending = new Set<unknown>();
  Object.defineProperty(globalThis, options.key, { value: pending, enumerable: false });
  // Untyped on purpose: the browser's setTimeout takes (handler, delay, ...args) and returns a number.
  const originalSet = globalThis.setTimeout as unknown as (this: unknown, ...args: unknown[]) => unknown;
  const originalClear = globalThis.clearTimeout as unknown as (this: unknown, id: unknown) => void;
  const trackedSet = function (this: unknown, handler: unknown, delay?: number, ...args: unknown[]) {
    const short = typeof handler === 'function' && (delay ?? 0) <= options.shortMs;
    if (!short) return originalSet.call(this, handler, delay, ...args);
    const id: unknown = originalSet.call(
      this,
      (...callbackArgs: unknown[]) => {
        pending.delete(id);
        (handler as (...a: unknown[]) => void)(...callbackArgs);
      },
      delay,
      ...args,
    );
    pending.add(id);
    return id;
  };
  globalThis.setTimeout = trackedSet as typeof setTimeout;
  globalThis.clearTimeout = function (this: unknown, id?: unknown) {
    pending.delete(id);
    originalClear.call(this, id);
  } as typeof clearTimeout;
}

/** Runs in the page: how many short timers are still pending in its main frame. */
export function countPendingTimers(key: string): number {
  return ((globalThis as unknown as Record<string, Set<unknown> | undefined>)[key]?.size ?? 0);
}
