import type { JsonSchema } from '../procedure-schema.js';

type Kind = 'number' | 'boolean' | 'string';

/** Reads a query string into a procedure input. */
export type QueryReader = (params: URLSearchParams) => unknown;

function kindOf(schema: unknown): Kind {
  const s = schema as { type?: unknown; anyOf?: unknown[] } | undefined;
  const types = new Set<unknown>();
  const add = (t: unknown) => {
    for (const x of Array.isArray(t) ? t : [t]) types.add(x);
  };
  add(s?.type);
  for (const option of s?.anyOf ?? []) add((option as { type?: unknown }).type);
  if (types.has('integer') || types.has('number')) return 'number';
  if (types.has('boolean')) return 'boolean';
  return 'string';
}

function read(kind: Kind, value: string): unknown {
  if (kind === 'number') return /^-?\d{1,16}(\.\d+)?$/.test(value) ? Number(value) : value;
  if (kind === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function propertiesOf(schema: JsonSchema | null | undefined): Record<string, unknown> {
  return ((schema?.properties as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>;
}

/**
 * A reader of query strings for a procedure whose input is an object, driven by its JSON Schema:
 * every top-level key is a parameter, the keys of a `filter` object are parameters too (DRF
 * style: `?limit=10&title=soft&authorId=2` → `{ limit: 10, filter: { title: 'soft', authorId: 2 } }`),
 * and values are numbers or booleans where the schema says so and the text reads as one. An
 * unknown parameter goes to `filter` when there is one (else to the top level), so the procedure's
 * strict schema refuses it with a `BAD_REQUEST` naming it.
 *
 * @example
 * queryReader(listInputJsonSchema)(new URLSearchParams('limit=5&authorId=3')); // { limit: 5, filter: { authorId: 3 } }
 */
export function queryReader(schema: JsonSchema | null): QueryReader {
  const top = propertiesOf(schema);
  const filterSchema = top.filter as JsonSchema | undefined;
  const filterKeys = filterSchema?.type === 'object' ? propertiesOf(filterSchema) : undefined;
  const kinds = new Map<string, { kind: Kind; inFilter: boolean }>();
  for (const [key, value] of Object.entries(filterKeys ?? {}))
    kinds.set(key, { kind: kindOf(value), inFilter: true });
  for (const [key, value] of Object.entries(top)) {
    if (key !== 'filter' || !filterKeys) kinds.set(key, { kind: kindOf(value), inFilter: false });
  }
  return (params) => {
    const input: Record<string, unknown> = {};
    const filter: Record<string, unknown> = {};
    let empty = true;
    let filtered = false;
    for (const [key, value] of params) {
      const known = kinds.get(key);
      const inFilter = known ? known.inFilter : filterKeys !== undefined;
      const parsed = read(known?.kind ?? (key.endsWith('Id') ? 'number' : 'string'), value);
      if (inFilter) {
        filter[key] = parsed;
        filtered = true;
      } else input[key] = parsed;
      empty = false;
    }
    if (filtered) input.filter = filter;
    return empty ? undefined : input;
  };
}
