import { TRPCError } from '@trpc/server';
import { keyKindOf, type RowId } from '../../cascade/index.js';

/**
 * An id of the audit trail (text) in the form the API gives ids: a number for integer keys (and
 * for bigint ones up to 2^53), the text otherwise. `keyType` null: an actor, whose type is not
 * known (integer text becomes a number).
 */
export function wireId(text: string, keyType: string | null): RowId {
  const kind = keyType === null ? 'bigint' : keyKindOf(keyType);
  if ((kind === 'integer' || kind === 'bigint') && /^-?\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
  }
  return text;
}

/** A keyset cursor over positive integers (audit entry ids, array positions). */
export function encodeNumbers(values: readonly number[]): string {
  return Buffer.from(values.join('.'), 'utf8').toString('base64url');
}

/** Decodes {@link encodeNumbers}; a forged or broken cursor is `BAD_REQUEST`. */
export function decodeNumbers(cursor: string, count: number): number[] {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  const values = parts.map((p) => (/^\d{1,15}$/.test(p) ? Number(p) : Number.NaN));
  if (values.length !== count || values.some((v) => !Number.isSafeInteger(v))) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'Invalid cursor: pass the nextCursor of a previous page.',
    });
  }
  return values;
}
