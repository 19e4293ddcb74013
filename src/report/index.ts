/** The reporters by name: each a pure `(result, options) => string`; writing is the caller's job. */
import type { ReportLanguage } from '../model/inventory.js';
import type { AuditResult } from '../model/result.js';
import { renderJson } from './json.js';
import { renderTerminal } from './terminal.js';

export interface ReportOptions {
  /** ANSI colours; only the terminal reporter uses them, and only when this is true. */
  color: boolean;
  /** The language of the human-readable formats (html, md, text); the machine formats stay English. */
  lang: ReportLanguage;
}

export type Reporter = (result: AuditResult, options: ReportOptions) => string;

export type ReporterName = 'terminal' | 'json';

export const reporters: Record<ReporterName, Reporter> = {
  terminal: renderTerminal,
  json: renderJson,
};

export const REPORTER_NAMES = Object.keys(reporters) as ReporterName[];

export { escapeTerminal } from './escape.js';
export { renderJson } from './json.js';
export { renderTerminal } from './terminal.js';
