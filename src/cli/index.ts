import { Command, CommanderError } from 'commander';
import { EXIT, InventoryError, ScanError, UsageError } from '../errors.js';
import { demoCommand } from './demo.js';
import { diffCommand } from './diff.js';
import { inventoryCommand, schemaCommand, validateCommand } from './inventory.js';
import { mergeCommand } from './merge.js';
import { policyCommand } from './policy.js';
import { reportCommand } from './report.js';
import { scanCommand } from './scan.js';
import { TOOL } from './tool.js';

function program(): Command {
  const root = new Command(TOOL.name)
    .description("Audit the cookies your websites really set against the cookies your policy declares.")
    .version(TOOL.version, '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Examples:
  $ cookie-audit demo                         # see a full report on a bundled demo site
  $ cookie-audit scan https://www.esomus.com/ # audit a site against ./inventory.yaml
  $ cookie-audit scan --report html=audit.html --report sarif=audit.sarif
  $ cookie-audit report audit.json --format md  # render a saved scan again
  $ cookie-audit validate                     # check ./inventory.yaml`);
  for (const command of [scanCommand(), reportCommand(), diffCommand(), mergeCommand(), demoCommand(), policyCommand(), inventoryCommand(), validateCommand(), schemaCommand()]) {
    root.addCommand(command.exitOverride().showHelpAfterError('(run with --help for usage)'));
  }
  return root;
}

/** Runs the CLI and returns the exit code, which the launcher sets. */
export async function main(argv: string[]): Promise<number> {
  exitQuietlyWhenOutputCloses();
  try {
    await program().parseAsync(argv);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    return reportError(error, argv.includes('--verbose'));
  }
}

/** `cookie-audit scan | head` closes stdout early: that is the reader's choice, not an error. */
function exitQuietlyWhenOutputCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(Number(process.exitCode ?? EXIT.ok));
    throw error;
  });
}

function reportError(error: unknown, verbose: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof InventoryError) {
    process.stderr.write(`Inventory ${error.file} is not valid:\n${indent(error.message)}\n`);
    return EXIT.usage;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof ScanError) {
    process.stderr.write(`${error.message}\n`);
    return EXIT.scanIncomplete;
  }
  const detail = verbose && error instanceof Error ? error.stack : String(error instanceof Error ? error.message : error);
  process.stderr.write(`Unexpected error: ${detail}\n${verbose ? '' : '(run again with --verbose for details)\n'}`);
  return EXIT.scanIncomplete;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
