/**
 * Warnings about a valid inventory: things that load but are probably not what the author meant.
 * `cookie-audit validate` prints them; they never stop a scan.
 *
 * - Overlapping entries, as far as they can be seen without cookies: an exact name also matched by
 *   another entry's pattern or regex (the exact name wins, so the other entry never declares that
 *   name), and two entries with the same exact name (the first in the file wins, the second never
 *   declares anything on the domains they share). Two patterns or regexes that overlap are not
 *   looked for: that needs the cookies, and the audit settles it by file order.
 * - An entry's maxLifetime above policy.persistent.maxLifetime. A warning, not an error: the entry is
 *   what the audit applies (cookies up to its maxLifetime pass), and a published policy can itself
 *   announce a longer lifetime for one cookie than its general maximum — the inventory transcribes
 *   the policy, it must be able to say so. The warning points at the contradiction to settle.
 *   Likewise a maxLifetime below the policy's minLifetime (every such cookie is below-minimum).
 * - Patterns with no wildcard, patterns and regexes that match every name, regexes in /slashes/.
 *
 * Everything is near-linear in the number of entries: exact names are grouped in a Map, and the
 * patterns that may match a name are found through the prefix index of match.ts.
 */
import { durationSecondsFrom, type Duration } from '../model/duration.js';
import type { CookieEntry, Inventory, SourceLocation, StorageEntry } from '../model/inventory.js';
import { indexEntries, nameRule, patternEntriesMatching, ruleMatches, type NameRule, type NamingEntry } from './match.js';

export interface InventoryWarning {
  location: SourceLocation;
  /** The key path, e.g. `cookies[2].maxLifetime`. */
  path: string;
  message: string;
}

/** The warnings as lines `file:line:column path: message`, in file order. */
export function inventoryWarnings(inventory: Inventory): string[] {
  return inventoryWarningList(inventory).map(({ location, path, message }) => `${location.file}:${location.line}:${location.column} ${path}: ${message}`);
}

/** The warnings as data, in file order. */
export function inventoryWarningList(inventory: Inventory): InventoryWarning[] {
  const cookies = named('cookies', inventory.cookies, inventory.file);
  const storage = named('storage', inventory.storage ?? [], inventory.file);
  const warnings = [
    ...overlaps(cookies, (a, b) => domainsOverlap(a.domains, b.domains)),
    ...overlaps(storage, (a, b) => (a as StorageEntry).kind === (b as StorageEntry).kind && domainsOverlap(a.domains, b.domains)),
    ...lifetimeWarnings(cookies, inventory),
    ...[...cookies, ...storage].flatMap(ruleWarnings),
  ];
  return warnings.sort(
    (a, b) => a.location.line - b.location.line || a.location.column - b.location.column || a.path.localeCompare(b.path) || a.message.localeCompare(b.message),
  );
}

/** An entry with its key path and where it is written. */
interface Named<E extends NamingEntry = NamingEntry> {
  entry: E;
  path: string;
  location: SourceLocation;
  /** `name` for cookies, `key` for storage. */
  exactKey: 'name' | 'key';
}

function named<E extends NamingEntry>(list: 'cookies' | 'storage', entries: readonly E[], file: string): Named<E>[] {
  return entries.map((entry, index) => ({
    entry,
    path: `${list}[${index}]`,
    location: entry.location ?? { file, line: 1, column: 1 },
    exactKey: list === 'cookies' ? 'name' : 'key',
  }));
}

function overlaps(items: Named[], share: (a: NamingEntry, b: NamingEntry) => boolean): InventoryWarning[] {
  const byEntry = new Map(items.map((item) => [item.entry, item]));
  const index = indexEntries(items.map((item) => item.entry));
  const warnings: InventoryWarning[] = [];
  for (const [name, group] of index.exact) {
    const exact = group.map((indexed) => byEntry.get(indexed.entry) as Named);
    warnings.push(...sameNameWarnings(name, exact, share));
    const broader = patternEntriesMatching(index, name).map((indexed) => byEntry.get(indexed.entry) as Named);
    for (const item of exact) {
      for (const other of broader) {
        if (!share(item.entry, other.entry)) continue;
        warnings.push({
          location: item.location,
          path: `${item.path}.${item.exactKey}`,
          message:
            `"${name}" is also matched by ${other.path} (${describeRule(nameRule(other.entry))}, line ${other.location.line}); ` +
            `an exact ${item.exactKey} wins, so "${name}" is audited against ${item.path}, never ${other.path}`,
        });
      }
    }
  }
  return warnings;
}

