/**
 * The inventory file, version 1: one zod definition that validates the YAML (after parsing) and
 * generates the JSON Schema editors use. Its messages are in schema-messages.ts.
 */
import { z } from 'zod';
import { DURATION_PATTERN, durationSecondsFrom, parseDuration, type Duration } from '../model/duration.js';
import { FINDING_KINDS, type FindingKind } from '../model/finding.js';
import { REPORT_LANGUAGES } from '../model/inventory.js';
import { STORAGE_KINDS } from '../model/observation.js';
import { globProblem } from './match.js';
import {
  describeValue,
  durationTextMessage,
  durationTypeMessage,
  plainMessage,
  purposeMessage,
  regexProblem,
  unknownKeyMessage,
  urlMessage,
  versionMessage,
} from './schema-messages.js';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// Letters spelled out rather than an `i` flag: the JSON Schema keeps the pattern but drops flags.
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME_PATTERN = new RegExp(`^\\.?(?:${LABEL}\\.)*${LABEL}$`);
const DURATION_REGEX = new RegExp(DURATION_PATTERN);
/** Durations are compared from a fixed instant so that "1 month" and "31 days" compare the same way every run. */
const COMPARISON_INSTANT = Date.UTC(2000, 0, 1);

const text = z.string().trim().min(1);

const identifier = z.string().regex(ID_PATTERN, {
  error: (issue) =>
    issue.input === '' ? 'must not be empty' : `expected letters, digits, ".", "_" or "-" (no spaces), got ${describeValue(issue.input)}`,
});

const duration = z
  .string({ error: (issue) => (issue.input === undefined ? undefined : durationTypeMessage(issue.input)) })
  .regex(DURATION_REGEX, { error: (issue) => durationTextMessage(issue.input) })
  .transform((value, ctx): Duration => {
    const parsed = parseDuration(value);
    if (parsed && Number.isFinite(durationSecondsFrom(COMPARISON_INSTANT, parsed))) return parsed;
    const message = parsed ? `${JSON.stringify(value)} is too long to count with dates: write at most a few hundred years` : durationTextMessage(value);
    ctx.issues.push({ code: 'custom', input: value, message });
    return z.NEVER;
  });

/**
 * A maximum lifetime: longer than zero. (A minimum may be zero: "no minimum".) Zero would make every
 * persistent cookie over-long, which is never what a policy means.
 */
const maxDuration = duration.refine((value) => !isDuration(value) || durationSecondsFrom(COMPARISON_INSTANT, value) > 0, {
  error: (issue) =>
    `a maximum lifetime must be longer than zero, got ${describeValue((issue.input as Duration | undefined)?.text ?? issue.input)}: write the longest lifetime the policy allows, e.g. "13 months"`,
});

const domain = z
  .string()
  .regex(HOSTNAME_PATTERN, { error: (issue) => `expected a domain name such as "example.com", got ${describeValue(issue.input)}` })
  .transform((value) => value.toLowerCase().replace(/^\./, ''))
  .describe('A domain name such as "example.com" (case and a leading dot are ignored).');

const regexSource = z.string().min(1).superRefine((source, ctx) => {
  const problem = regexProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', input: source, message: problem });
});

const globSource = z.string().min(1).superRefine((glob, ctx) => {
  const problem = globProblem(glob);
  if (problem) ctx.addIssue({ code: 'custom', input: glob, message: problem });
});

const persistentBounds = z
  .strictObject({
    minLifetime: duration.describe('The shortest lifetime the policy announces for persistent cookies, e.g. "1 day" ("0 days": no minimum).'),
    maxLifetime: maxDuration.describe('The longest lifetime the policy announces for persistent cookies, e.g. "5 years".'),
    reference: text.optional().describe('Where the policy states these bounds, cited in findings, e.g. "section 8".'),
  })
  .superRefine(checkBoundsOrder, { when: (payload) => isRecord(payload.value) })
  .describe('Lifetime bounds the policy announces for persistent cookies.');

const consentRule = z
  .strictObject({
    required: z.boolean().describe('true if the policy says cookies need the visitor\'s consent before they are set.'),
    reference: text.optional().describe('Where the policy says so, cited in findings, e.g. "section 10".'),
  })
  .describe('Whether cookies need consent before they are set; an entry\'s own `consent` overrides it.');

