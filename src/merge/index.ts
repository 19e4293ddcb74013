/** Spreading a scan over several machines: pick a shard's work units, merge the shards' scans. */
export { mergeScans, scanRecordFromReport } from './merge.js';
export { parseSavedReport, parseShardReport } from './report-file.js';
export { shardSetProblems, type ShardReport } from './shard-set.js';
export { fnv1a32, parseShard, selectShard, shardOf, shardSites, unitKey, type Shard } from './shard.js';
