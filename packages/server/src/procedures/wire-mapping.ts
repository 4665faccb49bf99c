/**
 * Column names seen so far, converted: a list page maps the same few names on every row, and a
 * regex replace per key per row was the largest cost of `toWireRow` in a CPU profile. Bounded:
 * names come from the schema, but a cap keeps a pathological caller from growing it for ever.
 */
const camelNames = new Map<string, string>();
const MAX_CACHED_NAMES = 10_000;

/** `author_id` → `authorId`. */
export function snakeToCamel(name: string): string {
  let camel = camelNames.get(name);
  if (camel === undefined) {
    camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (camelNames.size < MAX_CACHED_NAMES) camelNames.set(name, camel);
  }
  return camel;
}

/** `authorId` → `author_id`. */
export function camelToSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * The default row → wire mapping: camelCase keys, `Date` as ISO 8601 strings, a `bigint` value
 * (PGlite's `int8` beyond 2^53) as its decimal string, without loss.
 *
 * @example
 * toWireRow({ author_id: 1, created_at: new Date(0) }); // { authorId: 1, createdAt: '1970-01-01T00:00:00.000Z' }
 */
export function toWireRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) {
    const value = row[key];
    out[snakeToCamel(key)] =
      value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? value.toString() : value;
  }
  return out;
}

/**
 * The default wire → column mapping for create and update input: snake_case keys; keys whose
 * value is `undefined` are left out so a patch only touches what it names.
 */
export function toColumnValues(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) out[camelToSnake(key)] = value;
  }
  return out;
}
