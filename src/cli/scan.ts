import { Command } from 'commander';
import { SCAN_DEFAULTS } from '../crawl/scan.js';
import { parseHostMapping } from '../crawl/resolve.js';
import { sitesForUrls } from '../crawl/targets.js';
import { UsageError } from '../errors.js';
import { loadInventory } from '../inventory/load.js';
import { collect, positiveInteger, nonNegativeInteger, reportOptions, type ReportFlags } from './options.js';
import { scanAndReport } from './run.js';

interface ScanFlags extends ReportFlags {
  inventory: string;
  resolve?: string[];
  ignoreHttpsErrors?: boolean;
  maxPages: number;
  maxDepth: number;
  timeout: number;
  settle: number;
  browser?: string;
  userAgent?: string;
}

export function scanCommand(): Command {
  const command = new Command('scan')
    .summary('scan sites with Chromium and audit their cookies against the inventory')
    .description(
      'Visit the given URLs (or every site declared in the inventory) in headless Chromium, following ' +
        'same-site links breadth first; record every cookie set and audit it against the inventory.',
    )
    .argument('[urls...]', 'start URLs, e.g. https://www.esomus.com/ (default: the sites in the inventory)')
    .option('-i, --inventory <file>', 'the declared cookies, e.g. --inventory policies/inventory.yaml', 'inventory.yaml')
    .option(
      '--resolve <host=ip[:port]>',
      "send a host to another address, like curl (repeatable, '*.' wildcards), e.g. --resolve '*.esomus.com=10.0.0.5:8443'",
      collect,
    )
    .option('--ignore-https-errors', 'accept invalid certificates, e.g. a staging server under production names')
    .option('--max-pages <n>', 'most pages to visit per site, e.g. --max-pages 200', positiveInteger, SCAN_DEFAULTS.maxPages)
    .option('--max-depth <n>', 'most links to follow from a start URL, e.g. --max-depth 1', nonNegativeInteger, SCAN_DEFAULTS.maxDepth)
    .option('--timeout <seconds>', 'time allowed for one page to load, e.g. --timeout 60', positiveInteger, SCAN_DEFAULTS.pageTimeoutMs / 1000)
    .option('--settle <ms>', 'after load, longest wait for the network to go quiet, e.g. --settle 5000', nonNegativeInteger, SCAN_DEFAULTS.settleMs)
    .option('--browser <path>', 'Chromium or Chrome to use (or COOKIE_AUDIT_BROWSER), e.g. --browser /usr/bin/chromium')
    .option('--user-agent <string>', 'user agent the browser sends, e.g. --user-agent "cookie-audit"');
  for (const option of reportOptions()) command.addOption(option);
  return command
    .addHelpText(
      'after',
      `
Examples:
  $ cookie-audit scan                                   # every site in ./inventory.yaml
  $ cookie-audit scan https://www.esomus.com/ --json report.json
  $ cookie-audit scan https://www.esomus.com/ --resolve '*.esomus.com=127.0.0.1:8443' --ignore-https-errors

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or inventory
error (nothing scanned), 3 the scan could not be completed (partial results are still written).`,
    )
    .action(async (urls: string[], flags: ScanFlags) => {
      const inventory = await loadInventory(flags.inventory);
      const sites = urls.length > 0 ? sitesForUrls(urls, inventory.sites) : inventory.sites;
      if (sites.length === 0) {
        throw new UsageError(`Nothing to scan: give URLs, or declare sites in ${flags.inventory} (sites: [{ name, urls, domains }]).`);
      }
      process.exitCode = await scanAndReport(
        inventory,
        {
          sites,
          browserPath: flags.browser,
          resolve: (flags.resolve ?? []).map(parseHostMapping),
          ignoreHttpsErrors: flags.ignoreHttpsErrors,
          userAgent: flags.userAgent,
          maxPages: flags.maxPages,
          maxDepth: flags.maxDepth,
          pageTimeoutMs: flags.timeout * 1000,
          settleMs: flags.settle,
        },
        flags,
      );
    });
}
