/**
 * `@tombstone/server/http`: serve a router over HTTP — tRPC at `/trpc`, the same procedures as
 * REST at `/api` — or mount the REST handler in your own server.
 */
export { createServer, listen, type RunningServer, type ServerOptions } from './create-server.js';
export { createRestHandler, type RestErrorBody, type RestHandlerOptions } from './rest/index.js';
