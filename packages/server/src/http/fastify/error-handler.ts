import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../rest/rest-error.js';

/** The tRPC code of a framework error status (body too large, wrong media type, bad JSON…). */
function codeOf(status: number): keyof typeof TRPC_ERROR_CODES_BY_KEY {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 408) return 'TIMEOUT';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 500) return 'INTERNAL_SERVER_ERROR';
  return 'BAD_REQUEST';
}

const MESSAGES: Readonly<Record<string, string>> = {
  PAYLOAD_TOO_LARGE: 'The body is larger than the limit of',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as application/json.',
};

/**
 * Answers the errors Fastify raises before a handler runs (body over the limit → 413, a body
 * that is not JSON → 415, an unreadable one → 400) in the error shape of the API the request was
 * for: tRPC's envelope under `/trpc`, `{ error: { code, message, zodError } }` elsewhere. A 413
 * closes the connection (`Connection: close`): the rest of the body was not read, so the socket
 * cannot carry another request. Anything else is a masked 500, reported to `onInternalError`.
 */
export function frameworkErrorHandler(
  trpcBase: string,
  bodyLimit: number,
  onInternalError: (error: unknown, path: string) => void,
) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const code = codeOf(status);
    const path = request.url.split('?')[0] ?? '/';
    if (status >= 500) onInternalError(error, path);
    const message =
      status >= 500
        ? 'Internal server error'
        : code === 'PAYLOAD_TOO_LARGE'
          ? `${MESSAGES.PAYLOAD_TOO_LARGE} ${bodyLimit} bytes.`
          : (MESSAGES[code] ??
            (error.code === 'FST_ERR_BAD_URL'
              ? `The path ${request.url.split('?')[0]} is not valid percent-encoding.`
              : error.message));
    if (status === 413) reply.header('connection', 'close');
    const isTrpc = path === trpcBase || path.startsWith(`${trpcBase}/`);
    const body = isTrpc
      ? { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } } }
      : errorBody(code, message);
    void reply.status(status).type('application/json').send(JSON.stringify(body));
  };
}
