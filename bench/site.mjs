// A generated multi-host site: page i links to pages 2i+1 and 2i+2 (every 10th link through a 302),
// sets 3–5 cookies, every 3rd page loads a vendor script that writes a cookie, every 5th frames an ad
// partner that sets a third-party cookie, and every 10th writes a cookie from a timer 1 to 2.5 s after
// load (a late writer: the scan must wait for it).
export function benchHosts(pages, counter, { host = 'www.bench.test' } = {}) {
  const www = {};
  for (let i = 0; i < pages; i++) {
    www[`/p/${i}`] = () => pageRoute(i, pages, counter);
    www[`/r/${i}`] = () => ({ status: 302, headers: { Location: `/p/${i}`, 'Set-Cookie': count(counter, [`hop=${i}; Path=/`]) } });
  }
  return {
    [host]: www,
    'cdn.benchvendor.test': {
      '/tag.js': { contentType: 'text/javascript', body: "document.cookie = '_bv=' + Date.now() + '; path=/; max-age=31536000';" },
    },
    'ads.benchpartner.test': {
      '/frame': () => ({ headers: { 'Set-Cookie': count(counter, ['ad=1; Path=/; Max-Age=86400; Secure; SameSite=None']) }, body: 'ad' }),
    },
  };
}

/** The name of the cookie page i writes late, if it is a late writer. */
export function lateCookieOf(i) {
  return i % 10 === 9 ? `late_${i}` : undefined;
}

/** Between 1 and 2.5 s, spread over the late writers. */
function lateDelayMs(i) {
  return 1_000 + ((i * 397) % 1_500);
}

function pageRoute(i, pages, counter) {
  const links = [2 * i + 1, 2 * i + 2]
    .filter((child) => child < pages)
    .map((child) => `<a href="/${child % 10 === 0 ? 'r' : 'p'}/${child}">page ${child}</a>`)
    .join(' ');
  const cookies = Array.from({ length: 3 + (i % 3) }, (_, k) => `c${k}=${i}; Path=/; Max-Age=${86400 * (k + 1)}`);
  const script = i % 3 === 0 ? '<script src="https://cdn.benchvendor.test/tag.js"></script>' : '';
  const frame = i % 5 === 0 ? '<iframe src="https://ads.benchpartner.test/frame"></iframe>' : '';
  const late = lateCookieOf(i);
  const lateScript = late
    ? `<script>addEventListener('load', () => setTimeout(() => { document.cookie = '${late}=1; path=/; max-age=86400'; }, ${lateDelayMs(i)}));</script>`
    : '';
  if (i % 3 === 0) counter.cookies++;
  if (late) counter.cookies++;
  return { headers: { 'Set-Cookie': count(counter, cookies) }, body: `<!doctype html><title>p${i}</title>${links}${script}${frame}${lateScript}` };
}

function count(counter, cookies) {
  counter.cookies += cookies.length;
  return cookies;
}
