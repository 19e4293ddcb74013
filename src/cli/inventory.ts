import { Command } from 'commander';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { loadCookieDatabase } from '../hints/open-cookie-database.js';
import { DRAFT_MARKER, draftEntries, renderDraft, type DraftHints } from '../inventory/draft.js';
import { inventoryJsonSchema } from '../inventory/schema.js';
import { inventoryWarnings } from '../inventory/overlaps.js';
import { loadInventory } from '../inventory/load.js';
import { isNamed } from '../inventory/match.js';
import type { Inventory } from '../model/inventory.js';
import { writeAtomically } from './outputs.js';
import { readSavedReport } from './report.js';

const USAGE_HELP = '(run with --help for usage)';

/** `cookie-audit inventory init | check | schema`: drafting, checking and describing inventory files. */
export function inventoryCommand(): Command {
  const group = new Command('inventory')
    .summary('draft, check or describe the inventory file (init, check, schema)')
    .description('Work on inventory.yaml: draft entries for the cookies a scan saw (init), check a file (check), print its JSON Schema (schema).')
    .addHelpText(
      'after',
      `
Examples:
  $ cookie-audit inventory init --from scan.json -o inventory.draft.yaml
  $ cookie-audit inventory init --from scan.json --inventory inventory.yaml   # only undeclared cookies
  $ cookie-audit inventory check --inventory inventory.yaml
  $ cookie-audit inventory schema > inventory.schema.json`,
    );
  for (const command of [initCommand(), checkCommand('check'), schemaCommand()]) {
    group.addCommand(command.exitOverride().showHelpAfterError(USAGE_HELP));
  }
  return group;
}

interface InitFlags {
  from: string;
  inventory?: string;
  output?: string;
  force?: boolean;
  hints: boolean;
}

function initCommand(): Command {
  return new Command('init')
    .summary('draft inventory entries (YAML) for the cookies a saved scan observed')
    .description(
      'Read a JSON report (cookie-audit scan --json FILE) and draft one inventory entry per observed cookie name ' +
        '(per domain too when the name is set with another party or type elsewhere): party, type, domains, a ' +
        'maxLifetime rounded up to a readable duration, and what the Open Cookie Database knows of the name. ' +
        `Labels and purposes are drafts marked "${DRAFT_MARKER}": only the policy can say them. ` +
        'With --inventory, only cookies that inventory does not declare are drafted.',
    )
    .requiredOption('--from <scan>', 'the JSON report of a scan, e.g. --from scan.json')
    .option('-i, --inventory <file>', 'draft only the cookies this inventory does not declare, e.g. --inventory inventory.yaml')
    .option('-o, --output <file>', 'write the draft to this file instead of stdout, e.g. -o inventory.draft.yaml')
    .option('--force', 'replace the --output file if it exists')
    .option('--no-hints', 'leave out the Open Cookie Database hints')
    .addHelpText(
      'after',
      `
Examples:
  $ cookie-audit scan https://www.esomus.com/ --json scan.json
  $ cookie-audit inventory init --from scan.json --inventory inventory.yaml > new-cookies.yaml
  $ cookie-audit inventory init --from scan.json -o inventory.draft.yaml

The output is YAML with a cookies: list and comments saying what was observed. Copy the entries under
cookies: in the inventory, write the policy's own label and purpose over each draft, then run
cookie-audit inventory check. Exit codes: 0 drafted (even nothing), 2 the report or inventory cannot be
read, or the output file exists (use --force) or cannot be written.`,
    )
    .action(async (flags: InitFlags) => {
      if (flags.output) await checkOutput(flags.output, flags);
      const inventory = flags.inventory ? await loadInventory(flags.inventory) : undefined;
      const result = await readSavedReport(flags.from);
      const hints = flags.hints ? await cookieHints() : undefined;
      const draft = draftEntries(result, { ...(inventory ? { inventory } : {}), ...(hints ? { hints } : {}) });
      const text = renderDraft(draft, { source: flags.from, ...(flags.inventory ? { inventoryFile: flags.inventory } : {}) });
      if (flags.output) {
        try {
          await writeAtomically(flags.output, text);
        } catch (error) {
          throw new UsageError(`-o ${flags.output}: cannot write there (${(error as NodeJS.ErrnoException).code ?? String(error)}); give a writable path`);
        }
      } else process.stdout.write(text);
      const declared = flags.inventory ? ` (${draft.declared} of ${draft.observed} observed cookie(s) already declared)` : ` (${draft.observed} observed cookie(s))`;
      process.stderr.write(`Drafted ${draft.entries.length} entr${draft.entries.length === 1 ? 'y' : 'ies'}${declared}${flags.output ? ` into ${flags.output}` : ''}.\n`);
    });
}

