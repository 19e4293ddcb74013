import { isIP } from 'node:net';
import { UsageError } from '../errors.js';

export interface HostMapping {
  /** A host name, or `*.example.com` for every sub-domain. */
  host: string;
  address: string;
  port?: number;
}

const HOST_PATTERN = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/i;

/**
 * Parses a curl-like `HOST=IP[:PORT]` mapping (`*.example.com=127.0.0.1:8443`, `www.example.com=[::1]:443`),
 * as given to --resolve.
 */
export function parseHostMapping(text: string): HostMapping {
  const match = /^([^=\s]+)=(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(text.trim());
  const usage = `--resolve ${JSON.stringify(text)}: expected HOST=IP[:PORT], e.g. www.example.com=127.0.0.1:8443, '*.example.com=10.0.0.5' or host=[::1]:443`;
  if (!match) throw new UsageError(usage);
  const [, host, rawAddress, rawPort] = match;
  const address = rawAddress.replace(/^\[|\]$/g, '');
  if (!HOST_PATTERN.test(host)) throw new UsageError(`${usage} (${JSON.stringify(host)} is not a host name)`);
  if (!isIP(address)) throw new UsageError(`${usage} (${JSON.stringify(address)} is not an IP address)`);
  const port = rawPort === undefined ? undefined : Number(rawPort);
  if (port !== undefined && (port < 1 || port > 65535)) throw new UsageError(`${usage} (port ${port} is out of range)`);
  return { host: host.toLowerCase(), address, port };
}

/**
 * Chromium --host-resolver-rules for the mappings. With `blockOthers`, every other host fails to
 * resolve, so nothing can leave the machine (the demo and the tests use it).
 */
export function hostResolverRules(mappings: readonly HostMapping[], blockOthers = false): string | undefined {
  const rules = mappings.map(({ host, address, port }) => {
    const target = isIP(address) === 6 ? `[${address}]` : address;
    return `MAP ${host} ${port === undefined ? target : `${target}:${port}`}`;
  });
  if (blockOthers) rules.push('MAP * ~NOTFOUND');
  return rules.length > 0 ? rules.join(', ') : undefined;
}
