import { describe, expect, test } from 'vitest';
import { compareWithBaseline } from '../../src/diff/index.js';
import type { AuditResult } from '../../src/model/result.js';
import { renderGithubAnnotations } from '../../src/report/github.js';
import { DAY, entry, observation, run, sessionObservation, waiver } from '../audit/builders.js';
import { sampleResult } from './fixtures.js';

interface Command {
  command: string;
  properties: Record<string, string>;
  message: string;
}

const unescape = (text: string) => text.replace(/%(25|0D|0A|3A|2C)/g, (_match, code: string) => String.fromCharCode(Number.parseInt(code, 16)));

/** Reads a workflow command as the runner does: `::name k=v,k=v::message`, then undoes the escaping. */
function parse(line: string): Command {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const pairs = (match[2] ?? '').split(',').filter((pair) => pair !== '');
  const properties = Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]).map(([key, value]) => [key, unescape(value)]));
  return { command: match[1], properties, message: unescape(match[3]) };
}

function annotations(result: AuditResult): Command[] {
  const text = renderGithubAnnotations(result);
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').filter((line) => line !== '').map(parse);
}

const TEN_YEARS = 3650 * DAY;
const tenYears = () => observation({ requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: 400 * DAY });

describe('renderGithubAnnotations', () => {
  test('one line per finding: errors, warnings, and notices for info', () => {
    const result = sampleResult();
    const commands = annotations(result);
    expect(renderGithubAnnotations(result).split('\n')).toHaveLength(result.findings.length + 1);
    expect(commands.map((one) => one.command)).toEqual(result.findings.map((finding) => ({ error: 'error', warning: 'warning', info: 'notice' })[finding.severity]));
  });

  test('a finding about an entry points at it; an undeclared cookie at the inventory file, line 1', () => {
    const result = run([tenYears(), sessionObservation({ name: '_ma_id' })], [entry({ id: 'uid', name: 'UID' }, 33)]);
    expect(renderGithubAnnotations(result)).toBe(
      '::error file=inventory.yaml,line=1,col=1,title=cookie-audit undeclared::Site esomus, scenario anonymous, cookie "_ma_id" (.esomus.test): ' +
        '"_ma_id" is not declared in the inventory; a first-party cookie set by the HTTP response of https://www.esomus.test/\n' +
        '::error file=inventory.yaml,line=33,col=5,title=cookie-audit over-long::Site esomus, scenario anonymous, cookie "UID" (.esomus.test): ' +
        'requested 10 years (Chromium keeps 400 days); the policy allows at most 5 years\n',
    );
  });

  test('a waived finding is a notice that says until when, who owns it and why', () => {
    const result = run([tenYears()], [entry({ id: 'uid', name: 'UID' })], { inventory: { waivers: [waiver()] } });
    const [overLong] = annotations(result);
    expect(overLong.command).toBe('notice');
    expect(overLong.properties.title).toBe('cookie-audit over-long (waived)');
    expect(overLong.message).toMatch(/\(waived until 2025-06-30, owner dpo@esomus\.test: vendor fix planned for v3\)$/);
  });

  test('a finding new since the baseline says so in its title', () => {
    const base = run([], [entry({ id: 'uid', name: 'UID' })]);
    const head = run([tenYears()], [entry({ id: 'uid', name: 'UID' })]);
    const titles = annotations(compareWithBaseline(base, head, { file: 'main.json', failOnNew: true })).map((one) => one.properties.title);
    expect(titles).toEqual(['cookie-audit over-long (new)']);
  });

  test('without an inventory file, findings without a location carry only a title', () => {
    const result = run([sessionObservation({ name: 'X' })], []);
    expect(renderGithubAnnotations({ ...result, inventory: null })).toMatch(/^::error title=cookie-audit undeclared::Site esomus/);
  });

  test('nothing at all when there is no finding', () => {
    expect(renderGithubAnnotations(run([], []))).toBe('');
  });
});

describe('workflow-command escaping', () => {
  const HOSTILE = 'a\nb\r::warning::c%0A,d=e';

  test('a hostile cookie name stays inside its one line, its newlines visible, % escaped', () => {
    const text = renderGithubAnnotations(run([sessionObservation({ name: HOSTILE })], []));
    expect(text.split('\n')).toEqual([expect.stringMatching(/^::error /), '']);
    expect(text).toContain('cookie "a\\nb\\r::warning::c%250A,d=e" (.esomus.test)');
    const [command] = annotations(run([sessionObservation({ name: HOSTILE })], []));
    expect(command.message).toContain('cookie "a\\nb\\r::warning::c%0A,d=e"');
  });

  test('property values escape %, CR, LF, colons and commas', () => {
    const file = 'policies/a,b:c%d.yaml';
    const result = run([tenYears()], [entry({ id: 'uid', name: 'UID', location: { file, line: 7, column: 3 } })], {
      inventory: { file },
    });
    const text = renderGithubAnnotations(result);
    expect(text).toContain('::error file=policies/a%2Cb%3Ac%25d.yaml,line=7,col=3,title=cookie-audit over-long::');
    expect(annotations(result)[0].properties).toEqual({ file, line: '7', col: '3', title: 'cookie-audit over-long' });
  });

  test('every line of the sample reads back as one command with file, line, column and title', () => {
    for (const command of annotations(sampleResult())) {
      expect(Object.keys(command.properties)).toEqual(['file', 'line', 'col', 'title']);
      expect(command.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    }
  });
});
