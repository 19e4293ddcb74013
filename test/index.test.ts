import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('the programmatic API', () => {
  it('exposes each step the CLI uses: scan, audit, render, merge', () => {
    for (const name of ['scan', 'audit', 'loadInventory', 'parseInventory', 'mergeScans', 'scanRecordFromReport', 'inventoryJsonSchema']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(Object.keys(api.reporters).sort()).toEqual(['github', 'html', 'json', 'junit', 'md', 'sarif', 'text']);
  });
});
