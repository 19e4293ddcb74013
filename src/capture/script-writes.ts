/**
 * Script writes (document.cookie, the CookieStore API) make no network event, so an init script wraps
 * them in every frame and reports each write, with the stack at that moment, through a binding.
 */
export const SCRIPT_WRITE_BINDING = '__cookieAuditScriptWrite';

export interface ScriptWritePayload {
  api: 'document.cookie' | 'cookieStore';
  /** The write as a Set-Cookie-like line (CookieStore options are turned into attributes). */
  cookie: string;
  stack: string;
  documentUrl: string;
  /**
   * Whether the browser took it: CookieStore says so; for document.cookie, whether the name reads back
   * right after (null when the write's path hides it from this document).
   */
  accepted: boolean | null;
}

/** Runs inside each frame before any of the page's scripts; must be self-contained. */
export function installScriptWriteHook(bindingName: string): void {
  type Report = (payload: ScriptWritePayload) => void;
  const lookup = () => (globalThis as unknown as Record<string, Report | undefined>)[bindingName];
  // Kept from the start, so a page that deletes the global cannot silence the report.
  const initialReport = lookup();
  const report = (payload: Omit<ScriptWritePayload, 'documentUrl'>) => {
    try {
      (initialReport ?? lookup())?.({ ...payload, documentUrl: location.href });
    } catch {
      // Reporting must never break the page.
    }
  };
  const cookieNameOf = (line: string) => line.split(';')[0].split('=')[0].trim();
  const readsBack = (doc: Document, getter: () => string, line: string) => {
    const name = cookieNameOf(line);
    const pathMatch = /;\s*path=([^;]*)/i.exec(line);
    if (pathMatch && !doc.location.pathname.startsWith(pathMatch[1].trim() || '/')) return null;
    return getter.call(doc).split(/;\s*/).some((pair) => pair.split('=')[0] === name);
  };

  const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (descriptor?.set && descriptor.get) {
    const { get, set } = descriptor;
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: true,
      get() {
        return get.call(this);
      },
      set(value: unknown) {
        const stack = new Error().stack ?? '';
        set.call(this, value);
        const line = String(value);
        const deleting = /;\s*(max-age=\s*-?0*\s*(;|$)|max-age=\s*-)/i.test(line);
        const present = readsBack(this as Document, get as () => string, line);
        report({ api: 'document.cookie', cookie: line, stack, accepted: present === null ? null : deleting || present });
      },
    });
  }

  const store = (globalThis as unknown as { CookieStore?: { prototype: unknown } }).CookieStore;
  if (!store) return;
  const proto = store.prototype as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const originalSet = proto.set;
  const originalDelete = proto.delete;
  const asLine = (options: Record<string, unknown>, deleting: boolean) => {
    const parts = [`${String(options.name ?? '')}=${deleting ? '' : String(options.value ?? '')}`];
    if (deleting) parts.push('max-age=0');
    else if (typeof options.expires === 'number') parts.push(`expires=${new Date(options.expires).toUTCString()}`);
    if (options.domain) parts.push(`domain=${String(options.domain)}`);
    parts.push(`path=${String(options.path ?? '/')}`);
    if (options.sameSite) parts.push(`samesite=${String(options.sameSite)}`);
    if (options.partitioned) parts.push('partitioned');
    parts.push('secure');
    return parts.join('; ');
  };
  const optionsOf = (args: unknown[]) =>
    typeof args[0] === 'string' ? { name: args[0], value: args[1] } : ((args[0] ?? {}) as Record<string, unknown>);
  const wrap = (original: (...args: unknown[]) => Promise<unknown>, deleting: boolean) =>
    function (this: unknown, ...args: unknown[]) {
      const stack = new Error().stack ?? '';
      const line = asLine(optionsOf(args), deleting);
      const result = original.apply(this, args);
      result.then(
        () => report({ api: 'cookieStore', cookie: line, stack, accepted: true }),
        () => report({ api: 'cookieStore', cookie: line, stack, accepted: false }),
      );
      return result;
    };
  if (originalSet) proto.set = wrap(originalSet, false);
  if (originalDelete) proto.delete = wrap(originalDelete, true);
}

const STACK_URL = /(https?:\/\/[^\s()]+?):\d+:\d+\)?\s*$/;

/**
 * The URL of the script that wrote the cookie: the first http(s) frame of the stack below our own
 * wrapper. An inline script's frame is the document's URL.
 */
export function scriptUrlFromStack(stack: string, documentUrl: string): string {
  for (const line of stack.split('\n').slice(1)) {
    const match = STACK_URL.exec(line.trim());
    if (match) return match[1];
  }
  return documentUrl;
}
