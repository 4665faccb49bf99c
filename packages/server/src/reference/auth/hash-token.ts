import { createHash } from 'node:crypto';

/**
 * The stored form of a bearer token: its SHA-256 digest in hex. Tokens are never stored in clear.
 *
 * @example
 * hashToken('demo-alice-token'); // '5f1c…'
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
