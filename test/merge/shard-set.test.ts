import { describe, expect, it } from 'vitest';
import { shardSetProblems } from '../../src/merge/shard-set.js';

const shard = (file: string, index: number, count: number) => ({ file, shard: { index, count } });

describe('shardSetProblems: the reports given to merge make a whole split scan', () => {
  it('accepts every shard once, in any order, and reports of unsplit scans', () => {
    expect(shardSetProblems([shard('c.json', 3, 3), shard('a.json', 1, 3), shard('b.json', 2, 3)])).toEqual([]);
    expect(shardSetProblems([{ file: 'full-a.json' }, { file: 'full-b.json' }])).toEqual([]);
    expect(shardSetProblems([shard('only.json', 1, 1)])).toEqual([]);
  });

  it('names each missing shard and each shard given twice, with the files', () => {
    expect(shardSetProblems([shard('a.json', 1, 4), shard('b.json', 2, 4), shard('b-again.json', 2, 4)])).toEqual([
      'shard 2/4 is given 2 times (b.json, b-again.json): give each shard once',
      'shard 3/4 is missing: merge all 4 shard reports (its cookies would look unobserved)',
      'shard 4/4 is missing: merge all 4 shard reports (its cookies would look unobserved)',
    ]);
  });

  it('refuses shards of different splits', () => {
    expect(shardSetProblems([shard('a.json', 1, 2), shard('b.json', 2, 3)])).toEqual([
      'these reports come from different splits: 2 shards (a.json) and 3 shards (b.json); merge the reports of one split',
    ]);
  });
});
