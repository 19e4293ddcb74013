/** The reporters by name: each a pure `(result, options) => string`; writing is the caller's job. */
import type { ReportLanguage } from '../model/inventory.js';
import type { AuditResult } from '../model/result.js';
import { renderGithubAnnotations } from './github.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTerminal } from './terminal.js';

export interface ReportOptions {
  /** ANSI colours; only the text reporter uses them, and only when this is true. */
  color: boolean;
  /** The language of the reports people read (html, md); the others stay English. */
  lang: ReportLanguage;
  /**
   * Whether cookie values (recorded only by scan --include-values) may be written: json, text, html
   * and junit show them only then; md, sarif and github never do.
   */
  includeValues: boolean;
}

export type Reporter = (result: AuditResult, options: ReportOptions) => string;

/** The formats by the names the command line uses (`--format`, `--report FORMAT=FILE`). */
const FORMATS = {
  text: renderTerminal,
  json: renderJson,
  md: renderMarkdown,
  html: renderHtml,
  sarif: renderSarif,
  junit: renderJunit,
  github: renderGithubAnnotations,
} satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof FORMATS;

export const reporters: Record<ReporterName, Reporter> = FORMATS;

export const REPORTER_NAMES = Object.keys(reporters) as ReporterName[];

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}

export { escapeTerminal } from './escape.js';
export { renderGithubAnnotations } from './github.js';
export { renderHtml } from './html.js';
export { renderJson } from './json.js';
export { renderJunit } from './junit.js';
export { renderMarkdown } from './markdown.js';
export { renderSarif } from './sarif.js';
export { renderTerminal } from './terminal.js';
