import type { QueryReader } from './query-input.js';
import type { RestRoute } from './rest-routes.js';

/** An id segment as the procedure expects it: a number when it is one, else the text (Zod refuses it). */
function idOf(segment: string | undefined): unknown {
  return segment !== undefined && /^\d{1,16}$/.test(segment) ? Number(segment) : segment;
}

/** Thrown for a request whose input cannot even be read (say, a body that is not JSON). */
export class RestInputError extends Error {
  override readonly name = 'RestInputError';
}

/**
 * The procedure input of a request to `route`: from the query string (through the route's
 * {@link QueryReader}; parsed only for routes that read it), the `{id}` segment, the JSON body,
 * or `{ id, patch: body }` for an update.
 */
export function inputOf(
  route: RestRoute,
  readQuery: QueryReader,
  id: string | undefined,
  query: string,
  body: unknown,
): unknown {
  switch (route.input) {
    case 'query':
      return readQuery(new URLSearchParams(query));
    case 'id':
      return { id: idOf(id) };
    case 'id+patch':
      return { id: idOf(id), patch: body };
    case 'body':
      return body;
  }
}

/** Parses a JSON body; an empty one is `undefined`, anything unparsable a {@link RestInputError}. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new RestInputError('The body is not valid JSON.');
  }
}

/** Decodes one path segment; bad percent-encoding is a {@link RestInputError}. */
export function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RestInputError(`The path segment "${segment}" is not valid percent-encoding.`);
  }
}

/** The path segments of `pathname` under `base` (`/api`), decoded; a trailing slash is ignored. */
export function segmentsOf(pathname: string, base: string): string[] {
  return pathname
    .slice(base.length)
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
}
