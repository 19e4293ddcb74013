import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';

/** What one path of one host answers. */
export interface Route {
  status?: number;
  /** Header values; Set-Cookie may be a list. */
  headers?: Record<string, string | string[]>;
  /** Text, or bytes (e.g. a gzipped file). */
  body?: string | Buffer;
  contentType?: string;
}

/** Routes by host name, then by path (query string ignored unless the path with it is listed). */
export type VirtualHosts = Record<string, Record<string, Route | ((request: IncomingMessage) => Route)>>;

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/**
 * An HTTPS server on 127.0.0.1 (a free port) that serves several host names, with a self-signed
 * certificate made at start. Browsers reach it through host-resolver rules and ignore the certificate.
 */
export async function startVirtualHostServer(hosts: VirtualHosts): Promise<RunningServer> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'cookie-audit local server' }], {
    keyType: 'ec',
    notAfterDate: new Date(Date.now() + 2 * 86_400_000),
  });
  const server = createServer({ key: pems.private, cert: pems.cert }, (request, response) =>
    respond(hosts, request, response),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(hosts: VirtualHosts, request: IncomingMessage, response: ServerResponse): void {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const url = new URL(request.url ?? '/', `https://${host}`);
  const routes = hosts[host] ?? {};
  const found = routes[url.pathname + url.search] ?? routes[url.pathname];
  const route = typeof found === 'function' ? found(request) : found;
  if (!route) {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(route.status ?? 200, {
    'Content-Type': route.contentType ?? 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    ...route.headers,
  });
  response.end(route.body ?? '');
}
