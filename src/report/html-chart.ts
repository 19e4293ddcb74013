/**
 * The lifetime chart of the html report, inline SVG: one row per persistent cookie, its requested
 * lifetime (a dot, red when it breaks a lifetime rule) and the lifetime the browser kept (a hollow
 * square), on a logarithmic time axis from seconds to decades, over the band the policy allows.
 */
import type { Finding } from '../model/finding.js';
import type { AuditResult, ReportedCookie } from '../model/result.js';
import { escapeHtml, type HtmlSection } from './html-markup.js';
import { type FindingContext } from './i18n-findings.js';
import type { Vocabulary } from './i18n.js';

const DAY = 86_400;
const YEAR = 365.2425 * DAY;
/** Ticks of the time axis, those within the plotted range drawn. */
const TICKS = [1, 60, 3600, DAY, 7 * DAY, YEAR / 12, YEAR, 10 * YEAR, 100 * YEAR];
/** Chromium keeps no cookie longer than this, whatever the site asks. */
const CHROMIUM_CAP_SECONDS = 400 * DAY;

const LABEL_WIDTH = 230;
const PLOT_WIDTH = 640;
const TOP = 36;
const ROW = 18;
const AXIS = 34;
const NAME_LENGTH = 34;

/** The policy's lifetime bounds where findings state them; either may be unknown. */
interface PolicyBounds {
  minSeconds?: number;
  maxSeconds?: number;
  reference?: string;
}

/**
 * The policy's bounds as the lifetime findings carry them: an over-long finding against the policy
 * (it cites the policy, or the cookie is undeclared) gives the maximum, any below-minimum the minimum.
 */
function policyBounds(result: AuditResult): PolicyBounds {
  const persistent = result.inventory?.policy.persistent;
  if (persistent) return { minSeconds: persistent.minLifetimeSeconds, maxSeconds: persistent.maxLifetimeSeconds, reference: persistent.reference };
  return boundsFromFindings(result.findings);
}

/** Reports saved before the policy summary carried its band: what the lifetime findings say of it. */
function boundsFromFindings(findings: readonly Finding[]): PolicyBounds {
  const bounds: PolicyBounds = {};
  for (const { kind, facts, entry } of findings) {
    if (facts?.limitSeconds === undefined) continue;
    const policyMaximum = kind === 'over-long' && (facts.reference !== undefined || entry === null);
    if (policyMaximum) bounds.maxSeconds = Math.min(bounds.maxSeconds ?? Infinity, facts.limitSeconds);
    if (kind === 'below-minimum') bounds.minSeconds = Math.max(bounds.minSeconds ?? 0, facts.limitSeconds);
    if ((policyMaximum || kind === 'below-minimum') && facts.reference) bounds.reference ??= facts.reference;
  }
  return bounds;
}

export function lifetimeChart(context: FindingContext): HtmlSection {
  const { result, words } = context;
  const cookies = result.cookies.filter((cookie) => cookie.type === 'persistent' && lifetimes(cookie).length > 0);
  if (cookies.length === 0) return { id: 'lifetimes', body: `<p>${escapeHtml(words.word.noPersistent)}</p>` };
  const bounds = policyBounds(result);
  const breaksLifetimeRule = lifetimeFindingLookup(result.findings);
  const known = [bounds.minSeconds, bounds.maxSeconds].filter((value) => value !== undefined);
  const values = [...cookies.flatMap(lifetimes), ...known, DAY];
  const scale = logScale(Math.max(1, Math.min(...values) / 2), Math.max(...values) * 2);
  const height = TOP + cookies.length * ROW + AXIS;
  const svg = [
    `<svg class="chart" role="img" viewBox="0 0 ${LABEL_WIDTH + PLOT_WIDTH + 20} ${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${escapeHtml(words.section.lifetimes)}</title>`,
    bandSvg(bounds, scale, cookies.length, words),
    ticksSvg(scale, cookies.length, words),
    result.scan.browser.name === 'chromium' ? capSvg(scale, cookies.length, words) : '',
    ...cookies.map((cookie, index) => rowSvg(cookie, index, scale, breaksLifetimeRule(cookie), context)),
    '</svg>',
  ].join('');
  const caption = [
    `● ${words.column.requested} (${words.word.outsideBounds})`,
    `□ ${words.column.effective}`,
    words.word.logScale,
    ...(known.length === 0 ? [words.word.noBand] : []),
  ].join(' · ');
  return { id: 'lifetimes', body: `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>` };
}

/** The lifetimes a cookie has (requested and kept), the unknown ones left out. */
function lifetimes(cookie: ReportedCookie): number[] {
  return [cookie.requestedLifetimeSeconds, cookie.effectiveLifetimeSeconds].filter((value) => value !== null);
}

interface Scale {
  lo: number;
  hi: number;
  x(seconds: number): number;
}

