import type { Kysely } from 'kysely';
import type { Tombstone } from '../procedures/tombstone.js';
import { hashToken } from './auth/hash-token.js';
import type { Database } from './db/database.js';

/** The caller, as resolved from a bearer token of a live author. */
export interface AuthUser {
  id: number;
  isStaff: boolean;
}

/** What every procedure of the reference API receives. */
export interface AppContext {
  db: Kysely<Database>;
  tombstone: Tombstone;
  /** `null` for anonymous callers and for tokens that are unknown or belong to a deleted author. */
  user: AuthUser | null;
  /** Whether the request carried a bearer token at all (for the error message). */
  hasToken: boolean;
}

/** Reads `Bearer <token>` from an `Authorization` header value. */
export function bearerToken(header: string | string[] | undefined | null): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/**
 * Resolves the caller of a request: looks the token up by its SHA-256 hash and accepts it only if
 * its author is live. One query, and none for anonymous requests.
 *
 * @example
 * const ctx = await createContext({ db, tombstone }, req.headers.authorization);
 */
export async function createContext(
  { db, tombstone }: { db: Kysely<Database>; tombstone: Tombstone },
  authorization: string | string[] | undefined | null,
): Promise<AppContext> {
  const token = bearerToken(authorization);
  if (!token) return { db, tombstone, user: null, hasToken: false };
  const row = await db
    .selectFrom('api_token')
    .innerJoin('author', 'author.id', 'api_token.author_id')
    .select(['author.id', 'author.is_staff'])
    .where('api_token.token_hash', '=', hashToken(token))
    .where('author.is_deleted', '=', false)
    .executeTakeFirst();
  return { db, tombstone, user: row ? { id: row.id, isStaff: row.is_staff } : null, hasToken: true };
}
