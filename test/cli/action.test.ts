import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/model/finding.js';
import { runCli } from '../helpers/run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEXT = readFileSync(join(ROOT, 'action.yml'), 'utf8');

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}
interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const document = parseDocument(TEXT, { uniqueKeys: true, prettyErrors: false });
const action = document.toJS() as Action;
const steps = action.runs.steps;
const scanStep = steps.find((step) => step.id === 'scan')!;

/** Every `${{ … }}` expression in a text. */
function expressions(text: string): string[] {
  return [...text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)].map(([, expression]) => expression);
}

describe('action.yml', () => {
  it('is one valid YAML document with the keys a composite action needs', () => {
    expect(document.errors).toEqual([]);
    expect(isMap(document.contents)).toBe(true);
    expect(typeof action.name).toBe('string');
    expect(action.description.length).toBeGreaterThan(10);
    expect(action.runs.using).toBe('composite');
    expect(steps.length).toBeGreaterThan(0);
    expect(Object.keys(action).sort()).toEqual(['author', 'branding', 'description', 'inputs', 'name', 'outputs', 'runs']);
  });

  it('declares every input it uses, uses every input it declares, and describes them all', () => {
    const used = new Set(
      expressions(TEXT)
        .map((expression) => /^inputs\.([A-Za-z0-9_-]+)$/.exec(expression)?.[1])
        .filter((name) => name !== undefined),
    );
    const declared = Object.keys(action.inputs);
    expect([...used].sort()).toEqual([...declared].sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      if (!input.required) expect(typeof input.default, `${name} needs a default`).toBe('string');
    }
    expect(SEVERITIES).toContain(action.inputs['fail-on'].default);
  });

  it('uses only inputs, steps and github contexts, and inputs never inside a script', () => {
    for (const expression of expressions(TEXT)) expect(expression).toMatch(/^(inputs|steps)\.[A-Za-z0-9_.-]+$/);
    for (const step of steps) {
      if (step.run === undefined) continue;
      expect(step.shell, step.name).toBe('bash');
      expect(expressions(step.run), `${step.name}: pass inputs through env, never \${{ }} in run`).toEqual([]);
    }
  });

  it('pins the actions it uses to a major version', () => {
    for (const step of steps.filter((step) => step.uses)) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
  });

  it("gives outputs from the scan step's outputs, which its script writes", () => {
    expect(Object.keys(action.outputs).sort()).toEqual(['exit-code', 'html', 'json', 'markdown', 'sarif', 'verdict']);
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.description, name).toBeTruthy();
      expect(output.value).toBe(`\${{ steps.scan.outputs.${name} }}`);
      expect(scanStep.run).toContain(`echo "${name}=`);
    }
    const ids = steps.map((step) => step.id).filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('runs scripts that bash can parse, and files that exist in the package', () => {
    for (const step of steps.filter((step) => step.run !== undefined)) {
      const check = spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' });
      expect(check.stderr, step.name).toBe('');
      expect(check.status, step.name).toBe(0);
    }
    expect(existsSync(join(ROOT, 'scripts/ensure-browser.sh'))).toBe(true);
    expect(existsSync(join(ROOT, 'bin/cookie-audit'))).toBe(true);
    expect(existsSync(join(ROOT, 'package-lock.json'))).toBe(true);
  });

  it('passes only options that cookie-audit scan knows (built CLI)', async () => {
    const help = await runCli(['scan', '--help']);
    expect(help.code).toBe(0);
    const options = new Set(scanStep.run!.match(/(?<=[\s(])--[a-z][a-z-]+/g));
    expect([...options].sort()).toEqual(['--baseline', '--fail-on', '--fail-on-new', '--inventory', '--json', '--lang', '--report']);
    for (const option of options) expect(help.stdout).toMatch(new RegExp(`${option}\\b`));
  }, 60_000);
});

describe("the scan step's script, run by bash with a stand-in for the CLI", () => {
  let dir: string;
  const STUB = `import { writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
writeFileSync(process.env.STUB_ARGS, JSON.stringify(args));
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--json') writeFileSync(args[i + 1], '{}');
  if (args[i] === '--report' && !args[i + 1].startsWith('html=')) writeFileSync(args[i + 1].slice(args[i + 1].indexOf('=') + 1), '');
}
process.exit(Number(process.env.STUB_EXIT));
`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cookie-audit-action-'));
    await mkdir(join(dir, 'action/bin'), { recursive: true });
    await mkdir(join(dir, 'work'), { recursive: true });
    await writeFile(join(dir, 'action/bin/cookie-audit'), STUB);
    await writeFile(join(dir, 'action/package.json'), '{"type":"module"}');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the script as the runner would: inputs in env (defaults for the rest), outputs read back. */
  async function runScanStep(inputs: Record<string, string>, exitCode: number) {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(scanStep.env ?? {})) {
      const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(value)![1];
      env[name] = inputs[input] ?? action.inputs[input].default ?? '';
    }
    const outputFile = join(dir, `output-${exitCode}`);
    await writeFile(outputFile, '');
    const argsFile = join(dir, 'args.json');
    await rm(argsFile, { force: true });
    // stdin not a socket: bash would take itself for a remote shell and read ~/.bashrc.
    const result = spawnSync('bash', ['-c', scanStep.run!], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: join(dir, 'work'),
      env: { PATH: process.env.PATH, ...env, GITHUB_ACTION_PATH: join(dir, 'action'), GITHUB_OUTPUT: outputFile, RUNNER_TEMP: dir, STUB_ARGS: argsFile, STUB_EXIT: String(exitCode) },
      encoding: 'utf8',
    });
    const outputs = Object.fromEntries(
      (await readFile(outputFile, 'utf8'))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const args = existsSync(argsFile) ? (JSON.parse(await readFile(argsFile, 'utf8')) as string[]) : null;
    return { status: result.status, stderr: result.stderr, stdout: result.stdout, outputs, args };
  }

  it('builds the scan command from the inputs, splitting URLs and args like a shell without expanding', async () => {
    const run = await runScanStep(
      {
        urls: 'https://www.esomus.com/\n  https://shop.esomus.com/fr/',
        args: `--max-pages 20 --header 'x-token: a b' --resolve "*.esomus.com=10.0.0.5:443" $(touch pwned) \`touch pwned2\``,
        baseline: 'main.json',
        'fail-on-new': 'true',
        lang: 'fr',
        'fail-on': 'warning',
      },
      1,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const reports = join(dir, 'work', 'cookie-audit-reports');
    expect(run.args).toEqual([
      'scan',
      'https://www.esomus.com/',
      'https://shop.esomus.com/fr/',
      '--inventory',
      'inventory.yaml',
      '--fail-on',
      'warning',
      '--json',
      `${reports}/cookie-audit.json`,
      '--report',
      `sarif=${reports}/cookie-audit.sarif`,
      '--report',
      `html=${reports}/cookie-audit.html`,
      '--report',
      `md=${reports}/cookie-audit.md`,
      '--lang',
      'fr',
      '--baseline',
      'main.json',
      '--fail-on-new',
      '--max-pages',
      '20',
      '--header',
      'x-token: a b',
      '--resolve',
      '*.esomus.com=10.0.0.5:443',
      '$(touch',
      'pwned)',
      '`touch',
      'pwned2`',
    ]);
    expect(existsSync(join(dir, 'work', 'pwned'))).toBe(false);
    expect(existsSync(join(dir, 'work', 'pwned2'))).toBe(false);
    // The stand-in wrote every report but the HTML one: its output is empty.
    expect(run.outputs).toEqual({
      verdict: 'fail',
      'exit-code': '1',
      json: `${reports}/cookie-audit.json`,
      sarif: `${reports}/cookie-audit.sarif`,
      html: '',
      markdown: `${reports}/cookie-audit.md`,
    });
  });

  it('with the defaults, passes no URL, no baseline and no extra argument; exit 0 is a pass', async () => {
    const run = await runScanStep({}, 0);
    expect(run.status).toBe(0);
    expect(run.args!.slice(0, 5)).toEqual(['scan', '--inventory', 'inventory.yaml', '--fail-on', 'error']);
    expect(run.args).not.toContain('--baseline');
    expect(run.args).not.toContain('--fail-on-new');
    expect(run.args).not.toContain('--lang');
    expect(run.args).toHaveLength(13);
    expect(run.outputs.verdict).toBe('pass');
  });

  it('says "error" for a usage error or an incomplete scan, and refuses a bad fail-on-new or an unmatched quote', async () => {
    expect((await runScanStep({}, 3)).outputs).toMatchObject({ verdict: 'error', 'exit-code': '3' });
    const badFlag = await runScanStep({ 'fail-on-new': 'yes' }, 0);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stdout).toContain('::error title=cookie-audit::fail-on-new must be true or false');
    expect(badFlag.args).toBeNull();
    const badQuote = await runScanStep({ args: "--header 'x-token: abc" }, 0);
    expect(badQuote.status).toBe(2);
    expect(badQuote.stdout).toContain('::error title=cookie-audit::cannot read the args input');
    expect(badQuote.args).toBeNull();
  });
});
