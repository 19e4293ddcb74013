import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findBrowser } from '../../src/crawl/browser.js';
import type { AuditResult } from '../../src/model/result.js';
import { renderHtml } from '../../src/report/html.js';
import { observation, run } from '../audit/builders.js';
import { esomusResult, esomusResultWithBaseline, HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_URL } from './esomus-result.js';

const REPORT_URL = 'http://report.test/audit.html';
const SCREENSHOT = 'test-artifacts/html-report.png';

const french = (result: AuditResult) => renderHtml(result, { color: false, lang: 'fr', includeValues: false });

describe('renderHtml as text', () => {
  const html = french(esomusResultWithBaseline());

  test('allows exactly its own inline style and script by hash, and nothing to load', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(csp).toBe(`default-src 'none'; style-src ${hash(style)}; script-src ${hash(script)}; base-uri 'none'; form-action 'none'`);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  test('refers to nothing outside itself', () => {
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    const attributeNames = tags.flatMap((tag) => tag.replace(/"[^"]*"/g, '').match(/\s[a-z-]+(?==)/gi) ?? []).map((name) => name.trim());
    expect(attributeNames.filter((name) => ['src', 'srcset', 'action', 'data', 'poster', 'background'].includes(name))).toEqual([]);
    expect([...html.matchAll(/\shref="([^"]*)"/g)].map(([, href]) => href).filter((href) => !href.startsWith('#'))).toEqual([]);
    expect(html).not.toMatch(/url\(|@import/);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<style/g)).toHaveLength(1);
  });

  test('escapes every site-provided string, control characters and bidi overrides included', () => {
    for (const hostile of [HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_URL]) expect(html).not.toContain(hostile);
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
    const tricky = french(run([observation({ name: 'a\u001b[31m\u202eb\nc', domain: "x'.test" })], []));
    expect(tricky).toContain('a\\x1B[31m\\u202Eb\\nc');
    expect(tricky).toContain('x&#39;.test');
    expect(tricky.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  test('never shows a cookie value, even one smuggled into a saved report', () => {
    const result = esomusResult();
    const smuggled = { ...result, cookies: result.cookies.map((cookie) => ({ ...cookie, value: 'S3CR3T-VALUE' })) };
    expect(french(smuggled)).not.toContain('S3CR3T-VALUE');
  });

  test('charts every persistent cookie on a log axis over the policy band, the ones breaking a lifetime rule in red', () => {
    const chart = /<svg class="chart"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(chart.match(/<g>/g)).toHaveLength(4);
    expect(chart.match(/<circle class="requested flagged"/g)).toHaveLength(2);
    expect(chart).toContain('bornes de la politique : 1 jour – 5 ans (section 8)');
    expect(chart).toContain('plafond de Chromium : 400 jours');
    const x = (label: string) => Number(new RegExp(`<text x="([\\d.]+)"[^>]*>${label}</text>`).exec(chart)?.[1]);
    // A log axis: from a day to a year is log10(365.2425) times as long as from one year to ten.
    expect((x('1 an') - x('1 jour')) / (x('10 ans') - x('1 an'))).toBeCloseTo(Math.log10(365.2425), 1);
  });

  test('is the same for the same result: no clock', () => {
    expect(french(esomusResultWithBaseline())).toBe(html);
  });
});

describe('renderHtml in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: findBrowser().executablePath, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  interface OpenedReport {
    page: Page;
    /** Every request the page made, the document's included. */
    requests: string[];
    console: string[];
  }

  /** Serves the report at REPORT_URL and refuses every other request, recording them all. */
  async function open(html: string): Promise<OpenedReport> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const console: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => console.push(message.text()));
    await page.route('**/*', (route) =>
      route.request().url() === REPORT_URL ? route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }) : route.abort(),
    );
    await page.goto(REPORT_URL);
    return { page, requests, console };
  }

  const names = (page: Page) => page.locator('#cookie-table tbody tr:visible td:nth-child(2)').allTextContents();

  test('French, verdict first, then what changed and the new findings', async () => {
    const { page } = await open(french(esomusResultWithBaseline()));
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect.poll(() => page.locator('.verdict .word').textContent()).toBe('ÉCHEC');
    const order = await page.evaluate(() => [...document.querySelectorAll('.verdict, section')].map((element) => element.id || element.className));
    expect(order).toEqual(['verdict fail', 'changes', 'findings', 'cookies', 'lifetimes', 'unobserved', 'rejected', 'storage', 'scan']);
    expect(await page.locator('#findings h3').allTextContents()).toEqual(['Nouveaux constats (3)', 'Constats existants (8)']);
    expect(await page.locator('#findings article').first().locator('.badge.new').textContent()).toBe('NOUVEAU');
    expect(await page.locator('#changes').textContent()).toContain(HOSTILE_IMG);
    await page.close();
  });

  test('words each finding in French with the policy section it breaks; a waived one says until when, by whom and why', async () => {
    const { page } = await open(french(esomusResultWithBaseline()));
    const overLong = page.locator('#findings article', { hasText: 'Durée de vie trop longue' });
    expect(await overLong.textContent()).toContain('Durée de vie demandée : 10 ans (Chromium conserve 400 jours) ; maximum autorisé : 5 ans.');
    expect(await overLong.locator('.rule').textContent()).toBe(
      'Règle : Durée de vie maximale des cookies persistants : 5 ans — Politique relative aux cookies (ESOMUS, version 2022-04-01), section 8 · inventory.yaml:40',
    );
    expect(await page.locator('#findings article', { hasText: 'Déposé avant le consentement' }).locator('.rule').textContent()).toContain('section 10');
    const waived = page.locator('#findings article.waived');
    expect(await waived.locator('.badge.waived').textContent()).toBe('Dérogation');
    expect(await waived.locator('.waiver').textContent()).toMatch(/^Dérogation jusqu'au 2025-06-30 \(dpo@esomus\.test\) : widget tiers, correctif prévu/);
    expect(await page.locator('#unobserved td code').first().textContent()).toBe('never');
    await page.close();
  });

  test('sorts the cookie table by a heading, both ways, numbers as numbers', async () => {
    const { page } = await open(french(esomusResult()));
    const heading = (title: string) => page.locator('#cookie-table th button', { hasText: title });
    const all = await names(page);
    const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });
    await heading('Nom').click();
    expect(await names(page)).toEqual([...all].sort(collator.compare));
    expect(await page.getAttribute('#cookie-table th:nth-child(2)', 'aria-sort')).toBe('ascending');
    await heading('Nom').click();
    expect(await names(page)).toEqual([...all].sort(collator.compare).reverse());
    await heading('Durée demandée').click();
    expect(await page.locator('#cookie-table tbody td:nth-child(7)').allTextContents()).toEqual(['—', '—', '1 heure', '1 mois', '395 jours', '10 ans']);
    await page.close();
  });

  test('filters the cookie table as one types, and counts the rows shown', async () => {
    const { page } = await open(french(esomusResult()));
    const filter = page.locator('#cookie-filter');
    await filter.fill('stck');
    expect(await names(page)).toEqual(['STCK_ID']);
    expect(await page.locator('.controls output').textContent()).toBe('1');
    await filter.fill('partenaire');
    expect(await names(page)).toHaveLength(2);
    await filter.fill('');
    expect(await names(page)).toHaveLength(6);
    await page.close();
  });

  test('runs no markup from hostile names, and loads nothing but the document (no CSP violation either)', async () => {
    const { page, requests, console } = await open(french(esomusResultWithBaseline()));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => [document.images.length, document.scripts.length])).toEqual([0, 1]);
    expect(await names(page)).toContain(HOSTILE_IMG);
    expect(await page.locator('.controls').isVisible()).toBe(true);
    expect(requests).toEqual([REPORT_URL]);
    expect(console.filter((text) => text.includes('Content Security Policy'))).toEqual([]);
    await page.close();
  });

  test('escaping alone stops the hostile names, without the Content-Security-Policy', async () => {
    const withoutCsp = french(esomusResultWithBaseline()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    const { page } = await open(withoutCsp);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => document.images.length)).toBe(0);
    await page.close();
  });

  test('prints with every detail unfolded, every row shown and no controls; screenshot saved', async () => {
    const { page } = await open(french(esomusResultWithBaseline()));
    const folded = page.locator('#findings details p').first();
    await page.locator('#cookie-filter').fill('stck');
    expect(await folded.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await folded.isVisible()).toBe(true);
    expect(await page.locator('.controls').isVisible()).toBe(false);
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(await names(page)).toHaveLength(6);
    await page.emulateMedia({ media: 'screen' });
    await page.locator('#cookie-filter').fill('');
    await mkdir('test-artifacts', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(10_000);
    await page.close();
  });

  test('English, with the audit messages, when asked', async () => {
    const result = esomusResult();
    const { page } = await open(renderHtml(result, { color: false, lang: 'en', includeValues: false }));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('.verdict .word').textContent()).toBe('FAIL');
    const overLong = result.findings.find((finding) => finding.kind === 'over-long');
    expect(await page.locator('#findings article', { hasText: 'Lifetime too long' }).textContent()).toContain(overLong?.message);
    expect(await page.locator('#lifetimes figcaption').textContent()).toContain('logarithmic scale');
    await page.close();
  });
});