const policy = z
  .strictObject({
    title: text.describe('The title of the published cookie policy.'),
    owner: text.describe('Who publishes the policy (company or site owner).'),
    version: text.describe('The version or date of the policy, quoted, e.g. "2022-04-01".'),
    language: z.enum(REPORT_LANGUAGES).optional().describe('The language the policy is published in, and the default language of reports: "fr" or "en" (default "en").'),
    persistent: persistentBounds,
    consent: consentRule.optional(),
  })
  .describe('The published cookie policy this inventory transcribes.');

const httpUrl = z
  .url({ protocol: /^https?$/, error: (issue) => urlMessage(issue.input) })
  .describe('An http or https URL.');

const selector = text.describe('A CSS selector (Playwright syntax), e.g. "#accept-all" or "button:has-text(\'Accepter\')".');

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: (issue) => `expected an environment variable name such as "ESOMUS_PASSWORD", got ${describeValue(issue.input)}` });

const STEP_ACTIONS = ['goto', 'click', 'fill', 'press', 'wait', 'consent'] as const;

const waitTarget = z
  .strictObject({
    selector: selector.optional(),
    url: text.optional().describe('A URL glob the page must reach, e.g. "**/mon-compte".'),
    ms: z.number().int().min(0).max(120_000).optional().describe('Milliseconds to wait (at most 120000).'),
  })
  .superRefine(exactlyOne(['selector', 'url', 'ms'], 'wait'), { when: (payload) => isRecord(payload.value) })
  .describe('What to wait for: { selector: "#account" }, { url: "**/account" } or { ms: 1000 }.');

const step = z
  .strictObject({
    goto: httpUrl.optional().describe('Load this URL.'),
    click: selector.optional().describe('Click the first visible element matching this selector (in any frame).'),
    fill: selector.optional().describe('Type into the field matching this selector; the text comes from `env` (secrets) or `value`.'),
    env: envName.optional().describe('fill only: the environment variable holding the text (for passwords and other secrets).'),
    value: z.string().optional().describe('fill only: the text itself, written in this file (never a secret).'),
    press: text.optional().describe('Press a key, e.g. "Enter" (Playwright key names); in `selector` if given.'),
    selector: selector.optional().describe('press only: the element to press the key in.'),
    wait: waitTarget.optional(),
    consent: z.enum(['accept', 'refuse']).optional().describe("Click the site's consentBanner button for this choice."),
  })
  .superRefine(checkStep, { when: (payload) => isRecord(payload.value) })
  .describe('One step: exactly one of goto, click, fill, press, wait, consent.');

const scenario = z
  .strictObject({
    name: identifier.describe('A short unique name for the scenario, used in reports, e.g. "consent-refused".'),
    storageState: text.optional().describe('A Playwright storageState file to start from (cookies, localStorage), relative to this file.'),
    consentAtStart: z.enum(['none', 'given', 'refused']).optional().describe('The consent the saved state already carries (default "none").'),
    steps: z.array(step).default([]).describe('What the visitor does, in order, before the crawl.'),
  })
  .describe('A way of visiting the site (anonymous, consent refused, consent given, logged in…), reported apart.');

const consentBanner = z
  .strictObject({
    accept: selector.optional().describe('The banner\'s "accept" button.'),
    refuse: selector.optional().describe('The banner\'s "refuse" (or "continue without accepting") button.'),
  })
  .describe('CSS selectors of the consent banner\'s buttons, used by `consent:` steps.');

const urlGlob = text.describe('A URL glob: "https://www.example.com/blog/**", or "/admin/**" for every host.');

const site = z
  .strictObject({
    name: identifier.describe('A short unique name for the site, used in reports.'),
    urls: z
      .array(httpUrl.describe('An http or https URL where the crawl starts.'))
      .min(1)
      .describe('Start URLs (http or https).'),
    domains: z.array(domain).min(1).describe('Registrable domains whose cookies count as first party, e.g. "example.com".'),
    hosts: z.array(domain).optional().describe('Hosts of other domains crawled as well, e.g. a CDN-served sub-site.'),
    include: z.array(urlGlob).optional().describe('When given, only URLs matching one of these globs are crawled.'),
    exclude: z.array(urlGlob).optional().describe('URLs matching one of these globs are never crawled, e.g. "/logout*".'),
    sitemaps: z.boolean().optional().describe('Read robots.txt and /sitemap.xml for more pages (default true).'),
    consentBanner: consentBanner.optional(),
    scenarios: z
      .array(scenario)
      .superRefine(uniqueBy('scenarios', 'name'), { when: isArrayPayload })
      .optional()
      .describe('Ways of visiting the site; without any, it is scanned once as an anonymous visitor who makes no choice.'),
  })
  .superRefine(checkConsentSteps, { when: (payload) => isRecord(payload.value) })
  .describe('A website to scan.');

