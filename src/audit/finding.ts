/** Building findings: the severity always comes from FINDING_KINDS, optional fields only when present. */
import { FINDING_KINDS, type Finding, type FindingKind } from '../model/finding.js';

/** Builds a finding with the severity FINDING_KINDS gives its kind; absent optional fields stay absent. */
export function makeFinding(kind: FindingKind, fields: Omit<Finding, 'kind' | 'severity'>): Finding {
  const { location, suggestions, storage, hint, ...rest } = fields;
  return {
    kind,
    severity: FINDING_KINDS[kind].severity,
    ...rest,
    ...(location ? { location } : {}),
    ...(suggestions ? { suggestions } : {}),
    ...(storage ? { storage } : {}),
    ...(hint ? { hint } : {}),
  };
}
