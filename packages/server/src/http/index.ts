export { createServer, type ServerOptions, type TombstoneServer } from './create-server.js';
export { DEFAULT_BODY_LIMIT, type ServerTimeouts } from './limits.js';
export { listen, type RunningServer } from './listen.js';
export { type OpenApiDocument, type OpenApiOptions, openApiDocument } from './openapi/index.js';
export type { LandingLink } from './pages/landing-page.js';
export * from './rest/index.js';
