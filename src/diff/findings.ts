/** Findings new, existing and fixed between a baseline report and a later one. */
import { compareFindings } from '../audit/order.js';
import type { Finding } from '../model/finding.js';

export interface FindingDiff {
  /** The later report's findings, each marked change: 'new' or 'existing', sorted as the audit sorts them. */
  findings: Finding[];
  /** The baseline's findings the later report no longer has, sorted. */
  fixed: Finding[];
}

/**
 * What makes two findings "the same" across scans: kind, site, scenario, cookie (name and domain),
 * entry and storage (kind, origin, key). Not the message: it words lifetimes, which drift by seconds
 * between scans, and entry indexes, which move when the inventory is edited. An expired-waiver finding
 * names no cookie, so its message — built from the waiver's own fields only — tells it apart.
 */
export function findingIdentity(finding: Finding): string {
  return JSON.stringify([
    finding.kind,
    finding.site ?? null,
    finding.scenario ?? null,
    finding.cookie?.name ?? null,
    finding.cookie?.domain ?? null,
    finding.entry ?? null,
    finding.storage?.kind ?? null,
    finding.storage?.origin ?? null,
    finding.storage?.key ?? null,
    finding.kind === 'expired-waiver' ? finding.message : null,
  ]);
}

/**
 * Pairs findings by identity, as many times as each identity occurs (one cookie name on two paths
 * can give two alike findings): a later finding with an unpaired baseline twin is 'existing', else
 * 'new'; baseline findings left unpaired are fixed. Pairing follows the sorted order, so it is
 * deterministic.
 */
export function diffFindings(base: readonly Finding[], head: readonly Finding[]): FindingDiff {
  const unpaired = new Map<string, Finding[]>();
  for (const finding of [...base].sort(compareFindings)) {
    const id = findingIdentity(finding);
    unpaired.set(id, [...(unpaired.get(id) ?? []), finding]);
  }
  const findings = [...head].sort(compareFindings).map((finding): Finding => {
    const twins = unpaired.get(findingIdentity(finding));
    const existing = twins !== undefined && twins.shift() !== undefined;
    return { ...finding, change: existing ? 'existing' : 'new' };
  });
  const fixed = [...unpaired.values()].flat().map(withoutChange).sort(compareFindings);
  return { findings, fixed };
}

/** A baseline finding as it stood, minus the mark of any comparison the baseline itself went through. */
function withoutChange(finding: Finding): Finding {
  const { change: _change, ...rest } = finding;
  return rest;
}
