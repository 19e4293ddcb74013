import type { LookupAddress, LookupOptions } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import type { HostMapping } from './resolve.js';
import { isHttp } from './scope.js';

export interface FetchOptions {
  /** The --resolve mappings, applied as Chromium applies its MAP rules. */
  resolve: readonly HostMapping[];
  /** When true, a host no mapping covers (loopback aside) fails instead of going to DNS, as for the browser. */
  blockUnmappedHosts?: boolean;
  ignoreHttpsErrors: boolean;
  userAgent?: string;
  headers?: Record<string, string>;
  /** For the whole fetch: every redirect and the body included. */
  timeoutMs: number;
}

export interface FetchResult {
  status: number;
  /** Decompressed. */
  body: Buffer;
  contentType: string;
  /** Where the last redirect led. */
  url: string;
}

/** Fetches one URL; resolves with any HTTP status, rejects on network errors, limits and timeouts. */
export type Fetcher = (url: string) => Promise<FetchResult>;

export const MAX_REDIRECTS = 5;
export const MAX_BODY_BYTES = 50 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const gunzip = promisify(zlib.gunzip);

/**
 * A fetcher for robots.txt and sitemaps. They are fetched from Node rather than by the browser so
 * they set no cookie in the visitor's jar, yet they reach the same hosts: the --resolve mappings
 * are applied the way Chromium applies them (exact host or `*.suffix`, first match wins, the port
 * replaced when the mapping has one, other hosts through DNS), with SNI and the Host header kept.
 */
export function createFetcher(options: FetchOptions): Fetcher {
  return async (url) => {
    const deadline = AbortSignal.timeout(options.timeoutMs);
    try {
      return await fetchFollowingRedirects(new URL(url), options, deadline);
    } catch (error) {
      if (deadline.aborted) throw new Error(`${url}: no complete answer within ${options.timeoutMs / 1000} s`);
      throw error;
    }
  };
}

async function fetchFollowingRedirects(url: URL, options: FetchOptions, deadline: AbortSignal): Promise<FetchResult> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await request(current, options, deadline);
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.statusCode ?? 0) || !location) return await readResult(current, response);
    response.resume();
    if (redirects >= MAX_REDIRECTS) throw new Error(`${url.href}: more than ${MAX_REDIRECTS} redirects`);
    current = new URL(location, current);
  }
}

/** The mapping that applies to `host`, as Chromium's `MAP pattern target` rules: first match wins. */
export function mappingFor(host: string, mappings: readonly HostMapping[]): HostMapping | undefined {
  const name = host.toLowerCase();
  return mappings.find((mapping) =>
    mapping.host.startsWith('*.') ? name.endsWith(mapping.host.slice(1)) : name === mapping.host,
  );
}

function request(url: URL, options: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  if (!isHttp(url)) return Promise.reject(new Error(`${url.href}: only http and https URLs can be fetched`));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const mapping = mappingFor(host, options.resolve);
  if (!mapping && options.blockUnmappedHosts && !isLoopback(host)) {
    return Promise.reject(new Error(`${url.href}: ${host} is not mapped by --resolve and other hosts are blocked`));
  }
  const secure = url.protocol === 'https:';
  const requestOptions: https.RequestOptions = {
    method: 'GET',
    host,
    port: mapping?.port ?? (url.port ? Number(url.port) : secure ? 443 : 80),
    path: url.pathname + url.search,
    headers: {
      host: url.host,
      'accept-encoding': 'gzip',
      ...(options.userAgent ? { 'user-agent': options.userAgent } : {}),
      ...options.headers,
    },
    lookup: mapping ? fixedLookup(mapping.address) : undefined,
    servername: isIP(host) ? undefined : host,
    rejectUnauthorized: !options.ignoreHttpsErrors,
    agent: false,
    signal,
  };
  return new Promise((resolve, reject) => {
    const outgoing = (secure ? https : http).request(requestOptions, resolve);
    outgoing.on('error', (error) => reject(withUrl(error, url)));
    outgoing.end();
  });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that always answers `address` (Node asks for every address when it races IPv4/IPv6). */
function fixedLookup(address: string) {
  const family = isIP(address);
  return (_host: string, options: LookupOptions, callback: LookupCallback): void => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

async function readResult(url: URL, response: IncomingMessage): Promise<FetchResult> {
  const raw = await readBody(response, url);
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  let body = encoding === 'gzip' || encoding === 'x-gzip' ? await inflate(raw, url) : raw;
  // A .gz file (a sitemap.xml.gz) comes gzipped whatever the headers say.
  if (isGzip(body)) body = await inflate(body, url);
  return { status: response.statusCode ?? 0, body, contentType: response.headers['content-type'] ?? '', url: url.href };
}

function readBody(response: IncomingMessage, url: URL): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) response.destroy(new Error(`${url.href}: the body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`));
      else chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', (error) => reject(withUrl(error, url)));
    response.on('aborted', () => reject(withUrl(new Error('the connection closed early'), url)));
  });
}

async function inflate(body: Buffer, url: URL): Promise<Buffer> {
  try {
    return await gunzip(body, { maxOutputLength: MAX_BODY_BYTES });
  } catch (error) {
    const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    const reason = tooLarge ? `larger than ${MAX_BODY_BYTES / 1024 / 1024} MB once decompressed` : `not valid gzip (${(error as Error).message})`;
    throw new Error(`${url.href}: the body is ${reason}`);
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

function withUrl(error: Error, url: URL): Error {
  return error.message.startsWith(url.href) ? error : new Error(`${url.href}: ${error.message}`);
}