const purpose = z
  .strictObject(
    {
      fr: text.describe('The purpose as the published (French) policy states it, copied verbatim.'),
      en: text.optional().describe('An English translation of the purpose.'),
    },
    { error: (issue) => (issue.input === undefined ? undefined : purposeMessage(issue.input)) },
  )
  .describe('What the cookie or storage is for, as the policy says it.');

const cookie = z
  .strictObject({
    id: identifier.describe('A unique id for this entry, used in findings and reports, e.g. "uid".'),
    name: z.string().min(1).optional().describe('The exact technical cookie name. Use at most one of name, pattern and regex.'),
    pattern: globSource.optional().describe('A glob on the cookie name: "*" any characters, "?" one, e.g. "_ga_*" (no [..] or {..}: use regex).'),
    regex: regexSource.optional().describe('A JavaScript regular expression on the cookie name, e.g. "^_ga_[A-Z0-9]+$".'),
    domains: z.array(domain).optional().describe('Only cookies whose domain is one of these or under them.'),
    party: z.enum(['first', 'third']).describe('"first" if set by the site itself, "third" if set by a partner.'),
    type: z.enum(['session', 'persistent']).describe('"session" (deleted when the browser closes) or "persistent".'),
    maxLifetime: maxDuration.optional().describe('Persistent cookies only: overrides policy.persistent.maxLifetime.'),
    consent: z
      .enum(['required', 'exempt'])
      .optional()
      .describe('"required" if it may only be set after consent, "exempt" (strictly necessary) if not; default: policy.consent.'),
    label: text.describe('The name the published policy uses for this cookie.'),
    purpose,
    category: text.optional().describe('e.g. "strictly-necessary", "functional", "analytics", "marketing".'),
  })
  .superRefine(checkCookieEntry, { when: (payload) => isRecord(payload.value) })
  .describe('A cookie the policy declares. Without name, pattern or regex it matches no cookie.');

const storageEntry = z
  .strictObject({
    id: identifier.describe('A unique id for this entry (among cookies and storage), used in findings, e.g. "ma-last-visit".'),
    kind: z.enum(STORAGE_KINDS).describe('"localStorage", "sessionStorage" or "indexedDB" (a database name).'),
    key: z.string().min(1).optional().describe('The exact storage key or IndexedDB database name. Use at most one of key, pattern and regex.'),
    pattern: globSource.optional().describe('A glob on the key: "*" any characters, "?" one, e.g. "_ma_*" (no [..] or {..}: use regex).'),
    regex: regexSource.optional().describe('A JavaScript regular expression on the key, e.g. "^_ma_[a-z]+$".'),
    domains: z.array(domain).optional().describe('Only storage on origins whose host is one of these or under them.'),
    party: z.enum(['first', 'third']).optional().describe('"first" if written on the site\'s own origins, "third" on a partner\'s; checked only when given.'),
    label: text.describe('The name the published policy uses for this storage.'),
    purpose,
    category: text.optional().describe('e.g. "strictly-necessary", "functional", "analytics", "marketing".'),
  })
  .superRefine(checkSingleMatcher('key'), { when: (payload) => isRecord(payload.value) })
  .describe('A web-storage key or IndexedDB database the policy declares (similar technologies). Without key, pattern or regex it matches nothing.');

const WAIVABLE_KINDS = (Object.keys(FINDING_KINDS) as FindingKind[]).filter((kind) => kind !== 'expired-waiver') as [FindingKind, ...FindingKind[]];

