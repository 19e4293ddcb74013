import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { DRAFT_MARKER, draftEntries, readableLifetime, renderDraft } from '../../src/inventory/draft.js';
import { parseInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/model/inventory.js';
import type { Observation } from '../../src/model/observation.js';
import type { AuditResult } from '../../src/model/result.js';
import { DAY, duration, entry, esomusEntries, inventory as buildInventory, observation, policy, run, scan, sessionObservation, TODAY, TOOL } from '../audit/builders.js';
import { gaHints } from '../report/fixtures.js';

/** An inventory with no cookies yet: the draft's `cookies:` list appended makes it complete. */
const MINIMAL = `version: 1
policy:
  title: Politique relative aux cookies
  owner: ESOMUS
  version: "2022-04-01"
  persistent: { minLifetime: 1 day, maxLifetime: 5 years, reference: section 8 }
sites:
  - name: esomus
    urls: [https://www.esomus.test/]
    domains: [esomus.test]
`;

const SET_AT = Date.parse('2025-03-10T09:00:00.000Z');

function cookies(): Observation[] {
  return [
    observation({ name: 'UID', requestedLifetimeSeconds: 395 * DAY }),
    observation({ name: '_ga_X1', requestedLifetimeSeconds: 730 * DAY, effectiveLifetimeSeconds: 400 * DAY, setBy: 'js', initiatorUrl: 'https://www.esomus.test/ga.js' }),
    observation({ name: '_ga_X1', site: 'shop', domain: '.esomus-shop.test', requestedLifetimeSeconds: 730 * DAY + 2 }),
    sessionObservation({ name: 'STCK_ID', domain: 'www.esomus.test' }),
    observation({ name: 'IDE', domain: '.ads.partner.test', party: 'third', requestedLifetimeSeconds: 10 * 365 * DAY }),
    sessionObservation({ name: 'sid', domain: 'www.esomus.test' }),
    sessionObservation({ name: 'sid', domain: '.partner.test', party: 'third' }),
  ];
}

/** A saved scan as `scan --json` writes it (audited against an empty inventory). */
function savedScan(observed: Observation[] = cookies()): AuditResult {
  return run(observed, [], { inventory: { policy: policy({ persistent: { minLifetime: duration('1 day'), maxLifetime: duration('5 years'), reference: 'section 8' } }) } });
}

/** Loads MINIMAL + the draft through the real loader: it throws on anything the schema refuses. */
function mergedInventory(yamlText: string): Inventory {
  return parseInventory(`${MINIMAL}${yamlText}`, 'inventory.yaml');
}

describe('drafting entries from a saved scan', () => {
  it('drafts one entry per cookie name, with party, type, domains and a readable maxLifetime', () => {
    const draft = draftEntries(savedScan(), { hints: gaHints });
    expect(draft.observed).toBe(7);
    expect(draft.declared).toBe(0);
    const byId = Object.fromEntries(draft.entries.map(({ entry }) => [entry.id, entry]));
    expect(Object.keys(byId)).toEqual(['ide', 'stck-id', 'uid', 'ga-x1', 'sid-esomus.test', 'sid-partner.test']);
    expect(byId.uid).toMatchObject({ name: 'UID', domains: ['esomus.test'], party: 'first', type: 'persistent', maxLifetime: '13 months' });
    expect(byId['stck-id']).toMatchObject({ name: 'STCK_ID', party: 'first', type: 'session' });
    expect(byId['stck-id'].maxLifetime).toBeUndefined();
    // Seen on two sites' domains, the same party and type: one entry, both domains; 2 s of drift forgiven.
    expect(byId['ga-x1']).toMatchObject({ name: '_ga_X1', domains: ['esomus-shop.test', 'esomus.test'], maxLifetime: '2 years', category: 'analytics' });
  });

  it('splits a name by domain when another domain sets it with another party or type', () => {
    const draft = draftEntries(savedScan());
    const sids = draft.entries.filter(({ entry }) => entry.name === 'sid').map(({ entry }) => [entry.id, entry.domains, entry.party]);
    expect(sids).toEqual([
      ['sid-esomus.test', ['esomus.test'], 'first'],
      ['sid-partner.test', ['partner.test'], 'third'],
    ]);
  });

  it('marks every label and purpose as a draft, with the Open Cookie Database hint when there is one', () => {
    const draft = draftEntries(savedScan(), { hints: gaHints });
    for (const { entry: drafted } of draft.entries) {
      expect(drafted.label.startsWith(`${DRAFT_MARKER} — `)).toBe(true);
      expect(drafted.purpose.fr.startsWith(`${DRAFT_MARKER} — `)).toBe(true);
    }
    const ga = draft.entries.find(({ entry: drafted }) => drafted.id === 'ga-x1')!;
    expect(ga.notes.some((note) => note.startsWith('Open Cookie Database (matched "_ga_*"'))).toBe(true);
  });

  it('writes no maxLifetime above the policy maximum, which would hide an over-long cookie', () => {
    const ide = draftEntries(savedScan()).entries.find(({ entry: drafted }) => drafted.id === 'ide')!;
    expect(ide.entry.maxLifetime).toBeUndefined();
    expect(ide.notes.join('\n')).toContain('above the policy maximum (5 years, section 8)');
  });

  it('with an inventory, drafts only what it does not declare, with ids it does not use', () => {
    const existing = buildInventory([...esomusEntries(), entry({ id: 'ide', name: 'OTHER' }), entry({ id: 'sid', name: 'sid', type: 'session', domains: ['esomus.test'] })]);
    const draft = draftEntries(savedScan(), { inventory: existing });
    expect(draft.declared).toBe(3); // UID, STCK_ID, sid on esomus.test
    expect(draft.entries.map(({ entry: drafted }) => [drafted.id, drafted.name, drafted.domains])).toEqual([
      ['ide-2', 'IDE', ['partner.test']],
      ['ga-x1', '_ga_X1', ['esomus-shop.test', 'esomus.test']],
      ['sid-2', 'sid', ['partner.test']],
    ]);
  });

  it('points at an unnamed entry whose label looks like the cookie name', () => {
    const existing = buildInventory(esomusEntries());
    const draft = draftEntries(savedScan([sessionObservation({ name: 'CODE_OP' })]), { inventory: existing });
    expect(draft.entries[0].notes.join('\n')).toContain('looks like entry "code-operation" ("Code Opération"), which gives no technical name');
  });

  it('declares a cookie with an empty name by regex', () => {
    const draft = draftEntries(savedScan([sessionObservation({ name: '' })]));
    expect(draft.entries[0].entry).toMatchObject({ id: 'empty-name', regex: '^$' });
    expect(draft.entries[0].entry.name).toBeUndefined();
  });
});

describe('readable lifetimes', () => {
  const from = (seconds: number, at = SET_AT) => readableLifetime([{ setAtMs: at, seconds }])?.text;

  it('rounds up to the largest unit that fits within 2%', () => {
    expect(from(730 * DAY)).toBe('2 years');
    expect(from(730 * DAY + 2)).toBe('2 years');
    expect(from(365 * DAY)).toBe('1 year');
    expect(from(395 * DAY)).toBe('13 months');
    expect(from(400 * DAY)).toBe('400 days');
    expect(from(30 * DAY)).toBe('30 days');
    expect(from(1 * DAY)).toBe('1 day');
    expect(from(3 * 3600)).toBe('3 hours');
    expect(from(600)).toBe('10 minutes');
    expect(from(90 * 60)).toBe('90 minutes');
    expect(from(20)).toBe('1 minute');
  });

  it('always covers the lifetime asked for, from the moment the cookie was set', () => {
    for (const days of [1, 2, 7, 28, 29, 31, 59, 90, 180, 364, 366, 395, 396, 397, 1000, 1826, 3650]) {
      for (const at of [SET_AT, Date.parse('2024-01-31T00:00:00Z'), Date.parse('2025-02-01T12:00:00Z')]) {
        const text = from(days * DAY, at)!;
        const result = readableLifetime([{ setAtMs: at, seconds: days * DAY }])!;
        const audited = audit(
          scan([observation({ name: 'c', setAt: new Date(at).toISOString(), requestedLifetimeSeconds: days * DAY })]),
          buildInventory([entry({ id: 'c', name: 'c', maxLifetime: result })], { policy: policy({ persistent: { minLifetime: duration('0 days'), maxLifetime: duration('100 years') } }) }),
          { failOn: 'error', tool: TOOL, today: TODAY },
        );
        expect(audited.findings.map((finding) => finding.kind), `${days} days from ${new Date(at).toISOString()} → ${text}`).not.toContain('over-long');
      }
    }
  });
});

describe('the drafted YAML', () => {
  it('is schema-valid once appended to an inventory, and then declares every cookie it drafted', () => {
    const result = savedScan();
    const text = renderDraft(draftEntries(result, { hints: gaHints }), { source: 'scan.json' });
    const merged = mergedInventory(text);
    expect(merged.cookies).toHaveLength(6);
    const audited = audit(scan(cookies()), merged, { failOn: 'error', tool: TOOL, today: TODAY });
    const kinds = audited.findings.map((finding) => `${finding.kind} ${finding.cookie?.name ?? finding.entry}`);
    expect(kinds.filter((kind) => kind.startsWith('undeclared'))).toEqual([]);
    // The only finding left is the cookie above the policy maximum: drafting does not hide it.
    expect(kinds).toEqual(['over-long IDE']);
  });

  it('starts with a header comment and gives each entry comments on what was observed', () => {
    const text = renderDraft(draftEntries(savedScan(), { hints: gaHints }), { source: 'scan.json' });
    expect(text).toMatch(/^# Draft inventory entries written by cookie-audit inventory init: 6 for the cookies observed in scan\.json\.\n/);
    expect(text).toContain(`"${DRAFT_MARKER}"`);
    expect(text).toContain(
      '  # "UID" on ".esomus.test": first-party, persistent, requested 395 days\n' +
        '  # seen on "esomus › anonymous"; first on "https://www.esomus.test/", set by an HTTP response "https://www.esomus.test/"\n' +
        '  - id: uid\n',
    );
    expect(text).toContain('    domains: [esomus.test]\n');
    expect(text).toContain('Hints: Open Cookie Database (Apache-2.0)');
    expect(renderDraft(draftEntries(savedScan(), { hints: gaHints }), { source: 'scan.json' })).toBe(text);
  });

  it('writes an empty list when every cookie is declared, still valid', () => {
    const existing = buildInventory([entry({ id: 'all', pattern: '*', type: 'session' })]);
    const draft = draftEntries(savedScan([sessionObservation({ name: 'a' })]), { inventory: existing });
    const text = renderDraft(draft, { source: 'scan.json', inventoryFile: 'inventory.yaml' });
    expect(text).toContain('Nothing to draft: every observed cookie is declared.');
    expect(text).toMatch(/\ncookies: \[\]\n$/);
    expect(mergedInventory(text).cookies).toEqual([]);
  });

  describe('with hostile cookie names', () => {
    const HOSTILE = [
      'a: b',
      '- id: injected',
      '#comment',
      '*alias',
      '&anchor',
      '!!python/object',
      "it's",
      'say "hi"',
      'yes',
      'null',
      '1e3',
      '0x10',
      '{a}',
      '[a]',
      'a #b',
      ' lead',
      'trail ',
      '%TAG',
      '@at',
      '`tick',
      'x\ny\n- id: injected2\n  name: evil',
      'esc\u001b[2Jape',
      'del\u007f',
      'nel\u0085line',
      'sep\u2028line',
      'rtl\u202Eevil',
      'zero\u200Bwidth',
      '\uFEFFbom',
      'tab\there',
      'lone\uD800surrogate',
      'emoji🍪',
      'x'.repeat(300),
    ];
    const hostile = HOSTILE.map((name) => sessionObservation({ name, domain: 'www.esomus.test' }));
    const text = renderDraft(draftEntries(savedScan(hostile), { hints: () => ({ platform: 'p\n- id: x', category: 'Analytics', retention: '1\u202E', dataController: 'c', description: 'd"\n  evil: 1', matched: '#\nx', source: 'Open Cookie Database' }) }), { source: 'scan\n- id: evil.json' });

    it('keeps every name exactly, one entry each, nothing injected', () => {
      const parsed = parse(text) as { cookies: { id: string; name: string }[] };
      expect(Object.keys(parsed)).toEqual(['cookies']);
      expect(parsed.cookies.map((drafted) => drafted.name).sort()).toEqual([...HOSTILE].sort());
      expect(parsed.cookies.map((drafted) => drafted.id)).not.toContain('injected');
      expect(new Set(parsed.cookies.map((drafted) => drafted.id)).size).toBe(HOSTILE.length);
    });

    it('writes no raw control, bidi or invisible character, and comments stay comments', () => {
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/);
      expect(text).not.toMatch(/[\ud800-\udfff]/u);
      for (const line of text.split('\n')) {
        expect(line, line).toMatch(/^(#|  #|cookies:|  - id: |    [a-z]+:|      (fr|en): |$)/);
      }
    });

    it('is schema-valid and declares each hostile cookie once appended to an inventory', () => {
      const merged = mergedInventory(text);
      expect(merged.cookies).toHaveLength(HOSTILE.length);
      const audited = audit(scan(hostile), merged, { failOn: 'error', tool: TOOL, today: TODAY });
      expect(audited.findings.filter((finding) => finding.kind === 'undeclared')).toEqual([]);
    });
  });
});
