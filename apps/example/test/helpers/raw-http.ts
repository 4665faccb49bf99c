/** A raw tRPC answer: the HTTP status and the parsed JSON body (or the text when it is not JSON). */
export interface RawAnswer {
  status: number;
  body: unknown;
  text: string;
}

/**
 * Calls one tRPC procedure over plain HTTP, the way a client without the SDK would: a query as
 * `GET /trpc/<path>?input=<json>`, a mutation as `POST /trpc/<path>` with a JSON body.
 *
 * @example
 * const { status } = await callRaw(url, 'articles.get', 'query', { id: 1 });
 */
export async function callRaw(
  url: string,
  path: string,
  kind: 'query' | 'mutation',
  input: unknown,
  token?: string,
): Promise<RawAnswer> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const json = input === undefined ? undefined : JSON.stringify(input);
  const response =
    kind === 'query'
      ? await fetch(`${url}/trpc/${path}${json === undefined ? '' : `?input=${encodeURIComponent(json)}`}`, {
          headers,
        })
      : await fetch(`${url}/trpc/${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          ...(json === undefined ? {} : { body: json }),
        });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a 431 from Node for an oversized URL, say): keep the text.
  }
  return { status: response.status, body, text };
}

/** Whether a response body carries a stack trace anywhere. */
export function hasStackTrace(text: string): boolean {
  return /"stack"\s*:/.test(text) || /\n\s+at .+\(.+:\d+:\d+\)/.test(text) || /\\n\s+at /.test(text);
}