const waiver = z
  .strictObject({
    cookie: text.optional().describe('The observed cookie name (or, for undeclared-storage, the storage key) the waiver accepts, e.g. "_hjSession".'),
    entry: identifier.optional().describe('The inventory entry id the waiver accepts, e.g. "u2".'),
    kind: z.enum(WAIVABLE_KINDS).describe('The finding kind accepted, e.g. "over-long".'),
    site: identifier.optional().describe('Only on this site (its name); default: every site.'),
    reason: text.describe('Why the finding is accepted for now, e.g. "vendor fix planned for v3".'),
    owner: text.describe('Who answers for it, e.g. "dpo@esomus.com".'),
    expires: z.iso
      .date({ error: (issue) => (issue.input === undefined ? undefined : `expected a date written YYYY-MM-DD, e.g. "2027-03-31", got ${describeValue(issue.input)}`) })
      .describe('Last day the waiver holds (YYYY-MM-DD); after it, the waiver is itself a finding.'),
  })
  .superRefine(exactlyOne(['cookie', 'entry'], 'a waiver'), { when: (payload) => isRecord(payload.value) })
  .describe('Accepts a finding for a while: it is still shown but does not fail the gate.');

/** The inventory file, version 1. */
export const inventorySchema = z
  .strictObject({
    version: z
      .literal(1, { error: (issue) => (issue.input === undefined ? undefined : versionMessage(issue.input)) })
      .describe('The inventory format version: 1.'),
    policy,
    sites: z.array(site).superRefine(uniqueBy('sites', 'name'), { when: isArrayPayload }).describe('The websites to scan.'),
    cookies: z.array(cookie).superRefine(uniqueBy('cookies', 'id'), { when: isArrayPayload }).describe('The cookies the policy declares.'),
    storage: z
      .array(storageEntry)
      .superRefine(uniqueBy('storage', 'id'), { when: isArrayPayload })
      .default([])
      .describe('Web-storage keys and IndexedDB databases the policy declares (optional).'),
    waivers: z.array(waiver).default([]).describe('Findings accepted until a date, with a reason and an owner (optional).'),
  })
  .superRefine(idsUniqueAcrossLists, { when: (payload) => isRecord(payload.value) })
  .superRefine(waiversNameWhatExists, { when: (payload) => isRecord(payload.value) })
  .describe('The cookies a website may set, as its published cookie policy declares them.');

export type InventoryData = z.output<typeof inventorySchema>;

export interface SchemaIssue {
  path: (string | number)[];
  message: string;
  /** What to point at in the source: the value at path, its key (unknown keys), or the map lacking the key. */
  at: 'value' | 'key' | 'parent';
  /**
   * Another place the problem involves (the first of two duplicates), and the message to give when
   * that place can be named: `place` is e.g. " at line 9" (the loader knows lines, the schema does not).
   */
  related?: { path: (string | number)[]; message: (place: string) => string };
}

/**
 * What a refinement passes in `params` to name a related place (see SchemaIssue.related): a path
 * from the root, or the index of a sibling in the same list (the issue's path with that index).
 */
interface RelatedParams {
  related?: (string | number)[];
  relatedSibling?: number;
  relatedMessage: (place: string) => string;
}

export type ValidationResult = { success: true; data: InventoryData } | { success: false; issues: SchemaIssue[] };

/** Validates parsed YAML (plain data) against the schema; every problem, in plain words. */
export function validateInventory(data: unknown): ValidationResult {
  const result = inventorySchema.safeParse(data, { error: plainMessage, reportInput: true });
  if (result.success) return { success: true, data: result.data };
  return { success: false, issues: result.error.issues.flatMap(toSchemaIssues) };
}

/** The JSON Schema (draft 2020-12) of the inventory file, generated from the zod definition. */
export function inventoryJsonSchema(): object {
  const { $schema, ...rest } = z.toJSONSchema(inventorySchema, { io: 'input', target: 'draft-2020-12' });
  return { $schema, $id: 'urn:cookie-audit:inventory:1', title: 'cookie-audit inventory', ...rest };
}

