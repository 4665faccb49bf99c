import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TombstoneServer } from './create-server.js';

/** A running HTTP server: its origin, and a graceful `close()`. */
export interface RunningServer {
  server: http.Server;
  url: string;
  /**
   * Stops accepting connections, closes idle keep-alive sockets, lets in-flight requests finish
   * (new requests on their sockets get 503), then resolves. The database is the caller's to close.
   */
  close(): Promise<void>;
}

/**
 * Starts listening and resolves once the port is bound (port 0: any free port).
 *
 * @example
 * const { url, close } = await listen(createServer({ router, createContext }), { port: 0 });
 */
export async function listen(
  app: TombstoneServer,
  { port = 3000, host = '127.0.0.1' }: { port?: number; host?: string } = {},
): Promise<RunningServer> {
  await app.fastify.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server: app.server,
    url: `http://${shownHost}:${address.port}`,
    close: () => app.fastify.close(),
  };
}
