import { createClient, type TombstoneClient } from '@tombstone/sdk';

const KEY = 'tombstone-trash-token';

/** The signed-in person's client, or `null` before sign-in. */
let current: TombstoneClient | null = null;

/** Signs in: keeps the token for this tab (sessionStorage) and builds an SDK client with it. */
export function signIn(token: string): TombstoneClient {
  sessionStorage.setItem(KEY, token);
  current = createClient({ url: location.origin, token });
  return current;
}

/** Forgets the token. */
export function signOut(): void {
  sessionStorage.removeItem(KEY);
  current = null;
}

/** The client of this tab's session, restored from sessionStorage when there is a token. */
export function client(): TombstoneClient | null {
  if (current) return current;
  const token = sessionStorage.getItem(KEY);
  return token ? signIn(token) : null;
}

/** The client, or an error asking to sign in. */
export function requireClient(): TombstoneClient {
  const c = client();
  if (!c) throw new Error('Sign in first.');
  return c;
}
