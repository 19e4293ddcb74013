import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { DEFAULT_CONCURRENCY, SCAN_DEFAULTS } from '../crawl/scan.js';
import { parseHostMapping } from '../crawl/resolve.js';
import { sitesForUrls } from '../crawl/targets.js';
import { parseUrlList } from '../crawl/url-list.js';
import { UsageError } from '../errors.js';
import { loadInventory } from '../inventory/load.js';
import { parseShard, shardSites, type Shard } from '../merge/index.js';
import type { ScanRecord } from '../model/result.js';
import { collect, durationMs, header, localeTag, nonNegativeInteger, positiveInteger, reportOptions, timeZone, type ReportFlags } from './options.js';
import { failOnNewOption, type BaselineFlags } from './diff.js';
import { readSavedReport } from './report.js';
import { auditAndReport, scanAndReport, type Baseline } from './run.js';

interface ScanFlags extends ReportFlags, BaselineFlags {
  inventory: string;
  resolve?: string[];
  ignoreHttpsErrors?: boolean;
  maxPages: number;
  maxDepth: number;
  concurrency: number;
  timeBudget?: number;
  header?: Record<string, string>;
  scroll: boolean;
  sitemaps: boolean;
  urlsFile?: string;
  include?: string[];
  exclude?: string[];
  host?: string[];
  shard?: Shard;
  timeout: number;
  settle: number;
  browser?: string;
  userAgent?: string;
  locale?: string;
  timezone?: string;
}

/** The visitor's language when none is given: the policy's, as a region-qualified tag. */
function localeFor(policyLanguage: string | undefined): string {
  return policyLanguage === 'fr' ? 'fr-FR' : 'en-US';
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
    .option('--concurrency <n>', `pages loading at once across the whole scan, e.g. --concurrency 2 (default: ${DEFAULT_CONCURRENCY}, from the CPU count)`, positiveInteger, DEFAULT_CONCURRENCY)
    .option('--time-budget <duration>', 'stop starting pages after this long and report what was not covered, e.g. --time-budget 10min', durationMs)
    .option('--timeout <seconds>', 'time allowed for one page to load, e.g. --timeout 60', positiveInteger, SCAN_DEFAULTS.pageTimeoutMs / 1000)
    .option('--settle <ms>', 'after load, how long to watch a page at most for late cookies (timers, late requests), e.g. --settle 5000', nonNegativeInteger, SCAN_DEFAULTS.settleMs)
    .option('--browser <path>', 'Chromium or Chrome to use (or COOKIE_AUDIT_BROWSER), e.g. --browser /usr/bin/chromium')
    .option('--user-agent <string>', 'user agent the browser sends, e.g. --user-agent "cookie-audit"')
    .option('--locale <tag>', "the visitor's language: Accept-Language and navigator.languages, e.g. --locale de-DE (default: fr-FR when the policy is in French, else en-US)", localeTag)
    .option('--timezone <zone>', "the visitor's time zone, e.g. --timezone Europe/Paris (default: this machine's)", timeZone)
    .option('--header <name: value>', "extra HTTP header on every request (repeatable), e.g. --header 'x-preview-token: abc'", header)
    .option('--no-scroll', 'do not scroll each page to the bottom after load (lazy scripts set cookies then)')
    .option('--urls-file <file>', 'more start URLs, one per line (# comments), e.g. --urls-file pages.txt')
    .option('--no-sitemaps', 'do not read robots.txt Sitemap: lines and /sitemap.xml for more pages')
    .option('--include <glob>', "only follow URLs matching this glob (repeatable), e.g. --include 'https://www.esomus.com/fr/**'", collect)
    .option('--exclude <glob>', "never follow URLs matching this glob (repeatable), e.g. --exclude '/logout*'", collect)
    .option('--host <name>', 'also follow links to this host of another domain (repeatable), e.g. --host preview.netlify.app', collect)
    .option('--baseline <file>', 'compare with this saved JSON report (e.g. from the main branch): new and fixed findings, changed cookies')
    .addOption(failOnNewOption())
    .option('--shard <I/N>', 'scan only shard I of N (by site, scenario and start URL); merge the reports with cookie-audit merge, e.g. --shard 2/4', parseShard);
  for (const option of reportOptions()) command.addOption(option);
  return command
    .addHelpText(
      'after',
      `
Examples:
  $ cookie-audit scan                                   # every site in ./inventory.yaml
  $ cookie-audit scan https://www.esomus.com/ --json report.json
  $ cookie-audit scan --report html=audit.html --report sarif=audit.sarif --lang fr
  $ cookie-audit scan --baseline main.json --fail-on-new      # a pull-request gate
  $ cookie-audit scan https://www.esomus.com/ --resolve '*.esomus.com=127.0.0.1:8443' --ignore-https-errors

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or inventory
error (nothing scanned), 3 the scan could not be completed (partial results are still written).`,
    )
    .action(async (urls: string[], flags: ScanFlags) => {
      const inventory = await loadInventory(flags.inventory);
      const baseline = await readBaseline(flags);
      const listed = flags.urlsFile ? parseUrlList(await readUrlsFile(flags.urlsFile), flags.urlsFile) : [];
      const given = [...urls, ...listed];
      const allSites = given.length > 0 ? sitesForUrls(given, inventory.sites) : inventory.sites;
      if (allSites.length === 0) {
        throw new UsageError(`Nothing to scan: give URLs, or declare sites in ${flags.inventory} (sites: [{ name, urls, domains }]).`);
      }
      const sites = flags.shard ? shardSites(allSites, flags.shard) : allSites;
      if (sites.length === 0) {
        // An empty shard is normal in a matrix: its empty report merges into nothing.
        process.exitCode = await auditAndReport(emptyScan(flags.shard), inventory, flags, baseline);
        return;
      }
      process.exitCode = await scanAndReport(
        inventory,
        {
          sites,
          browserPath: flags.browser,
          resolve: (flags.resolve ?? []).map(parseHostMapping),
          ignoreHttpsErrors: flags.ignoreHttpsErrors,
          userAgent: flags.userAgent,
          locale: flags.locale ?? localeFor(inventory.policy.language),
          timezone: flags.timezone,
          maxPages: flags.maxPages,
          maxDepth: flags.maxDepth,
          concurrency: flags.concurrency,
          timeBudgetMs: flags.timeBudget,
          headers: flags.header,
          scroll: flags.scroll,
          sitemaps: flags.sitemaps,
          scope: { hosts: flags.host, include: flags.include, exclude: flags.exclude },
          pageTimeoutMs: flags.timeout * 1000,
          settleMs: flags.settle,
          shard: flags.shard,
        },
        flags,
        baseline,
      );
    });
}

/** Read before scanning: a wrong baseline path must not cost a whole scan. */
async function readBaseline(flags: BaselineFlags): Promise<Baseline | undefined> {
  if (!flags.baseline) {
    if (flags.failOnNew) throw new UsageError('--fail-on-new needs --baseline BASE.json: the saved report to compare with');
    return undefined;
  }
  return { file: flags.baseline, result: await readSavedReport(flags.baseline), failOnNew: Boolean(flags.failOnNew) };
}

async function readUrlsFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--urls-file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function emptyScan(shard: Shard | undefined): ScanRecord {
  const now = new Date().toISOString();
  return {
    startedAt: now,
    finishedAt: now,
    browser: { name: 'chromium', version: 'not started', thirdPartyCookies: 'allowed' },
    ...(shard ? { shard } : {}),
    sites: [],
    cookies: [],
    rejectedCookies: [],
    storage: [],
  };
}