/** Seconds to x on a log axis; a lifetime of zero or less (a deleting write) sits at the left edge. */
function logScale(lo: number, hi: number): Scale {
  const span = Math.log10(hi) - Math.log10(lo);
  return {
    lo,
    hi,
    x: (seconds) => round(LABEL_WIDTH + ((Math.log10(Math.min(hi, Math.max(lo, seconds))) - Math.log10(lo)) / span) * PLOT_WIDTH),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The band between the policy's bounds (an unknown bound runs to the edge), labelled "1 jour – 5 ans (section 8)". */
function bandSvg(bounds: PolicyBounds, scale: Scale, rows: number, words: Vocabulary): string {
  if (bounds.minSeconds === undefined && bounds.maxSeconds === undefined) return '';
  const from = scale.x(bounds.minSeconds ?? scale.lo);
  const to = scale.x(bounds.maxSeconds ?? scale.hi);
  const range = `${bounds.minSeconds === undefined ? '…' : words.lifetime(bounds.minSeconds)} – ${bounds.maxSeconds === undefined ? '…' : words.lifetime(bounds.maxSeconds)}`;
  const label = words.labelled(words.word.policyBand, `${range}${bounds.reference ? ` (${bounds.reference})` : ''}`);
  return (
    `<rect class="band" x="${from}" y="${TOP - 6}" width="${round(to - from)}" height="${rows * ROW + 6}"/>` +
    `<text x="${from + 4}" y="${TOP - 10}">${escapeHtml(label)}</text>`
  );
}

function ticksSvg(scale: Scale, rows: number, words: Vocabulary): string {
  const bottom = TOP + rows * ROW;
  return TICKS.filter((tick) => tick >= scale.lo && tick <= scale.hi)
    .map((tick) => {
      const x = scale.x(tick);
      return `<line class="tick" x1="${x}" x2="${x}" y1="${TOP - 6}" y2="${bottom}"/><text x="${x}" y="${bottom + 14}" text-anchor="middle">${escapeHtml(words.lifetime(tick))}</text>`;
    })
    .join('');
}

function capSvg(scale: Scale, rows: number, words: Vocabulary): string {
  const x = scale.x(CHROMIUM_CAP_SECONDS);
  const bottom = TOP + rows * ROW;
  const label = words.labelled(words.word.browserCap, words.lifetime(CHROMIUM_CAP_SECONDS));
  return `<line class="cap" x1="${x}" x2="${x}" y1="${TOP - 6}" y2="${bottom}"/><text x="${x}" y="${bottom + 28}" text-anchor="middle">${escapeHtml(label)}</text>`;
}

function rowSvg(cookie: ReportedCookie, index: number, scale: Scale, flagged: boolean, context: FindingContext): string {
  const { words } = context;
  const y = TOP + index * ROW + ROW / 2;
  const requested = cookie.requestedLifetimeSeconds;
  const kept = cookie.effectiveLifetimeSeconds;
  const name = [...cookie.name].length > NAME_LENGTH ? `${[...cookie.name].slice(0, NAME_LENGTH - 1).join('')}…` : cookie.name;
  const title = `${cookie.name} (${cookie.domain}) · ${context.label(cookie.site, cookie.scenario)} · ${words.labelled(words.column.requested, words.lifetime(requested))} · ${words.labelled(words.column.effective, words.lifetime(kept))}`;
  const parts = [
    `<title>${escapeHtml(title)}</title>`,
    `<text x="${LABEL_WIDTH - 8}" y="${y + 4}" text-anchor="end">${escapeHtml(name)}</text>`,
    ...(requested !== null && kept !== null ? [`<line class="link" x1="${scale.x(kept)}" x2="${scale.x(requested)}" y1="${y}" y2="${y}"/>`] : []),
    ...(kept !== null ? [`<rect class="effective" x="${round(scale.x(kept) - 5)}" y="${y - 5}" width="10" height="10"/>`] : []),
    ...(requested !== null ? [`<circle class="requested${flagged ? ' flagged' : ''}" cx="${scale.x(requested)}" cy="${y}" r="3.5"/>`] : []),
  ];
  return `<g>${parts.join('')}</g>`;
}

/** Whether a cookie has a lifetime finding (over-long or below-minimum), by site, scenario, name and domain. */
function lifetimeFindingLookup(findings: readonly Finding[]): (cookie: ReportedCookie) => boolean {
  const key = (site: string | null, scenario: string | null, name: string, domain: string) => JSON.stringify([site, scenario, name, domain]);
  const keys = new Set(
    findings
      .filter((finding) => finding.cookie && (finding.kind === 'over-long' || finding.kind === 'below-minimum'))
      .map((finding) => key(finding.site, finding.scenario, finding.cookie?.name ?? '', finding.cookie?.domain ?? '')),
  );
  return (cookie) => keys.has(key(cookie.site, cookie.scenario, cookie.name, cookie.domain));
}
