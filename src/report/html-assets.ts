/**
 * The html report's only style sheet and script, inlined: the report is one file that loads nothing.
 * The Content-Security-Policy allows exactly these two by hash, so no other script or style can run.
 */
import { createHash } from 'node:crypto';

export const STYLE = `
:root { --error: #b3261e; --warning: #8a5a00; --info: #0b5cad; --ok: #1e7a34; --muted: #5f6368; --line: #d0d4d9; --band: #dff1e3; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1f1f1f; background: #fff; margin: 0 auto; max-width: 1400px; padding: 1.5rem; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; background: #f1f3f4; padding: 0 .2em; border-radius: 3px; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
.verdict { border: 2px solid; border-radius: 8px; padding: .75rem 1.25rem; margin: 1rem 0; }
.verdict.fail { border-color: var(--error); background: #fdecea; }
.verdict.pass { border-color: var(--ok); background: #e8f5eb; }
.verdict .word { font-size: 1.6rem; font-weight: 700; margin-right: .75rem; }
.verdict.fail .word { color: var(--error); }
.verdict.pass .word { color: var(--ok); }
.alert { border: 2px solid var(--error); color: var(--error); font-weight: 700; padding: .5rem 1rem; border-radius: 6px; }
nav ol { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; padding: 0; margin: .5rem 0; list-style-position: inside; }
.finding { border-left: 4px solid var(--line); background: #f8f9fa; padding: .5rem .9rem; margin: .6rem 0; break-inside: avoid; }
.finding.error { border-left-color: var(--error); }
.finding.warning { border-left-color: var(--warning); }
.finding.info { border-left-color: var(--info); }
.finding.waived { border-left-style: dashed; background: #fff; }
.finding p { margin: .25rem 0; }
.badge { display: inline-block; font-size: .72rem; font-weight: 700; letter-spacing: .02em; text-transform: uppercase; border: 1px solid; border-radius: 4px; padding: 0 .4em; margin-right: .4em; }
.badge.error { color: var(--error); }
.badge.warning { color: var(--warning); }
.badge.info { color: var(--info); }
.badge.ok { color: var(--ok); }
.badge.new { color: #fff; background: #1f1f1f; border-color: #1f1f1f; }
.badge.waived { color: var(--muted); }
.rule, .muted, .where, figcaption { color: var(--muted); font-size: .92em; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .86rem; margin: .5rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
td code { overflow-wrap: break-word; }
th button { font: inherit; font-weight: 700; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: left; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
tr.filtered-out { display: none; }
.controls { display: flex; gap: .75rem; align-items: center; margin: .5rem 0; }
.controls input { font: inherit; padding: .25rem .5rem; min-width: 18rem; }
svg.chart { width: 100%; height: auto; }
svg.chart text { font: 11px system-ui, sans-serif; fill: #1f1f1f; }
svg.chart .band { fill: var(--band); }
svg.chart .tick { stroke: var(--line); }
svg.chart .cap { stroke: var(--muted); stroke-dasharray: 4 3; }
svg.chart .link { stroke: #9aa0a6; stroke-width: 2; }
svg.chart .requested { fill: #1f1f1f; }
svg.chart .requested.flagged { fill: var(--error); }
svg.chart .effective { fill: #fff; stroke: #1f1f1f; stroke-width: 1.5; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta dt { font-weight: 700; }
dl.meta dd { margin: 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .controls { display: none !important; }
  tr.filtered-out { display: table-row; }
  th button { cursor: auto; }
  th button::after { content: none !important; }
  details::details-content { content-visibility: visible; display: block; }
  summary { list-style: none; font-weight: 700; }
  summary::-webkit-details-marker { display: none; }
  .table-wrap { overflow: visible; }
  td code { overflow-wrap: anywhere; }
  h2, h3 { break-after: avoid; }
  tr { break-inside: avoid; }
}
`;

/**
 * Sorting (click a heading; numbers by their data-sort key), filtering (rows whose text contains what
 * was typed) and, for browsers without ::details-content, opening every <details> while printing.
 */
export const SCRIPT = `
(() => {
  "use strict";
  const collator = new Intl.Collator(document.documentElement.lang, { numeric: true, sensitivity: "base" });
  const sortKey = (row, column) => { const cell = row.cells[column]; return cell.dataset.sort ?? cell.textContent; };
  for (const table of document.querySelectorAll("table.sortable")) {
    const body = table.tBodies[0];
    const headings = Array.from(table.tHead.rows[0].cells);
    for (const heading of headings) {
      heading.querySelector("button").addEventListener("click", () => {
        const ascending = heading.getAttribute("aria-sort") !== "ascending";
        for (const other of headings) other.removeAttribute("aria-sort");
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const column = heading.cellIndex;
        const numeric = heading.dataset.type === "number";
        const rows = Array.from(body.rows).sort((a, b) => {
          const x = sortKey(a, column), y = sortKey(b, column);
          const order = numeric ? Number(x) - Number(y) : collator.compare(x, y);
          return ascending ? order : -order;
        });
        body.append(...rows);
      });
    }
  }
  for (const controls of document.querySelectorAll(".controls[data-table]")) {
    const table = document.getElementById(controls.dataset.table);
    const input = controls.querySelector("input");
    const shown = controls.querySelector("output");
    input.addEventListener("input", () => {
      const needle = input.value.trim().toLocaleLowerCase();
      let visible = 0;
      for (const row of table.tBodies[0].rows) {
        const match = row.textContent.toLocaleLowerCase().includes(needle);
        row.classList.toggle("filtered-out", !match);
        if (match) visible++;
      }
      shown.value = String(visible);
    });
    controls.hidden = false;
  }
  const folded = [];
  addEventListener("beforeprint", () => {
    for (const details of document.querySelectorAll("details:not([open])")) { details.open = true; folded.push(details); }
  });
  addEventListener("afterprint", () => { for (const details of folded.splice(0)) details.open = false; });
})();
`;

/** A CSP source for an inline block: 'sha256-…' of its exact text. */
function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing may load; only the inline style and script above may apply or run. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${cspHash(STYLE)}; script-src ${cspHash(SCRIPT)}; base-uri 'none'; form-action 'none'`;
