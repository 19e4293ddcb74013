/**
 * Reads the inventory YAML and validates it, pointing every problem at file:line:column and a key
 * path, all problems at once.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Pair } from 'yaml';
import { InventoryError, type InventoryProblem } from '../errors.js';
import { dirname, resolve } from 'node:path';
import type { Inventory, JourneyStep, Scenario, SiteConfig, SourceLocation } from '../model/inventory.js';
import { validateInventory, type InventoryData, type SchemaIssue } from './schema.js';

type DataPath = (string | number)[];
type Locate = (offset: number) => SourceLocation;

const MULTIPLE_DOCUMENTS = 'the inventory must be a single YAML document: remove this "---" and what follows, or merge it';
const NEEDED_KEYS = 'version: 1, policy, sites and cookies';
const SEE_README = 'see "The inventory" in the README';
/** Past this many problems the rest are counted, not listed: the first ones are what to fix first. */
const MAX_PROBLEMS = 100;

/** Reads and validates an inventory file. Every failure is an InventoryError. */
export async function loadInventory(file: string): Promise<Inventory> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw fileProblem(file, unreadableMessage(file, error));
  }
  const encodingProblem = encodingMessage(bytes);
  if (encodingProblem) throw fileProblem(file, encodingProblem.message, encodingProblem.line);
  return parseInventory(bytes.toString('utf8'), file);
}

/** Parses and validates inventory YAML; `file` is only used in locations and messages. */
export function parseInventory(text: string, file: string): Inventory {
  const lineCounter = new LineCounter();
  const locate: Locate = (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (control) throw new InventoryError(file, [{ location: locate(control.index), path: '', message: controlMessage(control[0]) }]);
  const shapeProblem = documentShapeProblem(doc, text, locate);
  if (shapeProblem) throw new InventoryError(file, [shapeProblem]);
  const problems = yamlProblems(doc, locate);
  // After a syntax error the structure is guesswork; duplicate keys leave it intact, so carry on.
  const syntaxBroken = doc.errors.some((error) => error.code !== 'DUPLICATE_KEY');
  const result = syntaxBroken ? undefined : validateInventory(doc.toJS());
  if (result && !result.success) problems.push(...result.issues.map((issue) => schemaProblem(doc, issue, locate)));
  if (problems.length > 0 || !result?.success) throw new InventoryError(file, firstProblems(sortByPosition(problems)));
  return withLocations(result.data, file, doc, locate);
}

function fileProblem(file: string, message: string, line = 1): InventoryError {
  return new InventoryError(file, [{ location: { file, line, column: 1 }, path: '', message }]);
}

function unreadableMessage(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `no inventory file "${file}": create one (see README) or pass --inventory FILE`;
  if (code === 'EISDIR') return `"${file}" is a directory: pass --inventory FILE with the path of a YAML file`;
  if (code === 'ENOTDIR') return `no inventory file "${file}": a part of this path is a file, not a directory; check the path given to --inventory`;
  if (code === 'EACCES' || code === 'EPERM') {
    return `cannot read "${file}": permission denied; make it readable (e.g. chmod a+r "${file}") or run as a user who may read it`;
  }
  return `cannot read "${file}": ${(error as Error).message}`;
}

/** A file that is not UTF-8 text: a byte-order mark of UTF-16, binary data, or another encoding. */
function encodingMessage(bytes: Buffer): { message: string; line: number } | undefined {
  if (looksUtf16(bytes)) return { message: 'the file is saved as UTF-16: save it as UTF-8 (YAML files are UTF-8)', line: 1 };
  if (bytes.includes(0)) return { message: binaryMessage(), line: lineOfOffset(bytes, bytes.indexOf(0)) };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    const line = lineOfOffset(bytes, firstInvalidUtf8(bytes));
    return { message: `the file is not valid UTF-8 (line ${line}): save it as UTF-8; it may have been saved as Latin-1 or Windows-1252`, line };
  }
}

/** A UTF-16 byte-order mark, or (without one) text whose every other byte is zero, as ASCII is in UTF-16. */
function looksUtf16(bytes: Buffer): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const sample = bytes.subarray(0, 512);
  if (sample.length < 8) return false;
  let zeroEven = 0;
  let zeroOdd = 0;
  sample.forEach((byte, index) => {
    if (byte === 0) index % 2 === 0 ? zeroEven++ : zeroOdd++;
  });
  const half = sample.length / 2;
  return (zeroOdd > 0.9 * half && zeroEven === 0) || (zeroEven > 0.9 * half && zeroOdd === 0);
}

