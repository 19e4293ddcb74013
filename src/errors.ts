import type { SourceLocation } from './model/inventory.js';

/** Exit codes: one definition, used by the CLI and documented in the README. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  scanIncomplete: 3,
} as const;

/** A mistake in how the tool was called; nothing was scanned. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface InventoryProblem {
  location: SourceLocation;
  /** The key path, e.g. `cookies[2].maxLifetime`. */
  path: string;
  message: string;
}

/** The inventory file cannot be read or is invalid. Lists every problem with its place in the file. */
export class InventoryError extends Error {
  override name = 'InventoryError';
  constructor(
    readonly file: string,
    readonly problems: InventoryProblem[],
  ) {
    super(
      problems
        .map((problem) => {
          const where = `${problem.location.file}:${problem.location.line}:${problem.location.column}`;
          return problem.path ? `${where} ${problem.path}: ${problem.message}` : `${where} ${problem.message}`;
        })
        .join('\n'),
    );
  }
}

/** The browser could not be found or started, or a scan could not run at all. */
export class ScanError extends Error {
  override name = 'ScanError';
}
