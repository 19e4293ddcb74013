import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/load.js';
import { parseProblems as problems } from '../helpers/inventory-problems.js';

const HEAD = `version: 1
policy:
  title: Politique
  owner: ESOMUS
  version: "1"
  persistent: { minLifetime: 1 day, maxLifetime: 5 years }
  consent: { required: true, reference: section 10 }
cookies:
  - id: uid
    name: UID
    party: first
    type: persistent
    consent: exempt
    label: UID
    purpose: { fr: Compter les pages. }
sites:
  - name: esomus
    urls: [https://www.esomus.test/]
    domains: [esomus.test]
`;

describe('sites: scope settings, consent banner and scenarios', () => {
  it('reads scenarios with their steps as the model, each step keeping where it is written', () => {
    const inventory = parseInventory(
      `${HEAD}    hosts: [static.esomus-cdn.test]
    include: ["https://www.esomus.test/fr/**"]
    exclude: ["/logout*"]
    sitemaps: false
    consentBanner: { accept: "#accept", refuse: "#refuse" }
    scenarios:
      - name: anonymous
      - name: subscribed
        storageState: states/subscribed.json
        consentAtStart: given
        steps:
          - goto: https://www.esomus.test/connexion
          - fill: "#email"
            value: demo@esomus.test
          - fill: "#password"
            env: ESOMUS_PASSWORD
          - press: Enter
            selector: "#password"
          - wait: { url: "**/mon-compte" }
          - consent: accept
`,
      'config/inventory.yaml',
    );
    expect(inventory.policy.consent).toEqual({ required: true, reference: 'section 10' });
    expect(inventory.cookies[0].consent).toBe('exempt');
    const [site] = inventory.sites;
    expect(site).toMatchObject({
      hosts: ['static.esomus-cdn.test'],
      include: ['https://www.esomus.test/fr/**'],
      exclude: ['/logout*'],
      sitemaps: false,
      consentBanner: { accept: '#accept', refuse: '#refuse' },
    });
    expect(site.scenarios?.map((scenario) => scenario.name)).toEqual(['anonymous', 'subscribed']);
    expect(site.scenarios?.[0]).toMatchObject({ steps: [], location: { line: 26, column: 9 } });
    const subscribed = site.scenarios![1];
    expect(subscribed.storageState).toBe(resolve('config', 'states/subscribed.json'));
    expect(subscribed.consentAtStart).toBe('given');
    expect(subscribed.steps).toEqual([
      { goto: 'https://www.esomus.test/connexion', location: { file: 'config/inventory.yaml', line: 31, column: 13 } },
      { fill: '#email', value: 'demo@esomus.test', location: expect.objectContaining({ line: 32 }) },
      { fill: '#password', env: 'ESOMUS_PASSWORD', location: expect.objectContaining({ line: 34 }) },
      { press: 'Enter', selector: '#password', location: expect.objectContaining({ line: 36 }) },
      { wait: { url: '**/mon-compte' }, location: expect.objectContaining({ line: 38 }) },
      { consent: 'accept', location: expect.objectContaining({ line: 39 }) },
    ]);
  });

  it('explains malformed steps, each at its line', () => {
    expect(
      problems(`${HEAD}    consentBanner: { accept: "#accept" }
    scenarios:
      - name: broken
        steps:
          - { click: "#a", goto: "https://www.esomus.test/" }
          - { fill: "#password" }
          - { fill: "#password", env: "not a name" }
          - { click: "#a", env: PASSWORD }
          - { wait: {} }
          - { consent: refuse }
          - {}
      - name: broken
`),
    ).toEqual([
      '24:22 sites[0].scenarios[0].steps[0].click: one action per step (this step already has goto); make click its own step',
      '25:21 sites[0].scenarios[0].steps[1].fill: fill needs exactly one of env (the name of an environment variable, for secrets) or value',
      '26:39 sites[0].scenarios[0].steps[2].env: expected an environment variable name such as "ESOMUS_PASSWORD", got "not a name"',
      '27:33 sites[0].scenarios[0].steps[3].env: env goes with fill only',
      '28:21 sites[0].scenarios[0].steps[4].wait: wait needs exactly one of selector, url, ms',
      '29:24 sites[0].scenarios[0].steps[5].consent: consent: refuse clicks the site\'s banner button, but the site has no consentBanner.refuse selector (add consentBanner: { refuse: "#…" } to the site)',
      '30:13 sites[0].scenarios[0].steps[6]: a step needs one of goto, click, fill, press, wait, consent, e.g. { click: "#login" }',
      '31:15 sites[0].scenarios[1].name: duplicate name "broken" (already used by scenarios[0] at line 22): give each scenario its own name',
    ]);
  });

  it('names the allowed values of consent settings', () => {
    expect(problems(HEAD.replace('consent: exempt', 'consent: optional'))).toEqual([
      '13:14 cookies[0].consent: expected one of "required" or "exempt", got "optional"',
    ]);
  });
});
