import { describe, expect, it } from 'vitest';
import { createScope, normaliseUrl } from '../../src/crawl/scope.js';

describe('createScope', () => {
  const scope = createScope({ domains: ['shop.test', 'Shop.co.uk'], hosts: ['preview.vercel.app'] });

  it('follows http(s) URLs on the registrable domains and the extra hosts', () => {
    expect(scope.check('https://www.shop.test/a')).toEqual({ inScope: true });
    expect(scope.check('http://cdn.img.shop.test/')).toEqual({ inScope: true });
    expect(scope.check('https://WWW.SHOP.CO.UK/')).toEqual({ inScope: true });
    expect(scope.check('https://preview.vercel.app/x')).toEqual({ inScope: true });
  });

  it('says in plain words why a URL is not followed', () => {
    expect(scope.check('https://ads.example.net/pixel')).toEqual({ inScope: false, reason: 'other site: ads.example.net' });
    expect(scope.check('https://other.vercel.app/')).toEqual({ inScope: false, reason: 'other site: other.vercel.app' });
    expect(scope.check('https://shop.test.evil.net/')).toEqual({ inScope: false, reason: 'other site: shop.test.evil.net' });
    expect(scope.check('mailto:hello@shop.test')).toEqual({ inScope: false, reason: 'scheme mailto: is never followed' });
    expect(scope.check('javascript:void(0)')).toEqual({ inScope: false, reason: 'scheme javascript: is never followed' });
    expect(scope.check('ftp://www.shop.test/file')).toEqual({ inScope: false, reason: 'scheme ftp: is never followed' });
    expect(scope.check('/relative')).toEqual({ inScope: false, reason: 'not a valid URL: "/relative"' });
  });

  it('treats IP hosts as their own domain', () => {
    expect(createScope({ domains: ['127.0.0.1'] }).check('http://127.0.0.1:8080/')).toEqual({ inScope: true });
  });
});

describe('include and exclude globs', () => {
  const scope = createScope({
    domains: ['shop.test'],
    include: ['https://www.shop.test/**', 'https://blog.shop.test/*/'],
    exclude: ['/admin/**', '**/print', 'https://www.shop.test/*.pdf', '/search?*'],
  });

  it('requires one include glob to match, when there are any', () => {
    expect(scope.check('https://www.shop.test/a/b/c')).toEqual({ inScope: true });
    expect(scope.check('https://blog.shop.test/2024/')).toEqual({ inScope: true });
    expect(scope.check('https://blog.shop.test/2024/05/')).toEqual({
      inScope: false,
      reason: 'not matched by any include glob: https://www.shop.test/**, https://blog.shop.test/*/',
    });
  });

  it('rejects what an exclude glob matches, naming the glob', () => {
    expect(scope.check('https://www.shop.test/admin')).toEqual({ inScope: false, reason: 'excluded by /admin/**' });
    expect(scope.check('https://www.shop.test/admin/users/1?x=1')).toEqual({ inScope: false, reason: 'excluded by /admin/**' });
    expect(scope.check('https://www.shop.test/administrator')).toEqual({ inScope: true });
    expect(scope.check('https://www.shop.test/a/b/print')).toEqual({ inScope: false, reason: 'excluded by **/print' });
    expect(scope.check('https://www.shop.test/doc.pdf')).toEqual({ inScope: false, reason: 'excluded by https://www.shop.test/*.pdf' });
    expect(scope.check('https://www.shop.test/docs/doc.pdf')).toEqual({ inScope: true });
    expect(scope.check('https://www.shop.test/search?q=socks')).toEqual({ inScope: false, reason: 'excluded by /search?*' });
    expect(scope.check('https://www.shop.test/search')).toEqual({ inScope: true });
  });

  it('matches the URL without its fragment, after normalisation', () => {
    expect(scope.check('HTTPS://WWW.SHOP.TEST:443/admin/#top')).toEqual({ inScope: false, reason: 'excluded by /admin/**' });
    expect(createScope({ domains: ['shop.test'], exclude: ['/p?a=*&b=*'] }).check('https://shop.test/p?b=2&a=1')).toEqual({
      inScope: false,
      reason: 'excluded by /p?a=*&b=*',
    });
  });

  it('takes regular-expression characters literally', () => {
    const literal = createScope({ domains: ['shop.test'], exclude: ['/a+b/(x)'] });
    expect(literal.check('https://shop.test/a+b/(x)').inScope).toBe(false);
    expect(literal.check('https://shop.test/aab/x').inScope).toBe(true);
  });
});

describe('normaliseUrl', () => {
  it('drops the fragment and the default port, lower-cases scheme and host, keeps the path', () => {
    expect(normaliseUrl('HTTPS://WWW.Shop.TEST:443/Path/To#section')).toBe('https://www.shop.test/Path/To');
    expect(normaliseUrl('http://shop.test:80/a/')).toBe('http://shop.test/a/');
    expect(normaliseUrl('http://shop.test:8080/a')).toBe('http://shop.test:8080/a');
  });

  it('sorts query parameters by name, stably, keeping their encoding', () => {
    expect(normaliseUrl('https://shop.test/p?z=1&a=2&m=3&a=1')).toBe('https://shop.test/p?a=2&a=1&m=3&z=1');
    expect(normaliseUrl('https://shop.test/p?b=%20x&a')).toBe('https://shop.test/p?a&b=%20x');
    expect(normaliseUrl('https://shop.test/p?&b=1&&a=2')).toBe('https://shop.test/p?a=2&b=1');
    expect(normaliseUrl('https://shop.test/p?')).toBe('https://shop.test/p');
  });

  it('is what Scope.normalise does', () => {
    expect(createScope({ domains: [] }).normalise('https://X.test/?b&a#f')).toBe('https://x.test/?a&b');
  });
});
