import http from 'node:http';
import type { ServerTimeouts } from '../limits.js';

/**
 * A Fastify `serverFactory` for a Node HTTP server with Tombstone's time-outs: a request (headers
 * and body) that has not fully arrived within `requestTimeout` is answered 408 and its socket
 * closed, so a client trickling a body cannot hold a connection; headers must arrive within
 * `headersTimeout`; idle keep-alive sockets close after `keepAliveTimeout`. Node checks the first
 * two every `connectionsCheckingInterval` (30 s by default), so that interval is made a fraction
 * of the time-out.
 */
export function httpServerFactory(timeouts: Required<ServerTimeouts>) {
  return (handler: http.RequestListener): http.Server => {
    const server = http.createServer(
      {
        requestTimeout: timeouts.requestTimeout,
        headersTimeout: timeouts.headersTimeout,
        keepAliveTimeout: timeouts.keepAliveTimeout,
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(timeouts.headersTimeout / 4))),
      },
      handler,
    );
    server.requestTimeout = timeouts.requestTimeout;
    server.headersTimeout = timeouts.headersTimeout;
    server.keepAliveTimeout = timeouts.keepAliveTimeout;
    return server;
  };
}
