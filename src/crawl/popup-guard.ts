/**
 * A page that calls window.open in a loop would fill the browser with tabs, and each new tab holds
 * the opener's script while Playwright sets it up (about 0.2 s each on two busy cores): a hundred
 * popups keep the page from loading within any sensible --timeout. An init script lets each document
 * open MAX_POPUPS_PER_PAGE popups, as a visitor's browser would, and answers the rest as a popup
 * blocker does (null), counting them.
 */
export const POPUP_GUARD_KEY = '__cookieAuditBlockedPopups';

/** Popups one page (its popups' own included) may keep open during a visit. */
export const MAX_POPUPS_PER_PAGE = 5;

/** Runs inside each frame before any of the page's scripts; must be self-contained. */
export function installPopupGuard(options: { key: string; max: number }): void {
  const state = { opened: 0, blocked: 0 };
  Object.defineProperty(globalThis, options.key, { value: state, enumerable: false });
  const original = window.open;
  window.open = function (this: Window, ...args: Parameters<Window['open']>) {
    if (state.opened >= options.max) {
      state.blocked++;
      return null;
    }
    state.opened++;
    return original.apply(this, args);
  } as Window['open'];
}
