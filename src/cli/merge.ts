import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { loadInventory } from '../inventory/load.js';
import { mergeScans, scanRecordFromReport, shardSetProblems } from '../merge/index.js';
import { reportOptions, type ReportFlags } from './options.js';
import { ensureWritable, reportFiles } from './outputs.js';
import { readSavedReport } from './report.js';
import { auditAndReport } from './run.js';

interface MergeFlags extends ReportFlags {
  inventory: string;
}

export function mergeCommand(): Command {
  const command = new Command('merge')
    .summary('merge the JSON reports of a scan split with --shard I/N, and audit them together')
    .description(
      'Read the JSON reports of every shard (cookie-audit scan --shard I/N --json FILE), merge their scans ' +
        'into the scan one machine would have made, and audit it again against the inventory: findings such ' +
        'as "unobserved" depend on every shard together, so shard findings are never merged.',
    )
    .argument('<reports...>', 'the shard reports, e.g. shard-1.json shard-2.json (or shard-*.json)')
    .option('-i, --inventory <file>', 'the declared cookies to audit against, e.g. --inventory policies/inventory.yaml', 'inventory.yaml');
  for (const option of reportOptions().filter((option) => option.long !== '--quiet')) command.addOption(option);
  return command
    .addHelpText(
      'after',
      `
Examples:
  $ cookie-audit merge shard-*.json                               # audit against ./inventory.yaml
  $ cookie-audit merge shard-1.json shard-2.json --json audit.json
  $ cookie-audit merge shard-*.json --inventory policies/inventory.yaml --fail-on warning
  $ cookie-audit merge shard-*.json --no-color > audit.txt
  $ cookie-audit merge shard-*.json --color | less -R
  $ cookie-audit merge shard-*.json --verbose                     # stack traces of unexpected errors

Every shard must be scanned with the same cookie-audit version and inventory sites; see docs/sharding.md.

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage error (a report
missing, unreadable or of another schemaVersion; a shard missing or given twice; an invalid
inventory), 3 a shard could not scan a site
completely (scan.sites[].complete is false).`,
    )
    .action(async (files: string[], flags: MergeFlags) => {
      const inventory = await loadInventory(flags.inventory);
      await ensureWritable(reportFiles(flags));
      const reports = await Promise.all(files.map((file) => readSavedReport(file, 'merge')));
      const problems = shardSetProblems(reports.map((report, index) => ({ file: files[index], shard: report.scan.shard })));
      if (problems.length > 0) throw new UsageError(problems.join('\n'));
      process.exitCode = await auditAndReport(mergeScans(reports.map(scanRecordFromReport)), inventory, flags);
    });
}
