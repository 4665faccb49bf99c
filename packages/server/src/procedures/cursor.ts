import { TRPCError } from '@trpc/server';
import { canonicalId, DEFAULT_KEY_TYPE, keyKindOf, type RowId } from '../cascade/row-id.js';

/**
 * Encodes the keyset position after `id` (a number, or the string of a bigint, uuid or text
 * key) as an opaque cursor.
 */
export function encodeCursor(id: RowId): string {
  return Buffer.from(JSON.stringify({ id }), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor from {@link encodeCursor} for a key of `keyType` (as `format_type` spells
 * it; default `integer`); a forged or broken one, or one whose id is not of that type (or is
 * negative), is `BAD_REQUEST`.
 */
export function decodeCursor(cursor: string, keyType: string = DEFAULT_KEY_TYPE): RowId {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const id = (parsed as { id?: unknown } | null)?.id;
    const integerKey = keyType === 'integer' || keyType === 'smallint';
    // An integer key's cursor holds a number, as encodeCursor wrote it.
    if (!integerKey || typeof id === 'number') {
      const canonical = canonicalId(id, keyType);
      const negative =
        typeof canonical === 'number'
          ? canonical < 0
          : keyKindOf(keyType) === 'bigint' && canonical.startsWith('-');
      if (!negative) return canonical;
    }
  } catch {
    // fall through to the error below
  }
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: 'Invalid cursor: pass the nextCursor of a previous page.',
  });
}
