import type { AppRouter } from '@tombstone/server';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:3000`; `/trpc` is appended. */
  url: string;
  /** A bearer token, sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Extra headers for every request, or a function that returns them per request. */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** A `fetch` implementation; default the global one. */
  fetch?: typeof globalThis.fetch;
}

/** The typed client of the reference API: `client.articles.list.query(...)` and so on. */
export type TombstoneClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/**
 * Creates the typed tRPC client of the Tombstone reference API (batching on, plain JSON).
 *
 * @example
 * const client = createClient({ url: 'http://127.0.0.1:3000', token: 'demo-alice-token' });
 * const page = await client.articles.list.query({ limit: 10 });
 */
export function createClient(options: ClientOptions): TombstoneClient {
  const base = options.url.replace(/\/+$/, '');
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/trpc`,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        async headers() {
          const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
          return {
            ...extra,
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          };
        },
      }),
    ],
  });
}
