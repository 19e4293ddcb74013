import { registrableDomain } from '../capture/party.js';
import { UsageError } from '../errors.js';
import type { SiteConfig } from '../model/inventory.js';

/**
 * The sites to scan for URLs given on the command line: a URL under an inventory site's domains
 * belongs to that site (its name, first-party domains, scope settings and scenarios); any other URL
 * forms a site named after its registrable domain. URLs of one site are scanned together, in one
 * visitor's journey per scenario.
 */
export function sitesForUrls(urls: readonly string[], inventorySites: readonly SiteConfig[]): SiteConfig[] {
  const sites = new Map<string, SiteConfig>();
  for (const url of urls) {
    const host = hostOf(url);
    const domain = registrableDomain(host);
    const known = inventorySites.find((site) => site.domains.includes(domain));
    const key = known?.name ?? domain;
    const site = sites.get(key) ?? (known ? { ...known, urls: [] } : { name: key, urls: [], domains: [domain] });
    site.urls.push(url);
    sites.set(key, site);
  }
  return [...sites.values()];
}

function hostOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${JSON.stringify(url)} is not a URL: give absolute http(s) URLs, e.g. https://www.example.com/`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UsageError(`${url}: only http and https URLs can be scanned`);
  }
  return parsed.hostname;
}
