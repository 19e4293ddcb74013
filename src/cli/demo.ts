import { Command } from 'commander';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVirtualHostServer } from '../demo/server.js';
import { DEMO_ENV, DEMO_HOSTS, DEMO_SITES, DEMO_WAIVERS } from '../demo/site.js';
import { EXIT } from '../errors.js';
import { loadInventory } from '../inventory/load.js';
import { reportOptions, type ReportFlags } from './options.js';
import { scanAndReport } from './run.js';
import { PACKAGE_ROOT } from './tool.js';

const BUNDLED_INVENTORY = fileURLToPath(new URL('inventory.yaml', PACKAGE_ROOT));

export function demoCommand(): Command {
  const command = new Command('demo')
    .summary('scan a bundled ESOMUS-like demo site on this machine and show the report')
    .description(
      'Start a demo estate on 127.0.0.1 (HTTPS, a certificate made at start) under invented .test host ' +
        'names, mapped with Chromium host-resolver rules — the mechanism behind scan --resolve — then scan ' +
        'it against the bundled ESOMUS inventory. Nothing leaves the machine. Exits 0 when the demo ran.',
    );
  for (const option of reportOptions().filter((option) => option.long !== '--fail-on')) command.addOption(option);
  return command
    .option('--browser <path>', 'Chromium or Chrome to use (or COOKIE_AUDIT_BROWSER), e.g. --browser /usr/bin/chromium')
    .addHelpText('after', '\nExample:\n  $ cookie-audit demo --json demo-report.json')
    .action(async (flags: Omit<ReportFlags, 'failOn'> & { browser?: string }) => {
      const bundled = await loadInventory(relative(process.cwd(), BUNDLED_INVENTORY) || BUNDLED_INVENTORY);
      const inventory = { ...bundled, waivers: [...bundled.waivers, ...DEMO_WAIVERS] };
      const server = await startVirtualHostServer(DEMO_HOSTS);
      process.stderr.write(`Demo: ${Object.keys(DEMO_HOSTS).length} hosts served on https://127.0.0.1:${server.port}, mapped with --resolve '*.test=127.0.0.1:${server.port}'\n`);
      let code: number;
      try {
        code = await scanAndReport(
          inventory,
          {
            sites: DEMO_SITES,
            browserPath: flags.browser,
            resolve: [{ host: '*.test', address: '127.0.0.1', port: server.port }],
            blockUnmappedHosts: true,
            ignoreHttpsErrors: true,
            env: { ...process.env, ...DEMO_ENV },
          },
          { ...flags, failOn: 'error' },
        );
      } finally {
        await server.close();
      }
      process.stderr.write(
        [
          '',
          'Demo server stopped. To scan a real site next:',
          '  1. describe its cookies in inventory.yaml (this one is ESOMUS\'s; the schema is schema/inventory.schema.json)',
          '  2. cookie-audit scan https://www.example.com/ --inventory inventory.yaml --json report.json',
          '',
        ].join('\n'),
      );
      process.exitCode = code === EXIT.scanIncomplete ? code : EXIT.ok;
    });
}
