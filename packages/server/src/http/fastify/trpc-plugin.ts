import type http from 'node:http';
import type { AnyRouter } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import { proceduresOf } from '../rest/rest-routes.js';

/**
 * Mounts the router at `basePath` (batching on) through tRPC's Fastify adapter, and answers
 * `GET <basePath>` with the list of procedures (the landing page links it).
 */
export async function registerTrpc(
  app: FastifyInstance,
  options: {
    router: AnyRouter;
    basePath: string;
    createContext(req: http.IncomingMessage): unknown;
    onInternalError(error: unknown, path: string): void;
  },
): Promise<void> {
  const { router, basePath } = options;
  const listing = JSON.stringify({
    trpc: `${basePath}/<procedure>`,
    procedures: proceduresOf(router).map(([path, p]) => ({ path, type: p._def.type })),
  });
  app.get(basePath, (_req, reply) => {
    void reply.type('application/json').send(listing);
  });
  await app.register(fastifyTRPCPlugin, {
    prefix: basePath,
    trpcOptions: {
      router,
      allowBatching: true,
      createContext: ({ req }: { req: { raw: http.IncomingMessage } }) => options.createContext(req.raw),
      onError: ({ error, path }: { error: { code: string; cause?: unknown }; path?: string }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          options.onInternalError(error.cause ?? error, `${basePath}/${path ?? ''}`);
        }
      },
    },
  });
}
