import type { ScanOptions } from '../../src/crawl/scan.js';
import { startVirtualHostServer, type RunningServer, type VirtualHosts } from '../../src/demo/server.js';

/** Scan options that send every `*.test` host to the fixture server and nothing anywhere else. */
export function fixtureScanOptions(server: RunningServer): Pick<ScanOptions, 'resolve' | 'blockUnmappedHosts' | 'ignoreHttpsErrors'> {
  return {
    resolve: [{ host: '*.test', address: '127.0.0.1', port: server.port }],
    blockUnmappedHosts: true,
    ignoreHttpsErrors: true,
  };
}

export { startVirtualHostServer, type RunningServer, type VirtualHosts };
