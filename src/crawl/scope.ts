import { registrableDomain } from '../capture/party.js';

export interface ScopeConfig {
  /** Registrable domains whose hosts are crawled (a site's first-party domains). */
  domains: readonly string[];
  /** Extra host names crawled as well, matched exactly (e.g. a staging host on another domain). */
  hosts?: readonly string[];
  /** URL globs: when any is given, a URL must match one of them. */
  include?: readonly string[];
  /** URL globs: a URL matching any of them is never followed. */
  exclude?: readonly string[];
}

export type ScopeCheck = { inScope: true } | { inScope: false; reason: string };

export interface Scope {
  /** Whether the crawler may follow `url`, and in plain words why not. */
  check(url: string): ScopeCheck;
  /** The URL's canonical form (see normaliseUrl); throws on what is not a URL. */
  normalise(url: string): string;
}

interface CompiledGlob {
  glob: string;
  matches(url: URL): boolean;
}

/**
 * What the crawler may follow: http(s) URLs on the site's registrable domains or extra hosts, that
 * match an `include` glob (when there are any) and no `exclude` glob.
 *
 * Globs are matched against the whole normalised URL without fragment
 * (`https://www.shop.test/blog/*`); a glob that starts with `/` applies to every host and is matched
 * against the path plus query (`/admin/**`). `*` matches any run of characters except `/`; `**` any
 * run including `/` (a trailing `/**` also matches nothing, so `/admin/**` matches `/admin`; a `**`
 * that fills a whole segment also matches no segment at all); every other character, `?` included,
 * stands for itself.
 */
export function createScope(config: ScopeConfig): Scope {
  const domains = new Set(config.domains.map((domain) => domain.toLowerCase()));
  const hosts = new Set((config.hosts ?? []).map((host) => host.toLowerCase()));
  const include = (config.include ?? []).map(compileGlob);
  const exclude = (config.exclude ?? []).map(compileGlob);

  function check(url: string): ScopeCheck {
    const parsed = parseUrl(url);
    if (!parsed) return { inScope: false, reason: `not a valid URL: ${JSON.stringify(url)}` };
    if (!isHttp(parsed)) return { inScope: false, reason: `scheme ${parsed.protocol} is never followed` };
    const host = parsed.hostname;
    if (!hosts.has(host) && !domains.has(registrableDomain(host))) return { inScope: false, reason: `other site: ${host}` };
    const normalised = new URL(normaliseUrl(parsed.href));
    if (include.length > 0 && !include.some((glob) => glob.matches(normalised))) {
      return { inScope: false, reason: `not matched by any include glob: ${include.map((glob) => glob.glob).join(', ')}` };
    }
    const excludedBy = exclude.find((glob) => glob.matches(normalised));
    if (excludedBy) return { inScope: false, reason: `excluded by ${excludedBy.glob}` };
    return { inScope: true };
  }

  return { check, normalise: normaliseUrl };
}

/**
 * One spelling per page: no fragment, lower-case scheme and host, no default port (the URL parser
 * does those two), query parameters sorted by name (stable, so repeated names keep their order; each
 * parameter keeps its original encoding), path untouched.
 */
export function normaliseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  parsed.search = sortedQuery(parsed.search);
  return parsed.href;
}

export function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

function sortedQuery(search: string): string {
  const parameters = search.replace(/^\?/, '').split('&').filter((parameter) => parameter !== '');
  const named = parameters.map((text) => ({ text, name: parameterName(text) }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return named.map((parameter) => parameter.text).join('&');
}

/** The decoded name of one `name=value` query parameter. */
export function parameterName(parameter: string): string {
  const raw = parameter.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function compileGlob(glob: string): CompiledGlob {
  const pathOnly = glob.startsWith('/');
  const pattern = new RegExp(`^${globToRegExpSource(glob)}$`);
  return {
    glob,
    matches: (url) => pattern.test(pathOnly ? url.pathname + url.search : url.href),
  };
}

function globToRegExpSource(glob: string): string {
  let source = '';
  for (let index = 0; index < glob.length; ) {
    const rest = glob.slice(index);
    if (rest === '/**') {
      source += '(?:/.*)?';
      index += 3;
    } else if (rest.startsWith('**/') && (index === 0 || glob[index - 1] === '/')) {
      source += '(?:.*/)?';
      index += 3;
    } else if (rest.startsWith('**')) {
      source += '.*';
      index += 2;
    } else if (rest.startsWith('*')) {
      source += '[^/]*';
      index += 1;
    } else {
      source += rest[0].replace(/[\\^$.|?+()[\]{}]/g, '\\$&');
      index += 1;
    }
  }
  return source;
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
