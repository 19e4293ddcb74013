/**
 * The words of scan.sites[].errors: one clear message per URL saying what happened, with Chromium's
 * error code kept (people and scripts search for it), and what to do when the fix is on the user's
 * side. The URL itself is not repeated: every message is recorded beside its URL.
 * docs/failure-modes.md lists every case.
 */

interface Explanation {
  pattern: RegExp;
  explain(code: string): string;
}

const NETWORK_ERRORS: Explanation[] = [
  {
    pattern: /ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/,
    explain: (code) => `the host name does not resolve (${code}): check the URL for a typo; a host known only to a staging network needs --resolve HOST=IP`,
  },
  {
    pattern: /ERR_CONNECTION_REFUSED/,
    explain: (code) => `the connection was refused (${code}): no server listens at that address and port; check that the site is up, and the port in the URL or in --resolve`,
  },
  {
    pattern: /ERR_CERT_[A-Z_]+|ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN|ERR_BAD_SSL_CLIENT_AUTH_CERT/,
    explain: (code) => `the server's TLS certificate is not valid (${code}): for a staging or preview server with a self-signed or internal certificate, scan with --ignore-https-errors`,
  },
  {
    pattern: /ERR_SSL_[A-Z_]+/,
    explain: (code) => `the TLS handshake failed (${code}): is the server plain http:// at that address and port?`,
  },
  {
    pattern: /ERR_TOO_MANY_REDIRECTS/,
    explain: (code) => `the page redirects in a loop (${code}): the site's redirect rules need fixing; cookies set on the redirects are recorded`,
  },
  {
    pattern: /ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT|ERR_ADDRESS_UNREACHABLE/,
    explain: (code) => `the server did not answer (${code})`,
  },
];

/** A navigation failure, in words. `attempts` counts the tries made (retries included). */
export function explainFailure(message: string, context: { attempts: number; timeoutMs: number }): string {
  const tries = context.attempts > 1 ? ` (tried ${context.attempts} times)` : '';
  const code = /net::(ERR_[A-Z_]+)/.exec(message)?.[0];
  if (code) {
    const known = NETWORK_ERRORS.find((explanation) => explanation.pattern.test(code));
    return known ? known.explain(code) + tries : `${withoutCallSite(message)}${tries}`;
  }
  if (/Timeout \d+ms exceeded/.test(message)) {
    return `the page did not finish loading within ${context.timeoutMs / 1000} s${tries}: a slow server or a very heavy page; raise --timeout to wait longer`;
  }
  return `${withoutCallSite(message)}${tries}`;
}

/** A page that loaded but answered an HTTP error status. */
export function explainStatus(status: number, statusText: string): string {
  const head = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 401 || status === 403) {
    return `${head}: access refused; a preview behind a token or login needs --header 'NAME: VALUE' or a scenario that signs in; what the page set is recorded`;
  }
  if (status >= 500) return `${head}: the server failed on this page; what the page set is recorded`;
  return `${head}: the page does not exist or answers an error (check the link or URL); what the page set is recorded`;
}

/** Playwright's "page.goto: … at https://…" without the method name and the URL (recorded beside). */
function withoutCallSite(message: string): string {
  return message.replace(/^[a-zA-Z]+\.[a-zA-Z]+: /, '').replace(/ at (https?|about|chrome-error):\S*$/, '');
}

/** A page that landed, after redirects, on another site. */
export function leftTheSiteNote(landedUrl: string): string {
  return `redirected to another site, ${landedUrl}: what that page set is recorded (attributed to this URL), its links are not followed`;
}

/** The first page cut off by --settle, counting the others, once per site. */
export function neverQuietNote(pages: number, settleMs: number): string {
  const others = pages > 1 ? ` (and ${pages - 1} other page${pages > 2 ? 's' : ''} of this site)` : '';
  return (
    `this page${others} never went quiet within --settle ${settleMs} ms: requests kept running or cookies kept being written ` +
    '(long polling, WebSocket, timers); what it set after that was not seen, raise --settle to wait longer'
  );
}

export function queryTrapNote(trap: { parameters: readonly string[]; skipped: number }, maxVariants: number): string {
  return (
    `more than ${maxVariants} URLs of this path differ only by the values of ${trap.parameters.join(', ')} (a calendar or filter trap?): ` +
    `${maxVariants} were followed, ${trap.skipped} more were not (listed in skippedLinks)`
  );
}

export function tooManyLinksNote(maxLinks: number): string {
  return `more than ${maxLinks} links on this page: only the first ${maxLinks} were read`;
}

export function popupsNote(tried: number, kept: number): string {
  return `tried to open ${tried} popups: ${kept} were kept open until the page settled, the others refused or closed at once (what they set by then is recorded)`;
}

/** A page whose script never ends: it stopped answering. */
export function unresponsiveNote(waitedMs: number): string {
  return `the page stopped answering (a script that never ends?): its links were not read within ${waitedMs / 1000} s, its tab was replaced`;
}
