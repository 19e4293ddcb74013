/**
 * The programmatic API: scan, audit, render, merge. The CLI is one of its users; every step takes and
 * returns plain data, so a saved scan can be audited and rendered again offline.
 */
export { audit, localDate, type AuditOptions } from './audit/index.js';
export { compareWithBaseline } from './diff/index.js';
export { scan, DEFAULT_CONCURRENCY, SCAN_DEFAULTS, type ProgressEvent, type ScanOptions } from './crawl/scan.js';
export { parseHostMapping, type HostMapping } from './crawl/resolve.js';
export { sitesForUrls } from './crawl/targets.js';
export { EXIT, InventoryError, ScanError, UsageError } from './errors.js';
export { loadCookieDatabase, type CookieDatabase } from './hints/open-cookie-database.js';
export { inventoryJsonSchema } from './inventory/schema.js';
export { loadInventory, parseInventory } from './inventory/load.js';
export { mergeScans, parseShard, scanRecordFromReport, shardSites } from './merge/index.js';
export { reporters, type Reporter, type ReporterName } from './report/index.js';
export type * from './model/finding.js';
export type * from './model/inventory.js';
export type * from './model/observation.js';
export type * from './model/result.js';