function toSchemaIssues(issue: z.core.$ZodIssue): SchemaIssue[] {
  const path = issue.path.map((step) => (typeof step === 'number' ? step : String(step)));
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(path);
    return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(key, known), at: 'key' }));
  }
  const missing = issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
  const params = issue.code === 'custom' ? (issue.params as RelatedParams | undefined) : undefined;
  const relatedPath = params?.relatedSibling !== undefined ? [...path.slice(0, -2), params.relatedSibling, ...path.slice(-1)] : params?.related;
  const related = relatedPath && params?.relatedMessage ? { path: relatedPath, message: params.relatedMessage } : undefined;
  return [{ path, message: issue.message, at: missing ? 'parent' : 'value', ...(related ? { related } : {}) }];
}

/** At most one of `exact` (name for cookies, key for storage), pattern and regex. */
function checkSingleMatcher(exact: 'name' | 'key') {
  return (entry: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const naming = [exact, 'pattern', 'regex'].filter((key) => entry[key] !== undefined);
    for (const key of naming.slice(1)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `use only one of ${exact}, pattern or regex (this entry already has ${naming[0]})` });
    }
  };
}

const checkCookieNaming = checkSingleMatcher('name');

function checkCookieEntry(entry: Record<string, unknown>, ctx: z.RefinementCtx): void {
  checkCookieNaming(entry, ctx);
  if (entry.type === 'session' && entry.maxLifetime !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['maxLifetime'], message: 'maxLifetime applies only to persistent cookies' });
  }
}

/** A step does exactly one thing; env/value go with fill only, selector with press only. */
function checkStep(entry: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const actions = STEP_ACTIONS.filter((key) => entry[key] !== undefined);
  if (actions.length === 0) {
    ctx.addIssue({ code: 'custom', path: [], message: `a step needs one of ${STEP_ACTIONS.join(', ')}, e.g. { click: "#login" }` });
    return;
  }
  for (const extra of actions.slice(1)) {
    ctx.addIssue({ code: 'custom', path: [extra], message: `one action per step (this step already has ${actions[0]}); make ${extra} its own step` });
  }
  const companions: Record<string, string> = { env: 'fill', value: 'fill', selector: 'press' };
  for (const [key, owner] of Object.entries(companions)) {
    if (entry[key] !== undefined && actions[0] !== owner) ctx.addIssue({ code: 'custom', path: [key], message: `${key} goes with ${owner} only` });
  }
  if (actions[0] === 'fill' && (entry.env === undefined) === (entry.value === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['fill'], message: 'fill needs exactly one of env (the name of an environment variable, for secrets) or value' });
  }
}

function exactlyOne(keys: string[], owner: string) {
  return (entry: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const given = keys.filter((key) => entry[key] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', path: [], message: `${owner} needs exactly one of ${keys.join(', ')}` });
  };
}

/** A `consent: accept` step clicks the banner's accept button, which the site must then name. */
function checkConsentSteps(site: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const banner = isRecord(site.consentBanner) ? site.consentBanner : {};
  if (!Array.isArray(site.scenarios)) return;
  site.scenarios.forEach((scenario, scenarioIndex) => {
    const steps = isRecord(scenario) && Array.isArray(scenario.steps) ? scenario.steps : [];
    steps.forEach((step, stepIndex) => {
      const choice = isRecord(step) ? step.consent : undefined;
      if ((choice === 'accept' || choice === 'refuse') && banner[choice] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['scenarios', scenarioIndex, 'steps', stepIndex, 'consent'],
          message: `consent: ${choice} clicks the site's banner button, but the site has no consentBanner.${choice} selector (add consentBanner: { ${choice}: "#…" } to the site)`,
        });
      }
    });
  });
}

function checkBoundsOrder(bounds: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const { minLifetime, maxLifetime } = bounds;
  if (!isDuration(minLifetime) || !isDuration(maxLifetime)) return;
  if (durationSecondsFrom(COMPARISON_INSTANT, minLifetime) > durationSecondsFrom(COMPARISON_INSTANT, maxLifetime)) {
    ctx.addIssue({
      code: 'custom',
      path: ['minLifetime'],
      message: `minLifetime (${minLifetime.text}) is longer than maxLifetime (${maxLifetime.text})`,
    });
  }
}

