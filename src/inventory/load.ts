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

/** Reads and validates an inventory file. Every failure is an InventoryError. */
export async function loadInventory(file: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const problem = { location: { file, line: 1, column: 1 }, path: '', message: unreadableMessage(file, error) };
    throw new InventoryError(file, [problem]);
  }
  return parseInventory(text, file);
}

/** Parses and validates inventory YAML; `file` is only used in locations and messages. */
export function parseInventory(text: string, file: string): Inventory {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate: Locate = (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const problems = yamlProblems(doc, locate);
  // After a syntax error the structure is guesswork; duplicate keys leave it intact, so carry on.
  const syntaxBroken = doc.errors.some((error) => error.code !== 'DUPLICATE_KEY');
  const result = syntaxBroken ? undefined : validateInventory(doc.toJS());
  if (result && !result.success) problems.push(...result.issues.map((issue) => schemaProblem(doc, issue, locate)));
  if (problems.length > 0 || !result?.success) throw new InventoryError(file, sortByPosition(problems));
  return withLocations(result.data, file, doc, locate);
}

function unreadableMessage(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `no inventory file "${file}": create one (see README) or pass --inventory FILE`;
  if (code === 'EISDIR') return `"${file}" is a directory: pass --inventory FILE with the path of a YAML file`;
  if (code === 'EACCES') return `cannot read "${file}": permission denied`;
  return `cannot read "${file}": ${(error as Error).message}`;
}

function yamlProblems(doc: Document, locate: Locate): InventoryProblem[] {
  return doc.errors.map((error) => {
    const location = locate(error.pos[0]);
    if (error.code === 'MULTIPLE_DOCS') return { location, path: '', message: MULTIPLE_DOCUMENTS };
    if (error.code !== 'DUPLICATE_KEY') return { location, path: '', message: `invalid YAML: ${error.message}` };
    const path = pathOfKeyAt(doc, error.pos[0]) ?? [];
    const key = path.at(-1);
    return { location, path: formatPath(path), message: `duplicate key "${String(key)}": each key may appear only once in a map` };
  });
}

/** The data path of the map key that starts at a source offset. */
function pathOfKeyAt(doc: Document, offset: number): DataPath | undefined {
  let found: DataPath | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isNode(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      found = pathOfChain([...ancestors, pair]);
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
  return { location: locate(sourceOffset(doc, issue)), path: formatPath(issue.path), message: issue.message };
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
