/** The twin's loopback servers: free ports when a caller asks for port 0, and how long idle connections stay open. */
import type { Server } from 'node:http';
import { createServer } from 'node:net';

/**
 * Idle keep-alive connections stay open longer than clients keep them (fetch/undici: 4 s),
 * so the client closes first. With Node's default (5 s), a busy machine lets the server
 * close a connection just as a client sends its next request on it ("other side closed").
 */
export function clientsCloseIdleConnections<S extends Server>(server: S): S {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
