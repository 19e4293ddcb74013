/** Building findings: the severity always comes from FINDING_KINDS, optional fields only when present. */
import { FINDING_KINDS, type Finding, type FindingFacts, type FindingKind } from '../model/finding.js';

/** Builds a finding with the severity FINDING_KINDS gives its kind; absent optional fields stay absent. */
export function makeFinding(kind: FindingKind, fields: Omit<Finding, 'kind' | 'severity'>): Finding {
  const { location, suggestions, storage, hint, facts, ...rest } = fields;
  const presentFacts = facts ? definedFacts(facts) : undefined;
  return {
    kind,
    severity: FINDING_KINDS[kind].severity,
    ...rest,
    ...(location ? { location } : {}),
    ...(suggestions ? { suggestions } : {}),
    ...(storage ? { storage } : {}),
    ...(hint ? { hint } : {}),
    ...(presentFacts ? { facts: presentFacts } : {}),
  };
}

/** The facts without their undefined fields, or undefined when none is left. */
function definedFacts(facts: FindingFacts): FindingFacts | undefined {
  const defined = Object.entries(facts).filter(([, value]) => value !== undefined);
  return defined.length > 0 ? (Object.fromEntries(defined) as FindingFacts) : undefined;
}
