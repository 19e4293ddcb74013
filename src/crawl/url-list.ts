import { UsageError } from '../errors.js';
import { isHttp } from './scope.js';

const EXPECTED =
  'expected one absolute http(s) URL per line, e.g. https://www.example.com/page (blank lines and lines starting with # are skipped)';

/**
 * The URLs of a URL file: one per line; blank lines and `#` comment lines skipped. Every bad line is
 * named (`file:line`) in one UsageError, so the file can be fixed in one go.
 */
export function parseUrlList(text: string, file: string): string[] {
  const urls: string[] = [];
  const problems: string[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((rawLine, index) => {
      const line = rawLine.trim();
      if (line === '' || line.startsWith('#')) return;
      const problem = problemWith(line);
      if (problem) problems.push(`  ${file}:${index + 1}: ${JSON.stringify(line)} ${problem}`);
      else urls.push(new URL(line).href);
    });
  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 line is not a URL' : `${problems.length} lines are not URLs`;
    throw new UsageError(`${file}: ${count}; ${EXPECTED}:\n${problems.join('\n')}`);
  }
  return urls;
}

function problemWith(line: string): string | undefined {
  if (/\s/.test(line)) return 'holds spaces: one URL per line, spaces written %20';
  let url: URL;
  try {
    url = new URL(line);
  } catch {
    return 'is not an absolute URL';
  }
  return isHttp(url) ? undefined : `uses ${url.protocol}, only http and https are crawled`;
}
