import { InvalidArgumentError, Option } from 'commander';
import { SEVERITIES, type Severity } from '../model/finding.js';

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got ${JSON.stringify(value)}.`);
  return number;
}

export function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, got ${JSON.stringify(value)}.`);
  return number;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Options every reporting command shares: fail level, JSON file, colour. */
export function reportOptions(): Option[] {
  return [
    new Option('--fail-on <level>', 'lowest severity that fails the run (exit 1), e.g. --fail-on warning')
      .choices(SEVERITIES)
      .default('error'),
    new Option('--json <file>', 'also write the JSON report (schemaVersion 1) to this file, e.g. --json report.json'),
    new Option('--color', 'force colour in the terminal report (default: only on a terminal)'),
    new Option('--no-color', 'no colour, even on a terminal (NO_COLOR=1 does the same)'),
    new Option('-q, --quiet', 'no progress on stderr'),
    new Option('--verbose', 'show stack traces of unexpected errors'),
  ];
}

export interface ReportFlags {
  failOn: Severity;
  json?: string;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}
