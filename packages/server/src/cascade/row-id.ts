/**
 * Row ids of any key type Tombstone supports: `smallint` / `integer` (JavaScript numbers),
 * `bigint` (numbers, or decimal strings beyond 2^53), `uuid` and `text` / `varchar` (strings).
 */

import type { RowId } from '@tombstone/shared';

/** A row id as an API caller passes it, or as the executors hand it around (from `@tombstone/shared`). */
export type { RowId };

/** How a key type is handled: ids of one kind share one canonical form and one array literal. */
export type KeyKind = 'integer' | 'bigint' | 'uuid' | 'text';

/** The key type assumed when the catalog was not read (pure graphs in tests): `integer`. */
export const DEFAULT_KEY_TYPE = 'integer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER_TEXT = /^-?\d+$/;
const VARCHAR = /^character varying(\(\d+\))?$/;

/**
 * The kind of a key type as `format_type` spells it, or `undefined` when Tombstone does not
 * support it as a key.
 *
 * @example
 * keyKindOf('bigint');                 // 'bigint'
 * keyKindOf('character varying(40)');  // 'text'
 * keyKindOf('numeric');                // undefined
 */
export function keyKindOf(type: string): KeyKind | undefined {
  if (type === 'integer' || type === 'smallint') return 'integer';
  if (type === 'bigint') return 'bigint';
  if (type === 'uuid') return 'uuid';
  if (type === 'text' || VARCHAR.test(type)) return 'text';
  return undefined;
}

/** The supported key types, for messages. */
export const SUPPORTED_KEY_TYPES = 'smallint, integer, bigint, uuid, text or varchar';

function invalid(id: unknown, kind: KeyKind): TypeError {
  const what = kind === 'integer' || kind === 'bigint' ? 'an integer' : kind === 'uuid' ? 'a uuid' : 'a text';
  return new TypeError(`Not ${what} id: ${String(id)}`);
}

/**
 * The canonical form of an id for a key of `type`: the form the executors key their maps by and
 * that `key::text` (bigint, uuid, text) or the driver (smallint, integer: a number) produces, so
 * an id the caller passes and the same id read back from the database compare equal.
 * `smallint` / `integer` ids are numbers; every other kind is the key's text form (bigint in
 * decimal, uuid in lower case).
 *
 * @throws {TypeError} when `id` is not an id of that type (`Not an integer id: 1.5`).
 *
 * @example
 * canonicalId(7, 'bigint');                 // '7'
 * canonicalId('0007', 'integer');           // 7
 * canonicalId('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'uuid'); // 'a0eebc99-…'
 */
export function canonicalId(id: unknown, type: string): RowId {
  const kind = keyKindOf(type) ?? 'text';
  switch (kind) {
    case 'integer': {
      if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
      const n =
        typeof id === 'bigint' || (typeof id === 'string' && INTEGER_TEXT.test(id)) ? Number(id) : Number.NaN;
      if (Number.isSafeInteger(n)) return n;
      throw invalid(id, kind);
    }
    case 'bigint':
      if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
      if (typeof id === 'bigint') return id.toString();
      if (typeof id === 'string' && INTEGER_TEXT.test(id)) return BigInt(id).toString();
      throw invalid(id, kind);
    case 'uuid':
      if (typeof id === 'string' && UUID.test(id)) return id.toLowerCase();
      throw invalid(id, kind);
    case 'text':
      if (typeof id === 'string' && !id.includes('\u0000')) return id;
      throw invalid(id, kind);
  }
}

/**
 * Requested ids in canonical form, each once, in a stable order, and the way back to the form
 * the caller passed each one in (outcomes report ids as they were asked for).
 */
export interface CanonicalIds {
  /** Unique canonical ids, ascending. */
  readonly ids: RowId[];
  /** The caller's form of a canonical id (itself when the caller passed it canonical). */
  original(id: RowId): RowId;
}

/**
 * Canonicalizes requested ids (see {@link canonicalId}), dropping repeats. When every id was
 * passed canonical already (numbers for an integer key), no map is built.
 *
 * @example
 * const { ids, original } = canonicalIds([2, 1, 2], 'bigint'); // ids: ['1', '2']; original('1') === 1
 */
export function canonicalIds(requested: readonly unknown[], type: string): CanonicalIds {
  let back: Map<RowId, RowId> | undefined;
  const canonical: RowId[] = new Array(requested.length);
  for (let i = 0; i < requested.length; i++) {
    const given = requested[i];
    const id = canonicalId(given, type);
    canonical[i] = id;
    if (id !== given) {
      back ??= new Map();
      if (!back.has(id)) back.set(id, given as RowId);
    }
  }
  const ids = uniqueSorted(canonical);
  return { ids, original: back ? (id) => back.get(id) ?? id : (id) => id };
}

/**
 * The ids, each once, ascending: numbers numerically (a typed-array sort: native, one buffer),
 * strings by code unit.
 *
 * @example
 * uniqueSorted([3, 1, 3, 2]); // [1, 2, 3]
 */
export function uniqueSorted<T extends RowId>(ids: readonly T[]): T[] {
  if (ids.every((id) => typeof id === 'number')) {
    const sorted = Float64Array.from(ids as readonly number[]).sort();
    const result: number[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const id = sorted[i] as number;
      if (i === 0 || id !== sorted[i - 1]) result.push(id);
    }
    return result as T[];
  }
  return [...new Set(ids)].sort(compareIds);
}

/** Orders ids: numbers numerically, strings by code unit, numbers before strings. */
export function compareIds(a: RowId, b: RowId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
