import { InvalidArgumentError, Option } from 'commander';
import { durationSecondsFrom, parseDuration } from '../model/duration.js';
import { SEVERITIES, type Severity } from '../model/finding.js';
import { REPORT_LANGUAGES, type ReportLanguage } from '../model/inventory.js';
import { isReporterName, REPORTER_NAMES, type ReporterName } from '../report/index.js';

/** A report written to a file: `--report html=audit.html`. */
export interface ReportFile {
  format: ReporterName;
  file: string;
}

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

/** `--time-budget 10min`: any inventory duration ("90s", "10 minutes", "PT1H"), in milliseconds. */
export function durationMs(value: string): number {
  const duration = parseDuration(value);
  if (!duration) throw new InvalidArgumentError(`expected a duration such as "90s", "10 min" or "1 hour", got ${JSON.stringify(value)}.`);
  const now = Date.now();
  return durationSecondsFrom(now, duration) * 1000;
}

/** `--header 'Name: value'`, collected into a record. */
export function header(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const colon = value.indexOf(':');
  if (colon < 1) throw new InvalidArgumentError(`expected "Name: value", got ${JSON.stringify(value)}.`);
  return { ...previous, [value.slice(0, colon).trim()]: value.slice(colon + 1).trim() };
}

/** A BCP 47 language tag such as fr-FR, canonicalised. */
export function localeTag(value: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (canonical) return canonical;
  } catch {
    // Reported below.
  }
  throw new InvalidArgumentError(`expected a language tag such as fr-FR or en-US, got ${JSON.stringify(value)}.`);
}

/** An IANA time zone such as Europe/Paris. */
export function timeZone(value: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new InvalidArgumentError(`expected an IANA time zone such as Europe/Paris or UTC, got ${JSON.stringify(value)}.`);
  }
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--report html=audit.html`, collected; the format is checked here so a typo fails before any scan. */
export function reportFile(value: string, previous: ReportFile[] = []): ReportFile[] {
  const equals = value.indexOf('=');
  const format = value.slice(0, Math.max(0, equals));
  const file = value.slice(equals + 1);
  if (equals < 1 || file === '') throw new InvalidArgumentError(`expected FORMAT=FILE such as html=audit.html, got ${JSON.stringify(value)}.`);
  if (!isReporterName(format)) throw new InvalidArgumentError(`unknown format ${JSON.stringify(format)}; formats: ${REPORTER_NAMES.join(', ')}.`);
  return [...previous, { format, file }];
}

/** Options every reporting command shares: fail level, formats and files, language, colour. */
export function reportOptions(): Option[] {
  return [
    new Option('--fail-on <level>', 'lowest severity that fails the run (exit 1), e.g. --fail-on warning')
      .choices(SEVERITIES)
      .default('error'),
    new Option('--format <format>', 'the report printed on stdout, e.g. --format md').choices(REPORTER_NAMES).default('text'),
    new Option('--report <format=file>', `also write a report to a file (repeatable; formats: ${REPORTER_NAMES.join(', ')}), e.g. --report html=audit.html`).argParser(reportFile),
    new Option('--lang <lang>', 'language of the html and md reports (default: the inventory\'s policy.language, else en)').choices(REPORT_LANGUAGES),
    new Option('--include-values', 'write cookie values in the json, text, html and junit reports (never in md, sarif or GitHub annotations); scan records them only with it'),
    new Option('--json <file>', 'also write the JSON report (schemaVersion 1) to this file; same as --report json=FILE'),
    new Option('--color', 'force colour in the terminal report (default: only on a terminal)'),
    new Option('--no-color', 'no colour, even on a terminal (NO_COLOR=1 does the same)'),
    new Option('-q, --quiet', 'no progress on stderr'),
    new Option('--verbose', 'show stack traces of unexpected errors'),
  ];
}

export interface ReportFlags {
  failOn: Severity;
  format: ReporterName;
  report?: ReportFile[];
  lang?: ReportLanguage;
  includeValues?: boolean;
  json?: string;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}
