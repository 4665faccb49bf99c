export { createRestHandler, type RestErrorBody, type RestHandlerOptions } from './rest-handler.js';
export { listInput } from './rest-input.js';
export { matchRoute, type RestMethod, type RestRoute, restRoutes } from './rest-routes.js';
