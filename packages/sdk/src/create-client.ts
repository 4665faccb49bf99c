import { createTRPCClient, httpBatchLink, type TRPCClient, type TRPCLink } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';
import type { AppRouter } from './generated/app-router.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:3000`; `path` is appended. */
  url: string;
  /** Where the tRPC endpoint is mounted. Default `/trpc`. */
  path?: string;
  /** A bearer token, sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Extra headers for every request, or a function that returns them per request. */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** A `fetch` implementation; default the global one. */
  fetch?: typeof globalThis.fetch;
}

/** The typed client of a router: `client.articles.list.query(...)` and so on. */
export type TombstoneClient<TRouter extends AnyTRPCRouter = AppRouter> = TRPCClient<TRouter>;

/**
 * Creates a typed tRPC client (batching on, plain JSON: no transformer) — of the reference API by
 * default, or of your own router built with `softDeleteProcedures` when you pass its type.
 *
 * @example
 * const client = createClient({ url: 'http://127.0.0.1:3000', token: 'demo-alice-token' });
 * const page = await client.articles.list.query({ limit: 10 });
 *
 * // Your own router: import its type only (`import type`), never server code.
 * const mine = createClient<MyAppRouter>({ url: 'https://api.example.com', path: '/api/trpc' });
 */
export function createClient<TRouter extends AnyTRPCRouter = AppRouter>(
  options: ClientOptions,
): TombstoneClient<TRouter> {
  const base = options.url.replace(/\/+$/, '');
  const path = `/${(options.path ?? '/trpc').replace(/^\/+/, '')}`;
  // Plain JSON (no transformer), as the generated procedures answer: one link fits every router.
  const link = httpBatchLink<AppRouter>({
    url: `${base}${path}`,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    async headers() {
      const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
      return {
        ...extra,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      };
    },
  });
  return createTRPCClient<TRouter>({ links: [link as unknown as TRPCLink<TRouter>] });
}