function binaryMessage(): string {
  return 'this is not a text file (it holds binary data): is it the right file? An inventory is a YAML text file';
}

function controlMessage(char: string): string {
  if (char === '\u0000') return binaryMessage();
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `invisible control character ${code}: remove it (YAML allows only tabs, line feeds and carriage returns)`;
}

function lineOfOffset(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
  return line;
}

/** The offset of the first byte that does not decode (the file is known not to be valid UTF-8). */
function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix, by bisection: a prefix cut inside a character counts as invalid too,
  // so the answer may be up to three bytes early, which is the same line.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      decoder.decode(bytes.subarray(0, middle));
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

/**
 * A document that is not an inventory at all: empty, only comments, a list or plain text at the top,
 * or broken YAML with no "version:" anywhere (a Markdown or other file given by mistake). One
 * problem then says so, instead of a list of symptoms.
 */
function documentShapeProblem(doc: Document, text: string, locate: Locate): InventoryProblem | undefined {
  const contents = doc.contents;
  const at = (offset: number) => ({ location: locate(offset), path: '' });
  const syntaxErrors = doc.errors.filter((error) => error.code !== 'DUPLICATE_KEY');
  if (syntaxErrors.length > 0) {
    if (/^\s*["']?version["']?\s*:/m.test(text)) return undefined;
    const first = syntaxErrors[0];
    const { line } = locate(first.pos[0]);
    return {
      ...at(first.pos[0]),
      message: `this does not look like an inventory (it is not valid YAML: ${yamlMessage(first.code, first.message)}, line ${line}; and it has no "version:" key): is it the right file? An inventory is a YAML map with ${NEEDED_KEYS} (${SEE_README})`,
    };
  }
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    const onlyComments = /\S/.test(text);
    return {
      ...at(0),
      message: `the inventory is empty${onlyComments ? ' (it has only comments)' : ''}: write at least ${NEEDED_KEYS} (${SEE_README})`,
    };
  }
  if (isMap(contents)) return undefined;
  const holds = isSeq(contents) ? 'a list' : 'plain text';
  return {
    ...at(contents.range?.[0] ?? 0),
    message: `the inventory must be a map of keys (${NEEDED_KEYS}), but this file holds ${holds}: is it the right file? (${SEE_README})`,
  };
}

function yamlMessage(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return 'tabs are not allowed for indentation in YAML: indent with spaces (two per level)';
  return message;
}

function yamlProblems(doc: Document, locate: Locate): InventoryProblem[] {
  return doc.errors.map((error) => {
    const location = locate(error.pos[0]);
    if (error.code === 'MULTIPLE_DOCS') return { location, path: '', message: MULTIPLE_DOCUMENTS };
    if (error.code === 'TAB_AS_INDENT') return { location, path: '', message: yamlMessage(error.code, error.message) };
    if (error.code !== 'DUPLICATE_KEY') return { location, path: '', message: `invalid YAML: ${error.message}` };
    const found = keyAt(doc, error.pos[0]);
    const path = found?.path ?? [];
    const key = String(path.at(-1));
    const first = found?.firstOffset === undefined ? '' : ` (first written at line ${locate(found.firstOffset).line})`;
    return { location, path: formatPath(path), message: `duplicate key "${key}"${first}: each key may appear only once in a map; keep one` };
  });
}

/** The data path of the map key that starts at a source offset, and where the same key first appears in that map. */
function keyAt(doc: Document, offset: number): { path: DataPath; firstOffset?: number } | undefined {
  let found: { path: DataPath; firstOffset?: number } | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isNode(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const parent = ancestors.at(-1);
      const text = keyText(pair);
      const first = isMap(parent) ? parent.items.find((item) => item !== pair && keyText(item) === text) : undefined;
      found = { path: pathOfChain([...ancestors, pair]), firstOffset: isNode(first?.key) ? first.key.range?.[0] : undefined };
      return visit.BREAK;
    },
  });
  return found;
}

function pathOfChain(chain: readonly unknown[]): DataPath {
  const path: DataPath = [];
  chain.forEach((node, index) => {
    if (isPair(node)) path.push(keyText(node));
    else if (isSeq(node) && index + 1 < chain.length) path.push(node.items.indexOf(chain[index + 1] as never));
  });
  return path;
}

