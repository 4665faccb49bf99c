import type http from 'node:http';
import type { AnyRouter } from '@trpc/server';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type RestAnswer, restEndpoint } from '../rest/rest-endpoint.js';

/** Sends a {@link RestAnswer}: JSON, or no body (204). */
export function sendAnswer(reply: FastifyReply, answer: RestAnswer): FastifyReply {
  if (answer.headers) void reply.headers(answer.headers);
  void reply.status(answer.status);
  if (answer.body === undefined) return reply.send();
  return reply.type('application/json').send(JSON.stringify(answer.body));
}

/**
 * Serves the REST endpoint (see `restEndpoint`) under `basePath` in its own Fastify scope, where a
 * JSON body is read as text (within Fastify's body limit) and parsed by the endpoint, so bad
 * JSON is the endpoint's own 400; a body of any other media type is a 415.
 */
export async function registerRest(
  app: FastifyInstance,
  options: {
    router: AnyRouter;
    basePath: string;
    createContext(req: http.IncomingMessage): unknown;
    onInternalError(error: unknown, path: string): void;
  },
): Promise<void> {
  const endpoint = restEndpoint(options.router, options.basePath, options.onInternalError);
  await app.register(async (scope) => {
    // JSON only: any other body (text/plain included) is a 415.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    const handler = async (
      request: { method: string; url: string; body: unknown; raw: http.IncomingMessage },
      reply: FastifyReply,
    ) => {
      const answer = await endpoint.handle(
        {
          method: request.method,
          url: request.url,
          body: typeof request.body === 'string' ? request.body : undefined,
        },
        () => options.createContext(request.raw),
      );
      return sendAnswer(reply, answer);
    };
    scope.all(options.basePath, handler);
    scope.all(`${options.basePath}/*`, handler);
  });
}
