/**
 * Script writes (document.cookie) make no network event, so an init script wraps the setter in every
 * frame and reports each write, with the stack at that moment, through a binding.
 */
export const SCRIPT_WRITE_BINDING = '__cookieAuditScriptWrite';

export interface ScriptWritePayload {
  cookie: string;
  stack: string;
  documentUrl: string;
}

/** Runs inside each frame before any of the page's scripts; must be self-contained. */
export function installScriptWriteHook(bindingName: string): void {
  type Report = (payload: ScriptWritePayload) => void;
  const lookup = () => (globalThis as unknown as Record<string, Report | undefined>)[bindingName];
  // Kept from the start, so a page that deletes the global cannot silence the report.
  const initialReport = lookup();
  const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (!descriptor?.set || !descriptor.get) return;
  const { get, set } = descriptor;
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    enumerable: true,
    get() {
      return get.call(this);
    },
    set(value: unknown) {
      try {
        (initialReport ?? lookup())?.({ cookie: String(value), stack: new Error().stack ?? '', documentUrl: location.href });
      } catch {
        // Reporting must never break the page.
      }
      set.call(this, value);
    },
  });
}

const STACK_URL = /(https?:\/\/[^\s()]+?):\d+:\d+\)?\s*$/;

/**
 * The URL of the script that wrote the cookie: the first http(s) frame of the stack below our own
 * setter. An inline script's frame is the document's URL.
 */
export function scriptUrlFromStack(stack: string, documentUrl: string): string {
  for (const line of stack.split('\n').slice(1)) {
    const match = STACK_URL.exec(line.trim());
    if (match) return match[1];
  }
  return documentUrl;
}
