/**
 * Whether the shard reports given to `merge` make a whole scan: one split (the same N), each shard
 * once, none missing. A missing shard would make its cookies look unobserved. Reports of unsplit
 * scans (no `scan.shard`) are not checked: merging whole scans of different sites is legitimate.
 */
import type { ShardInfo } from '../model/result.js';

export interface ShardReport {
  file: string;
  shard?: ShardInfo;
}

/** Every problem with the set, in plain words naming the files; empty when the set is whole. */
export function shardSetProblems(reports: readonly ShardReport[]): string[] {
  const sharded = reports.filter((report): report is Required<ShardReport> => report.shard !== undefined);
  if (sharded.length === 0) return [];
  const counts = [...new Set(sharded.map((report) => report.shard.count))];
  if (counts.length > 1) {
    const splits = counts.map((count) => `${count} shards (${filesOf(sharded.filter((report) => report.shard.count === count))})`);
    return [`these reports come from different splits: ${splits.join(' and ')}; merge the reports of one split`];
  }
  const [count] = counts;
  const problems: string[] = [];
  for (let index = 1; index <= count; index++) {
    const given = sharded.filter((report) => report.shard.index === index);
    if (given.length === 0) problems.push(`shard ${index}/${count} is missing: merge all ${count} shard reports (its cookies would look unobserved)`);
    if (given.length > 1) problems.push(`shard ${index}/${count} is given ${given.length} times (${filesOf(given)}): give each shard once`);
  }
  return problems;
}

function filesOf(reports: readonly ShardReport[]): string {
  return reports.map((report) => report.file).join(', ');
}
