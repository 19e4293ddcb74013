import { InventoryError } from '../../src/errors.js';
import { parseInventory } from '../../src/inventory/load.js';

/** Parses inventory text that must be rejected; each problem as `line:column path: message`. */
export function parseProblems(text: string, file = 'inline.yaml'): string[] {
  try {
    parseInventory(text, file);
  } catch (error) {
    if (!(error instanceof InventoryError)) throw error;
    return error.problems.map(({ location, path, message }) => `${location.line}:${location.column} ${path}: ${message}`);
  }
  throw new Error('expected the inventory to be rejected');
}
