export { matchRoute, routeMatcher } from './match-route.js';
export { queryReader } from './query-input.js';
export { type RestAnswer, type RestEndpoint, type RestRequest, restEndpoint } from './rest-endpoint.js';
export { type RestErrorBody, restErrorAnswer } from './rest-error.js';
export { createRestHandler, type RestHandlerOptions } from './rest-handler.js';
export {
  ID_SEGMENT,
  type RestMethod,
  type RestRoute,
  type RouteOperation,
  restRoutes,
} from './rest-routes.js';
