import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { DRAFT_MARKER } from '../inventory/draft.js';
import { loadInventory } from '../inventory/load.js';
import { REPORT_LANGUAGES, type Inventory, type ReportLanguage } from '../model/inventory.js';
import { POLICY_TABLE_FORMATS, renderPolicyTable, type PolicyTableFormat } from '../report/policy-table.js';
import { writeAtomically } from './outputs.js';

interface PolicyFlags {
  inventory: string;
  lang?: ReportLanguage;
  format: PolicyTableFormat;
  output?: string;
}

export function policyCommand(): Command {
  return new Command('policy')
    .summary("render the policy's cookie table from the inventory (Markdown or HTML)")
    .description(
      "Render the cookie table of the published policy from inventory.yaml, with the published table's columns " +
        'and order: the kind of cookie (party and type), its name in the policy (label), its purpose (purpose.fr ' +
        "verbatim in French; purpose.en in English, the French text when there is none) and the longest lifetime " +
        "allowed (the entry's maxLifetime, else the policy maximum). Publish this table and the policy cannot " +
        'drift from what the audit checks.',
    )
    .option('-i, --inventory <file>', 'the inventory to render, e.g. --inventory policies/inventory.yaml', 'inventory.yaml')
    .addOption(new Option('--lang <lang>', "language of the table (default: the inventory's policy.language, else en)").choices(REPORT_LANGUAGES))
    .addOption(new Option('--format <format>', 'md: a Markdown table; html: a page holding a <table> to paste').choices(POLICY_TABLE_FORMATS).default('md'))
    .option('-o, --output <file>', 'write to this file instead of stdout, e.g. -o cookie-table.html')
    .addHelpText(
      'after',
      `
Examples:
  $ cookie-audit policy                                   # Markdown, in the policy's language
  $ cookie-audit policy --format html -o politique-cookies.html
  $ cookie-audit policy --lang en --inventory policies/inventory.yaml
  $ cookie-audit policy --format html -o docs/cookies.html && git diff --exit-code docs/cookies.html
                                                          # in CI: fail when the published table is stale

Exit codes: 0 rendered, 2 the inventory is invalid or the file cannot be written.
Entries whose label or purpose still holds "${DRAFT_MARKER}" (drafted by cookie-audit inventory init)
are rendered as they are, with a warning on stderr.`,
    )
    .action(async (flags: PolicyFlags) => {
      const inventory = await loadInventory(flags.inventory);
      const lang = flags.lang ?? inventory.policy.language ?? 'en';
      const text = renderPolicyTable(inventory, { lang, format: flags.format });
      warnAboutDrafts(inventory);
      if (!flags.output) {
        process.stdout.write(text);
        return;
      }
      try {
        await writeAtomically(flags.output, text);
      } catch (error) {
        throw new UsageError(`-o ${flags.output}: cannot write there (${(error as NodeJS.ErrnoException).code ?? String(error)}); give a writable path`);
      }
    });
}

/** Drafts are meant to be rewritten in the policy's words before the table is published. */
function warnAboutDrafts(inventory: Inventory): void {
  const drafts = inventory.cookies.filter((entry) =>
    [entry.label, entry.purpose.fr, entry.purpose.en ?? ''].some((text) => text.includes(DRAFT_MARKER)),
  );
  if (drafts.length === 0) return;
  const ids = drafts.map((entry) => entry.id).join(', ');
  process.stderr.write(
    `Warning: ${drafts.length} entr${drafts.length === 1 ? 'y still holds' : 'ies still hold'} a draft marked "${DRAFT_MARKER}" (${ids}): ` +
      'write the policy\'s own words in the inventory before publishing this table.\n',
  );
}
