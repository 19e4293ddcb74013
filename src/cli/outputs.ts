/**
 * Where reports go: stdout (--format), files (--report FORMAT=FILE, --json FILE) and, inside GitHub
 * Actions, the job summary. Each file is written on its own (temp file + rename), so one failing
 * write neither loses the others nor leaves a half-written report behind.
 */
import { constants } from 'node:fs';
import { access, appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import type { AuditResult } from '../model/result.js';
import { reporters, type ReportOptions } from '../report/index.js';
import { shouldUseColor } from './color.js';
import type { ReportFile, ReportFlags } from './options.js';

/** Every file a run will write: --report entries and --json. */
export function reportFiles(flags: ReportFlags): ReportFile[] {
  return [...(flags.report ?? []), ...(flags.json ? [{ format: 'json' as const, file: flags.json }] : [])];
}

/** Checked before scanning: a typo in an output path must not cost a whole scan. */
export async function ensureWritable(files: readonly ReportFile[]): Promise<void> {
  for (const { format, file } of files) {
    try {
      await mkdir(dirname(file), { recursive: true });
      await access(dirname(file), constants.W_OK);
    } catch (error) {
      throw new UsageError(`${format} report ${file}: cannot write there (${(error as NodeJS.ErrnoException).code ?? String(error)}); give a writable path`);
    }
  }
}

/** The language asked for, else the one the policy is published in, else English. */
export function reportLanguage(result: AuditResult, flags: Pick<ReportFlags, 'lang'>): ReportOptions['lang'] {
  return flags.lang ?? result.inventory?.policy.language ?? 'en';
}

/**
 * Writes the requested files, prints the --format report on stdout (or into `output`), and in GitHub
 * Actions also annotates and summarises (`github`: the judging commands, not `report`, which only renders). Returns the files that could not be written (already told on stderr).
 */
export async function writeReports(result: AuditResult, flags: ReportFlags, output?: string, github = true): Promise<string[]> {
  const lang = reportLanguage(result, flags);
  const includeValues = Boolean(flags.includeValues);
  const failed: string[] = [];
  for (const { format, file } of reportFiles(flags)) {
    const written = await writeReport(file, () => reporters[format](result, { color: false, lang, includeValues }));
    if (!written) failed.push(file);
  }
  if (output) {
    if (!(await writeReport(output, () => reporters[flags.format](result, { color: false, lang, includeValues })))) failed.push(output);
  } else {
    const color = flags.format === 'text' && shouldUseColor(flags.color, Boolean(process.stdout.isTTY), process.env);
    process.stdout.write(reporters[flags.format](result, { color, lang, includeValues }));
  }
  if (github) await reportToGithubActions(result, flags, lang, process.env);
  return failed;
}

async function writeReport(file: string, render: () => string): Promise<boolean> {
  try {
    await writeAtomically(file, render());
    return true;
  } catch (error) {
    process.stderr.write(`Could not write ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  }
}

/** A reader never sees half a report: write beside it, then rename over it. */
export async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * In GitHub Actions: annotations on the inventory lines (only when stdout is the text report, so a
 * machine format on stdout stays clean) and the Markdown report appended to the job summary.
 */
async function reportToGithubActions(result: AuditResult, flags: ReportFlags, lang: ReportOptions['lang'], env: NodeJS.ProcessEnv): Promise<void> {
  const includeValues = false; // never in annotations nor in the job summary
  if (env.GITHUB_ACTIONS !== 'true') return;
  // The runner reads annotations from stdout; with --format github they are there already.
  if (flags.format === 'text') process.stdout.write(reporters.github(result, { color: false, lang, includeValues }));
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (!summaryFile) return;
  try {
    await appendFile(summaryFile, `${reporters.md(result, { color: false, lang, includeValues })}\n`);
  } catch (error) {
    process.stderr.write(`Could not write the job summary ${summaryFile}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
