import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf, unitKey } from '../../src/merge/shard.js';
import type { AuditResult } from '../../src/model/result.js';
import { runCli } from '../helpers/run-cli.js';

const INVENTORY = fileURLToPath(new URL('../fixtures/cli/inventory.yaml', import.meta.url));

describe('cookie-audit scan --shard, run as a child process', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cookie-audit-shard-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('an empty shard starts no browser, exits 0 and writes an empty report that says which shard it is', async () => {
    const url = 'https://www.clean.test/';
    const otherShard = shardOf(unitKey('clean.test', url), 2) === 1 ? 2 : 1;
    const jsonFile = join(dir, 'empty.json');
    // No browser can start with this path: the run succeeds only if none is needed.
    const run = await runCli(['scan', url, '--inventory', INVENTORY, '--shard', `${otherShard}/2`, '--json', jsonFile, '--browser', '/nonexistent/chromium']);
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(jsonFile, 'utf8')) as AuditResult;
    expect(report.scan.shard).toEqual({ index: otherShard, count: 2 });
    expect(report.scan.sites).toEqual([]);
    expect(report.cookies).toEqual([]);
  });
});
