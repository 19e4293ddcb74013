import { Command } from 'commander';
import { inventoryJsonSchema } from '../inventory/schema.js';
import { loadInventory } from '../inventory/load.js';
import { isNamed } from '../inventory/match.js';

export function validateCommand(): Command {
  return new Command('validate')
    .summary('check an inventory file without scanning')
    .description('Read and validate the inventory; every problem is reported with file:line:column and key path.')
    .option('-i, --inventory <file>', 'the file to check, e.g. --inventory policies/inventory.yaml', 'inventory.yaml')
    .addHelpText('after', '\nExample:\n  $ cookie-audit validate --inventory inventory.yaml   # exit 0 valid, 2 invalid')
    .action(async (flags: { inventory: string }) => {
      const inventory = await loadInventory(flags.inventory);
      const unnamed = inventory.cookies.filter((entry) => !isNamed(entry)).length;
      process.stdout.write(
        `${flags.inventory}: valid — ${inventory.sites.length} site(s), ${inventory.cookies.length} cookie(s)` +
          (unnamed > 0 ? `, ${unnamed} without a technical name (they match nothing)` : '') +
          '\n',
      );
    });
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
