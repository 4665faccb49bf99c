import { TRPCError } from '@trpc/server';

/** Encodes the keyset position after `id` as an opaque cursor. */
export function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ id }), 'utf8').toString('base64url');
}

/** Decodes a cursor from {@link encodeCursor}; a forged or broken one is `BAD_REQUEST`. */
export function decodeCursor(cursor: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const id = (parsed as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= 2_147_483_647) return id;
  } catch {
    // fall through to the error below
  }
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: 'Invalid cursor: pass the nextCursor of a previous page.',
  });
}