/** Entries with the same exact name: the first in the file wins where their domains meet. */
function sameNameWarnings(name: string, exact: Named[], share: (a: NamingEntry, b: NamingEntry) => boolean): InventoryWarning[] {
  const warnings: InventoryWarning[] = [];
  exact.forEach((item, position) => {
    const winner = exact.slice(0, position).find((earlier) => share(earlier.entry, item.entry));
    if (!winner) return;
    warnings.push({
      location: item.location,
      path: `${item.path}.${item.exactKey}`,
      message:
        `${winner.path} (line ${winner.location.line}) already has the ${item.exactKey} "${name}" and covers the same domains; the first in the file wins, ` +
        `so this entry never declares anything there: remove one, or give them different domains`,
    });
  });
  return warnings;
}

/** Durations are compared from a fixed instant, as the schema does, so results do not depend on the day. */
const COMPARISON_INSTANT = Date.UTC(2000, 0, 1);
const seconds = (duration: Duration) => durationSecondsFrom(COMPARISON_INSTANT, duration);

function lifetimeWarnings(cookies: Named[], inventory: Inventory): InventoryWarning[] {
  const { minLifetime, maxLifetime } = inventory.policy.persistent;
  return cookies.flatMap((item): InventoryWarning[] => {
    const own = (item.entry as CookieEntry).maxLifetime;
    if (!own) return [];
    const path = `${item.path}.maxLifetime`;
    if (seconds(own) > seconds(maxLifetime)) {
      return [
        {
          location: item.location,
          path,
          message:
            `${own.text} is longer than policy.persistent.maxLifetime (${maxLifetime.text}); the audit applies this entry's ${own.text}, ` +
            'so its cookies pass up to that: check the policy — lower the entry, or the policy contradicts itself',
        },
      ];
    }
    if (seconds(own) < seconds(minLifetime)) {
      return [
        {
          location: item.location,
          path,
          message: `${own.text} is shorter than policy.persistent.minLifetime (${minLifetime.text}): every cookie this entry allows is below the policy minimum`,
        },
      ];
    }
    return [];
  });
}

/** Names no cookie or key is likely to share: a rule matching all of them matches any name. */
const UNRELATED_NAMES = ['a', 'Z9', '_x-y.z', 'é☃', 'zz__qq-77'];

function ruleWarnings(item: Named): InventoryWarning[] {
  const rule = nameRule(item.entry);
  const warnings: InventoryWarning[] = [];
  const at = (key: string, message: string) => warnings.push({ location: item.location, path: `${item.path}.${key}`, message });
  if (rule.pattern !== undefined && !/[*?]/.test(rule.pattern)) {
    at('pattern', `"${rule.pattern}" has no "*" or "?", so it matches only "${rule.pattern}": write ${item.exactKey}: ${rule.pattern} instead (an exact ${item.exactKey} also wins over patterns)`);
  }
  if (rule.regex !== undefined && rule.regex.length > 2 && rule.regex.startsWith('/') && /\/[a-z]*$/.test(rule.regex)) {
    at('regex', `the slashes are part of the expression here (it matches names with "/" in them): write the regex without them, e.g. "${rule.regex.replace(/^\/|\/[a-z]*$/g, '')}" (flags are not supported)`);
  }
  const key = rule.pattern !== undefined ? 'pattern' : rule.regex !== undefined ? 'regex' : undefined;
  if (key && UNRELATED_NAMES.every((name) => ruleMatches(rule, name))) {
    const where = item.entry.domains?.length ? ` on ${item.entry.domains.join(', ')}` : '';
    at(key, `matches every name${where}, so nothing there can be reported undeclared: narrow it, e.g. "_ga_*"`);
  }
  return warnings;
}

function describeRule(rule: NameRule): string {
  if (rule.pattern !== undefined) return `pattern "${rule.pattern}"`;
  if (rule.regex !== undefined) return `regex "${rule.regex}"`;
  return `name "${rule.exact}"`;
}

/** True when a name on one entry's domains can also be on the other's: either lists none, or one domain is (under) the other. */
function domainsOverlap(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a?.length || !b?.length) return true;
  return a.some((x) => b.some((y) => x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`)));
}
