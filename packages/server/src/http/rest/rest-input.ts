import type { RestRoute } from './rest-routes.js';

/** An id segment as the procedure expects it: a number when it is one, else the text (Zod refuses it). */
function idOf(segment: string | undefined): unknown {
  return segment !== undefined && /^\d{1,16}$/.test(segment) ? Number(segment) : segment;
}

/** A query-string value that names an id (`authorId=3`, `limit=10`) as a number when it is one. */
function numericOf(value: string): unknown {
  return /^-?\d{1,16}$/.test(value) ? Number(value) : value;
}

/**
 * A list's input from its query string, the way DRF reads filters: `limit`, `cursor` and
 * `deleted` are the list's own parameters; every other parameter is a filter
 * (`?title=soft&authorId=2` → `{ filter: { title: 'soft', authorId: 2 } }`). `limit` and the
 * filters named `…Id` are numbers when they look like numbers; the procedure's Zod schema judges
 * the rest, so a bad value is a `BAD_REQUEST` naming it.
 */
export function listInput(params: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const filter: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === 'limit') input.limit = numericOf(value);
    else if (key === 'cursor' || key === 'deleted') input[key] = value;
    else filter[key] = key.endsWith('Id') ? numericOf(value) : value;
  }
  if (Object.keys(filter).length > 0) input.filter = filter;
  return input;
}

/** Thrown for a request whose input cannot even be read (say, a body that is not JSON). */
export class RestInputError extends Error {
  override readonly name = 'RestInputError';
}

/**
 * The procedure input of a request to `route`: from the query string, the `:id` segment, the
 * JSON body, or `{ id, patch: body }` for an update.
 */
export function inputOf(
  route: RestRoute,
  id: string | undefined,
  params: URLSearchParams,
  body: unknown,
): unknown {
  switch (route.input) {
    case 'query':
      return listInput(params);
    case 'json-query': {
      const raw = params.get('input');
      if (raw === null) return undefined;
      try {
        return JSON.parse(raw);
      } catch {
        throw new RestInputError('The "input" query parameter is not valid JSON.');
      }
    }
    case 'id':
      return { id: idOf(id) };
    case 'id+patch':
      return { id: idOf(id), patch: body };
    case 'body':
      return body;
  }
}
