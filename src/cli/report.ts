import { Command, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { EXIT, UsageError } from '../errors.js';
import { parseSavedReport } from '../merge/index.js';
import type { AuditResult } from '../model/result.js';
import { reportOptions, type ReportFlags } from './options.js';
import { ensureWritable, reportFiles, writeReports } from './outputs.js';

interface ReportCommandFlags extends ReportFlags {
  output?: string;
}

/** Options that judge or scan have no meaning when only rendering a saved result. */
const NOT_FOR_RENDERING = new Set(['--fail-on', '--quiet']);

export function reportCommand(): Command {
  const command = new Command('report')
    .summary('render a saved JSON report again, in any format or language')
    .description(
      'Read a JSON report (cookie-audit scan --json FILE) and render it again: as text, JSON, Markdown, ' +
        'HTML, SARIF, JUnit or GitHub annotations, in French or English. Nothing is scanned or audited again.',
    )
    .argument('<scan>', 'the JSON report, e.g. audit.json')
    .addOption(new Option('-o, --output <file>', 'write the --format report to this file instead of stdout, e.g. -o audit.html'));
  for (const option of reportOptions().filter((option) => !NOT_FOR_RENDERING.has(option.long ?? ''))) command.addOption(option);
  return command
    .addHelpText(
      'after',
      `
Examples:
  $ cookie-audit report audit.json --format html -o audit.html            # French when the policy is
  $ cookie-audit report audit.json --format html --lang en -o audit-en.html
  $ cookie-audit report audit.json --format md > comment.md
  $ cookie-audit report audit.json --report sarif=audit.sarif --report junit=audit.xml

Exit codes: 0 rendered (whatever the verdict: the scan's exit code gave it), 2 the report cannot be
read (missing, not JSON, another schemaVersion) or an output path is not writable, 3 a file could not
be written (the others still were).`,
    )
    .action(async (file: string, flags: ReportCommandFlags) => {
      const result = await readSavedReport(file);
      await ensureWritable([...reportFiles(flags), ...(flags.output ? [{ format: flags.format, file: flags.output }] : [])]);
      const failed = await writeReports(result, flags, flags.output, false);
      process.exitCode = failed.length > 0 ? EXIT.scanIncomplete : EXIT.ok;
    });
}

const WHAT_TO_GIVE = {
  read: 'give a JSON file written by cookie-audit scan --json FILE',
  merge: 'give the JSON files written by cookie-audit scan --shard I/N --json FILE',
} as const;

/** Reads a saved JSON report (report, diff, merge, --baseline, inventory init); every error names the file. */
export async function readSavedReport(file: string, use: keyof typeof WHAT_TO_GIVE = 'read'): Promise<AuditResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`${file}: cannot read this report (${reason}); ${WHAT_TO_GIVE[use]}`);
  }
  return parseSavedReport(text, file, use);
}