function schemaProblem(doc: Document, issue: SchemaIssue, locate: Locate): InventoryProblem {
  const location = locate(sourceOffset(doc, issue));
  const message = issue.related ? issue.related.message(` at line ${locate(nearestOffset(doc, issue.related.path)).line}`) : issue.message;
  return { location, path: formatPath(issue.path), message };
}

/** Where a schema problem is in the source: see SchemaIssue.at. */
function sourceOffset(doc: Document, issue: SchemaIssue): number {
  const { path } = issue;
  if (issue.at === 'parent') return nearestOffset(doc, path.slice(0, -1));
  const pair = pairAt(doc, path);
  if (issue.at === 'key' && isNode(pair?.key)) return pair.key.range?.[0] ?? 0;
  const node = doc.getIn(path, true);
  const empty = isScalar(node) && node.range != null && node.range[0] === node.range[1];
  // An empty value (`label:`) has no text of its own: point at its key instead.
  if (empty && isNode(pair?.key)) return pair.key.range?.[0] ?? 0;
  return nearestOffset(doc, path);
}

function nearestOffset(doc: Document, path: DataPath): number {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function pairAt(doc: Document, path: DataPath): Pair | undefined {
  const key = path.at(-1);
  if (typeof key !== 'string') return undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  return parent.items.find((item) => keyText(item) === key);
}

function keyText(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

/** `cookies[2].maxLifetime` */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, step) => {
    if (typeof step === 'number') return `${text}[${step}]`;
    return text === '' ? step : `${text}.${step}`;
  }, '');
}

function sortByPosition(problems: InventoryProblem[]): InventoryProblem[] {
  return [...problems].sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
}

function firstProblems(problems: InventoryProblem[]): InventoryProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const rest = problems.length - MAX_PROBLEMS;
  const more = { location: problems[MAX_PROBLEMS].location, path: '', message: `… and ${rest} more problem${rest === 1 ? '' : 's'} after this line (fix the ones above first)` };
  return [...problems.slice(0, MAX_PROBLEMS), more];
}

function withLocations(data: InventoryData, file: string, doc: Document, locate: Locate): Inventory {
  const itemLocation = (path: DataPath) => locate(nearestOffset(doc, path));
  return {
    file,
    ...data,
    sites: data.sites.map((site, index) => siteWithLocations(site, ['sites', index], file, itemLocation)),
    cookies: data.cookies.map((cookie, index) => ({ ...cookie, location: itemLocation(['cookies', index]) })),
    storage: data.storage.map((entry, index) => ({ ...entry, location: itemLocation(['storage', index]) })),
    waivers: data.waivers.map((waiver, index) => ({ ...waiver, location: itemLocation(['waivers', index]) })),
  };
}

type SiteData = InventoryData['sites'][number];
type StepData = NonNullable<SiteData['scenarios']>[number]['steps'][number];

/** Scenarios and steps keep where they are written (errors point there); storageState paths resolve from the file. */
function siteWithLocations(site: SiteData, path: DataPath, file: string, locate: (path: DataPath) => SourceLocation): SiteConfig {
  const { scenarios, ...rest } = site;
  const withScenarios = scenarios?.map((scenario, index): Scenario => {
    const scenarioPath = [...path, 'scenarios', index];
    const { storageState, steps, ...fields } = scenario;
    return {
      ...fields,
      ...(storageState ? { storageState: resolve(dirname(file), storageState) } : {}),
      steps: steps.map((step, stepIndex) => journeyStep(step, locate([...scenarioPath, 'steps', stepIndex]))),
      location: locate(scenarioPath),
    };
  });
  return { ...rest, ...(withScenarios ? { scenarios: withScenarios } : {}), location: locate(path) };
}

/** The validated step (exactly one action) as the model's union. */
function journeyStep(step: StepData, location: SourceLocation): JourneyStep {
  if (step.goto !== undefined) return { goto: step.goto, location };
  if (step.click !== undefined) return { click: step.click, location };
  if (step.fill !== undefined) return { fill: step.fill, ...(step.env !== undefined ? { env: step.env } : { value: step.value }), location };
  if (step.press !== undefined) return { press: step.press, ...(step.selector !== undefined ? { selector: step.selector } : {}), location };
  if (step.wait !== undefined) return { wait: step.wait, location };
  if (step.consent !== undefined) return { consent: step.consent, location };
  throw new Error('a validated step has exactly one action');
}
