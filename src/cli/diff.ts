import { Command, Option } from 'commander';
import { compareWithBaseline } from '../diff/index.js';
import { ensureWritable, reportFiles } from './outputs.js';
import { reportOptions, type ReportFlags } from './options.js';
import { readSavedReport } from './report.js';
import { report } from './run.js';

export interface BaselineFlags {
  baseline?: string;
  failOnNew?: boolean;
}

export function failOnNewOption(): Option {
  return new Option('--fail-on-new', 'fail (exit 1) only on findings the baseline does not have: what the change introduced');
}

export function diffCommand(): Command {
  const command = new Command('diff')
    .summary('compare two saved JSON reports: new and removed cookies, changed lifetimes, new and fixed findings')
    .description(
      'Compare a baseline report (e.g. the main branch) with a later one (e.g. a pull request): cookies added, ' +
        'removed or changed (lifetime, type, party) and findings new, fixed or unchanged. The later report is ' +
        'rendered with these changes, new findings first.',
    )
    .argument('<base>', 'the baseline JSON report, e.g. main.json')
    .argument('<head>', 'the JSON report to judge, e.g. pr.json')
    .addOption(failOnNewOption());
  for (const option of reportOptions().filter((option) => option.long !== '--quiet')) command.addOption(option);
  return command
    .addHelpText(
      'after',
      `
Examples:
  $ cookie-audit diff main.json pr.json --fail-on-new
  $ cookie-audit diff main.json pr.json --format md > comment.md

Exit codes: 0 nothing at or above --fail-on (with --fail-on-new: nothing new), 1 otherwise, 2 a report
cannot be read or the two come from different schema versions, 3 the later scan was incomplete.`,
    )
    .action(async (baseFile: string, headFile: string, flags: ReportFlags & BaselineFlags) => {
      const [base, head] = await Promise.all([readSavedReport(baseFile), readSavedReport(headFile)]);
      await ensureWritable(reportFiles(flags));
      const judged = { ...head, summary: { ...head.summary, failOn: flags.failOn } };
      process.exitCode = await report(compareWithBaseline(base, judged, { file: baseFile, failOnNew: Boolean(flags.failOnNew) }), flags);
    });
}
