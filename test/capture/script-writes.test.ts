import { describe, expect, it } from 'vitest';
import { scriptUrlFromStack } from '../../src/capture/script-writes.js';

describe('scriptUrlFromStack', () => {
  it('names the first script below our own setter', () => {
    const stack = 'Error\n    at HTMLDocument.set [as cookie] (<anonymous>:4:136)\n    at setId (https://cdn.vendor.test/tag.js?v=2:1:69)\n    at https://www.site.test/:3:1';
    expect(scriptUrlFromStack(stack, 'https://www.site.test/')).toBe('https://cdn.vendor.test/tag.js?v=2');
  });

  it('falls back to the document for an inline script with no URL in the stack', () => {
    expect(scriptUrlFromStack('Error\n    at HTMLDocument.set [as cookie] (<anonymous>:4:136)', 'https://www.site.test/a')).toBe('https://www.site.test/a');
  });
});
