/** How the scan went, in the html report: when, with what, which sites under which scenarios, what failed. */
import type { JourneyOutcome, SiteScan } from '../model/result.js';
import { cell, codeCell, element, escapeHtml, plainTable, type HtmlSection } from './html-markup.js';
import type { FindingContext } from './i18n-findings.js';
import type { Vocabulary } from './i18n.js';

export function scanSection({ result, words }: FindingContext): HtmlSection {
  const { scan } = result;
  const policy = result.inventory?.policy;
  const facts: [string, string][] = [
    [words.word.started, words.instant(scan.startedAt)],
    [words.word.finished, words.instant(scan.finishedAt)],
    [words.word.tool, `${result.tool.name} ${result.tool.version}`],
    [words.word.browser, `${scan.browser.name} ${scan.browser.version}`],
    [words.word.thirdPartyCookies, scan.browser.thirdPartyCookies === 'blocked' ? words.word.blocked : words.word.allowed],
    ...(result.inventory ? [[words.word.inventory, result.inventory.file] as [string, string]] : []),
    ...(policy ? [[words.word.policy, `${policy.title} (${policy.owner}, version ${policy.version})`] as [string, string]] : []),
    ...(scan.shard ? [[words.word.shard, `${scan.shard.index}/${scan.shard.count}`] as [string, string]] : []),
    [words.word.pagesVisited, String(result.summary.pagesVisited)],
  ];
  const { column } = words;
  const sites = plainTable(
    [column.site, column.startUrls, column.pages, column.complete, column.errors, column.journey, column.coverage],
    scan.sites.map((site) => siteRow(site, words)),
  );
  const errors = scan.sites.flatMap((site) =>
    site.errors.map((error) => `<tr>${cell(`${site.name} › ${site.scenario}`)}${codeCell(error.url)}${cell(error.message)}</tr>`),
  );
  const blocks = [
    `<dl class="meta">${facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`,
    `<div class="table-wrap">${sites}</div>`,
    ...(errors.length > 0
      ? [`<h3>${escapeHtml(`${words.section.scanErrors} (${errors.length})`)}</h3><div class="table-wrap">${plainTable([column.site, column.url, column.message], errors)}</div>`]
      : []),
  ];
  return { id: 'scan', body: blocks.join('') };
}

function siteRow(site: SiteScan, words: Vocabulary): string {
  const urls = site.startUrls.map((url) => `<code>${escapeHtml(url)}</code>`).join('<br>');
  const complete = site.complete ? words.word.yes : `${words.word.no} (${words.word.incomplete})`;
  return [
    '<tr>',
    cell(`${site.name} › ${site.scenario}`),
    element('td', {}, urls),
    cell(String(site.pagesVisited)),
    cell(complete),
    cell(String(site.errors.length)),
    cell(site.journey ? journeyText(site.journey, words) : '—'),
    cell(coverageText(site, words)),
    '</tr>',
  ].join('');
}

/** "2/3 étapes (l'étape 3 a échoué), consentement : donné, cookies préchargés (storageState) : 2". */
function journeyText(journey: JourneyOutcome, words: Vocabulary): string {
  const failed = journey.completed < journey.steps ? ` (${words.word.stepFailed.replace('{n}', String(journey.completed + 1))})` : '';
  return [
    ...(journey.steps > 0 ? [`${journey.completed}/${journey.steps} ${words.word.steps}${failed}`] : []),
    words.labelled(words.column.consent, words.value.consent[journey.consent]),
    ...(journey.preloadedCookies > 0 ? [words.labelled(words.word.preloaded, String(journey.preloadedCookies))] : []),
  ].join(', ');
}

/** Pages left by a limit, sitemaps read, links not followed; "—" when the crawl covered everything it found. */
function coverageText(site: SiteScan, words: Vocabulary): string {
  const skipped = (site.skippedLinks?.length ?? 0) + (site.skippedNotListed ?? 0);
  const notes = [
    ...(site.stoppedBy ? [words.labelled(words.word.notVisited, `${site.notVisited ?? 0} (${words.word.stoppedBy} ${words.value.stop[site.stoppedBy]})`)] : []),
    ...(site.sitemaps && site.sitemaps.length > 0 ? [words.labelled(words.word.sitemaps, String(site.sitemaps.length))] : []),
    ...(skipped > 0 ? [words.labelled(words.word.skippedLinks, String(skipped))] : []),
  ];
  return notes.length > 0 ? notes.join('; ') : '—';
}
