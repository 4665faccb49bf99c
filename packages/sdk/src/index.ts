export type { AppRouter } from '@tombstone/server';
export * from '@tombstone/shared';
export { type ClientOptions, createClient, type TombstoneClient } from './create-client.js';
export { isTombstoneError, type TombstoneError, type TombstoneErrorCode } from './errors.js';