/** Never write over the inventory itself, nor over any file without --force. */
async function checkOutput(output: string, flags: InitFlags): Promise<void> {
  if (flags.inventory && resolve(output) === resolve(flags.inventory)) {
    throw new UsageError(`-o ${output} would replace the inventory with the draft: write the draft to another file and copy its entries in`);
  }
  if (flags.force) return;
  const exists = await access(output, constants.F_OK).then(
    () => true,
    () => false,
  );
  if (exists) throw new UsageError(`-o ${output}: the file exists; choose another file or add --force to replace it`);
}

/** The Open Cookie Database's lookup; drafting goes on without hints when the copy cannot be read. */
async function cookieHints(): Promise<DraftHints | undefined> {
  try {
    const database = await loadCookieDatabase();
    return (name) => database.lookup(name);
  } catch (error) {
    process.stderr.write(`Warning: no Open Cookie Database hints (${error instanceof Error ? error.message : String(error)}).\n`);
    return undefined;
  }
}

/** `inventory check`, and `validate`, its older name kept as an alias. */
function checkCommand(name: 'check' | 'validate'): Command {
  const example = name === 'check' ? 'inventory check' : 'validate';
  return new Command(name)
    .summary(name === 'check' ? 'check an inventory file without scanning' : 'check an inventory file without scanning (same as: inventory check)')
    .description('Read and validate the inventory; every problem is reported with file:line:column and key path.')
    .option('-i, --inventory <file>', 'the file to check, e.g. --inventory policies/inventory.yaml', 'inventory.yaml')
    .addHelpText('after', `\nExample:\n  $ cookie-audit ${example} --inventory inventory.yaml   # exit 0 valid, 2 invalid`)
    .action(async (flags: { inventory: string }) => {
      const inventory = await loadInventory(flags.inventory);
      const warnings = inventoryWarnings(inventory);
      const warned = warnings.length > 0 ? `, ${warnings.length} warning(s)` : '';
      process.stdout.write(`${flags.inventory}: valid — ${inventorySummary(inventory)}${warned}\n`);
      for (const warning of warnings) process.stdout.write(`  warning: ${warning}\n`);
    });
}

function inventorySummary(inventory: Inventory): string {
  const unnamed = inventory.cookies.filter((entry) => !isNamed(entry)).length;
  const drafts = inventory.cookies.filter((entry) => [entry.label, entry.purpose.fr, entry.purpose.en ?? ''].some((text) => text.includes(DRAFT_MARKER))).length;
  return (
    `${inventory.sites.length} site(s), ${inventory.cookies.length} cookie(s)` +
    (unnamed > 0 ? `, ${unnamed} without a technical name (they match nothing)` : '') +
    (drafts > 0 ? `, ${drafts} still drafted ("${DRAFT_MARKER}": write the policy's words)` : '')
  );
}

/** The top-level `validate` command: `inventory check` under its first name. */
export function validateCommand(): Command {
  return checkCommand('validate');
}

export function schemaCommand(): Command {
  return new Command('schema')
    .summary('print the JSON Schema of inventory.yaml (for editors)')
    .description('Print the JSON Schema of the inventory file, generated from the validator itself.')
    .addHelpText('after', '\nExample:\n  $ cookie-audit schema > inventory.schema.json')
    .action(() => {
      process.stdout.write(`${JSON.stringify(inventoryJsonSchema(), null, 2)}\n`);
    });
}