/** Names and ids are unique within a list; the second use is the problem, and it names the first. */
function uniqueBy(list: string, key: string) {
  const what = list === 'sites' ? 'site' : list === 'scenarios' ? 'scenario' : 'entry';
  return (items: unknown[], ctx: z.RefinementCtx): void => {
    const firstIndex = new Map<unknown, number>();
    items.forEach((item, index) => {
      const value = isRecord(item) ? item[key] : undefined;
      if (typeof value !== 'string') return;
      const earlier = firstIndex.get(value);
      if (earlier === undefined) {
        firstIndex.set(value, index);
        return;
      }
      const params: RelatedParams = {
        relatedSibling: earlier,
        relatedMessage: (place) => `duplicate ${key} "${value}" (already used by ${list}[${earlier}]${place}): give each ${what} its own ${key}`,
      };
      ctx.addIssue({ code: 'custom', path: [index, key], message: `duplicate ${key} "${value}" (already used by ${list}[${earlier}])`, params });
    });
  };
}

/** Findings name entries by id, so a storage id must not repeat a cookie id. */
/** A waiver naming an entry id or a site that does not exist would silently never apply. */
function waiversNameWhatExists(inventory: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const { waivers } = inventory;
  if (!Array.isArray(waivers)) return;
  const namesIn = (list: unknown, key: string) =>
    new Set(Array.isArray(list) ? list.flatMap((item) => (isRecord(item) && typeof item[key] === 'string' ? [item[key]] : [])) : []);
  const ids = new Set([...namesIn(inventory.cookies, 'id'), ...namesIn(inventory.storage, 'id')]);
  const sites = namesIn(inventory.sites, 'name');
  waivers.forEach((waiver, index) => {
    if (!isRecord(waiver)) return;
    if (typeof waiver.entry === 'string' && !ids.has(waiver.entry)) {
      ctx.addIssue({ code: 'custom', path: ['waivers', index, 'entry'], message: `no entry has the id "${waiver.entry}": give the id of a cookies: or storage: entry` });
    }
    if (typeof waiver.site === 'string' && sites.size > 0 && !sites.has(waiver.site)) {
      ctx.addIssue({ code: 'custom', path: ['waivers', index, 'site'], message: `no site is named "${waiver.site}" (sites: ${[...sites].join(', ')})` });
    }
  });
}

function idsUniqueAcrossLists(inventory: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const { cookies, storage } = inventory;
  if (!Array.isArray(cookies) || !Array.isArray(storage)) return;
  const cookieIndex = new Map<unknown, number>();
  cookies.forEach((entry, index) => {
    const id = isRecord(entry) ? entry.id : undefined;
    if (typeof id === 'string' && !cookieIndex.has(id)) cookieIndex.set(id, index);
  });
  storage.forEach((entry, index) => {
    const id = isRecord(entry) ? entry.id : undefined;
    const earlier = typeof id === 'string' ? cookieIndex.get(id) : undefined;
    if (earlier === undefined) return;
    const params: RelatedParams = {
      related: ['cookies', earlier, 'id'],
      relatedMessage: (place) =>
        `duplicate id "${String(id)}" (already used by cookies[${earlier}]${place}; ids are shared by cookies and storage): give each entry its own id`,
    };
    ctx.addIssue({
      code: 'custom',
      path: ['storage', index, 'id'],
      message: `duplicate id "${String(id)}" (already used by cookies[${earlier}]; ids are shared by cookies and storage)`,
      params,
    });
  });
}

/** The keys an object schema accepts at a data path (array indexes step into the element schema). */
function keysAt(path: readonly (string | number)[]): string[] {
  let schema: z.core.$ZodType | undefined = inventorySchema;
  for (const step of path) {
    const current: z.core.$ZodType | undefined = schema && unwrap(schema);
    if (current instanceof z.ZodObject && typeof step === 'string') schema = current.shape[step];
    else if (current instanceof z.ZodArray && typeof step === 'number') schema = current.element;
    else return [];
  }
  const target = schema && unwrap(schema);
  return target instanceof z.ZodObject ? Object.keys(target.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  if (schema instanceof z.ZodOptional) return unwrap(schema.unwrap());
  if (schema instanceof z.ZodPipe) return unwrap(schema.in);
  if (schema instanceof z.ZodDefault) return unwrap(schema.unwrap());
  return schema;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isArrayPayload(payload: { value: unknown }): boolean {
  return Array.isArray(payload.value);
}

function isDuration(value: unknown): value is Duration {
  return isRecord(value) && typeof value.text === 'string' && typeof value.years === 'number';
}
