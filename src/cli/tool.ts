import { readFileSync } from 'node:fs';

/** The package root: two levels above this file, in src/cli as in dist/cli. */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

const manifest = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { name: string; version: string };

export const TOOL = { name: manifest.name, version: manifest.version };
