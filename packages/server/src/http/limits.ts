/** The largest request body `/trpc` and `/api` accept by default: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1_048_576;

/** Time-outs of the HTTP server, in milliseconds. */
export interface ServerTimeouts {
  /** The whole request (headers and body) must arrive within this; else 408 and the socket closes. Default 30 s. */
  requestTimeout?: number;
  /** The headers must arrive within this. Default 10 s. */
  headersTimeout?: number;
  /** An idle keep-alive connection is closed after this. Default 5 s. */
  keepAliveTimeout?: number;
}

/** {@link ServerTimeouts} with every default applied. */
export function timeoutsOf(options: ServerTimeouts): Required<ServerTimeouts> {
  const requestTimeout = options.requestTimeout ?? 30_000;
  return {
    requestTimeout,
    headersTimeout: Math.min(options.headersTimeout ?? 10_000, requestTimeout),
    keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
  };
}
