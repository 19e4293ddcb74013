import type { SiteConfig, Waiver } from '../model/inventory.js';
import type { Route, VirtualHosts } from './server.js';

/** The demo subscriber's password, handed to the scan as an environment variable (as a secret would be). */
export const DEMO_ENV = { ESOMUS_DEMO_PASSWORD: 'demo' };

/**
 * Waivers the demo adds to the bundled inventory (the real ESOMUS file has none): one that still holds,
 * so a finding shows as waived, and one long expired, which is itself a finding.
 */
export const DEMO_WAIVERS: Waiver[] = [
  {
    cookie: 'STCK_ID',
    kind: 'type-mismatch',
    site: 'isqm-manager',
    reason: 'Démo : correctif de durée prévu par ISQM',
    owner: 'dpo@esomus.test',
    expires: '2099-12-31',
  },
  {
    entry: 'u2',
    kind: 'unobserved',
    reason: 'Démo : U2 retiré du site, politique à mettre à jour',
    owner: 'dpo@esomus.test',
    expires: '2024-01-31',
  },
];

/**
 * A small ESOMUS-like estate on invented `.test` hosts: the main site and a sub-domain, a second
 * product site, an analytics vendor whose script writes a first-party cookie, and an ad partner
 * framed cross-site. It is built to show every finding kind next to compliant cookies: ESOMUS is
 * visited as a new visitor and as a subscriber (who consented by subscribing, section 10 of the
 * policy); ISQM Manager's banner is refused, and the site sets an analytics cookie all the same.
 */
export const DEMO_SITES: SiteConfig[] = [
  {
    name: 'esomus',
    urls: ['https://www.esomus.test/'],
    domains: ['esomus.test'],
    scenarios: [
      { name: 'anonymous', steps: [] },
      {
        name: 'abonne',
        consentAtStart: 'given',
        steps: [
          { goto: 'https://compte.esomus.test/connexion' },
          { fill: '#email', value: 'demo@esomus.test' },
          { fill: '#mot-de-passe', env: 'ESOMUS_DEMO_PASSWORD' },
          { click: '#se-connecter' },
          { wait: { url: '**/mon-compte' } },
        ],
      },
    ],
  },
  {
    name: 'isqm-manager',
    urls: ['https://www.isqm-manager.test/'],
    domains: ['isqm-manager.test'],
    consentBanner: { accept: '#accepter', refuse: '#refuser' },
    scenarios: [{ name: 'refus', steps: [{ consent: 'refuse' }] }],
  },
];

const DAY = 86_400;

function page(title: string, body: string, cookies: string[] = []): Route {
  return {
    headers: { 'Set-Cookie': cookies },
    body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`,
  };
}

const analyticsTag = `(function () {
  var host = location.hostname.split('.').slice(-2).join('.');
  document.cookie = '_ma_id=' + Math.random().toString(36).slice(2) + '; max-age=${10 * 365 * DAY}; path=/; domain=' + host + '; SameSite=Lax';
  document.cookie = '_ma_test=1; path=/';
  document.cookie = '_ma_test=; max-age=0; path=/';
  localStorage.setItem('_ma_last_visit', String(Date.now()));
})();`;

export const DEMO_HOSTS: VirtualHosts = {
  'www.esomus.test': {
    '/': page(
      'ESOMUS',
      `<p>Logiciels de gestion.</p>
       <a href="/offres">Nos offres</a> <a href="https://compte.esomus.test/inscription">S'inscrire</a>
       <a href="https://www.isqm-manager.test/">ISQM Manager</a>
       <script src="https://cdn.mesure-audience.test/tag.js"></script>`,
      [
        `UID=u-1842; Max-Age=${396 * DAY}; Path=/; Secure; SameSite=Lax`,
        'SEO_KW=logiciel%20qualite; Path=/; Secure; SameSite=Lax',
        'CODE_OP=printemps; Path=/; Secure; SameSite=Lax',
        '__Host-session=1; Domain=esomus.test; Path=/; Secure',
      ],
    ),
    '/offres': page(
      'Nos offres',
      `<a href="/">Accueil</a><iframe src="https://ads.partenaire-pub.test/cadre" title="publicité"></iframe>`,
    ),
  },
  'compte.esomus.test': {
    '/inscription': {
      status: 302,
      headers: {
        Location: '/inscription/etape-1',
        'Set-Cookie': 'STCK_ID=s-77; Domain=esomus.test; Path=/; Secure; HttpOnly; SameSite=Lax',
      },
    },
    '/inscription/etape-1': page('Inscription', '<a href="https://www.esomus.test/">Accueil</a>'),
    '/connexion': page(
      'Connexion',
      `<input id="email" type="email"> <input id="mot-de-passe" type="password">
       <button id="se-connecter">Se connecter</button>
       <script>document.getElementById('se-connecter').onclick = () => { location.href = '/mon-compte'; };</script>`,
    ),
    '/mon-compte': page('Mon compte', '<a href="https://www.esomus.test/">Accueil</a>', [
      `DERNIER_COMPTE_ID=a-9; Max-Age=${365 * DAY}; Path=/; Secure; HttpOnly; SameSite=Lax`,
    ]),
  },
  'www.isqm-manager.test': {
    '/': page(
      'ISQM Manager',
      `<script src="https://cdn.mesure-audience.test/tag.js"></script>
       <script>document.cookie = 'UID=u-3107; max-age=${10 * 365 * DAY}; path=/; SameSite=Lax';</script>
       <iframe src="https://ads.partenaire-pub.test/sync" title="synchronisation"></iframe>
       <div role="dialog"><button id="accepter">Accepter</button> <button id="refuser">Continuer sans accepter</button></div>
       <script>
         document.getElementById('refuser').onclick = () => { document.cookie = 'STCK_ID=s-78; max-age=${30 * DAY}; path=/; SameSite=Lax'; };
       </script>`,
    ),
  },
  'cdn.mesure-audience.test': {
    '/tag.js': { body: analyticsTag, contentType: 'text/javascript' },
  },
  'ads.partenaire-pub.test': {
    '/cadre': page('Annonce', '<p>Annonce</p>', [
      'pub_uid=p-1; Max-Age=3600; Path=/; Secure; SameSite=None',
      `_gcl_au=1.1.42; Max-Age=${90 * DAY}; Path=/; Secure; SameSite=None; Partitioned`,
    ]),
    '/sync': page('Sync', '', [`UID=x-5; Max-Age=${30 * DAY}; Path=/; Secure; SameSite=None`]),
  },
};
