import type { AddressInfo } from 'node:net';
import { createServer } from 'node:tls';
import selfsigned from 'selfsigned';

/** One response, byte for byte: Set-Cookie lines as raw bytes, and a Date header if given. */
export interface RawResponse {
  setCookie: Buffer[];
  date?: string;
}

/**
 * An HTTPS server on 127.0.0.1 that answers each host with exactly the header bytes given. Node's
 * HTTP server refuses control characters in headers and sends strings as Latin-1; a cookie replay
 * needs to send what a misbehaving server would.
 */
export async function startRawHttpsServer(responses: Record<string, RawResponse>): Promise<{ port: number; close(): Promise<void> }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'cookie-audit raw server' }], { keyType: 'ec' });
  const server = createServer({ key: pems.private, cert: pems.cert }, (socket) => {
    let request = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      request += chunk.toString('latin1');
      if (!request.includes('\r\n\r\n')) return;
      const host = /\r\nhost: ([^:\r]+)/i.exec(request)?.[1]?.toLowerCase() ?? '';
      // Chromium asks for /favicon.ico too: only the page carries the cookies, so each line arrives once.
      const isFavicon = request.startsWith('GET /favicon.ico ');
      socket.end(responseBytes(isFavicon ? undefined : responses[host]));
      request = '';
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function responseBytes(response: RawResponse | undefined): Buffer {
  if (!response) return Buffer.from('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', 'latin1');
  const head = ['HTTP/1.1 200 OK', 'Content-Type: text/html', 'Content-Length: 2', 'Cache-Control: no-store', 'Connection: close'];
  if (response.date) head.push(`Date: ${response.date}`);
  const parts: Buffer[] = [Buffer.from(`${head.join('\r\n')}\r\n`, 'latin1')];
  for (const line of response.setCookie) parts.push(Buffer.from('Set-Cookie: ', 'latin1'), line, Buffer.from('\r\n', 'latin1'));
  parts.push(Buffer.from('\r\nok', 'latin1'));
  return Buffer.concat(parts);
}
