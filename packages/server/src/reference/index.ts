/**
 * The reference API of Tombstone (`@tombstone/server/reference`): a blog with authors,
 * categories, articles and comments, built only from the library's public API. It is the worked
 * example and what `@tombstone/sdk` is the client of; the library index never imports it.
 */
export { hashToken } from './auth/hash-token.js';
export { type AppContext, type AuthUser, bearerToken, createContext } from './context.js';
export { createDatabase, type DatabaseOptions } from './db/create-database.js';
export type {
  ApiTokenTable,
  ArticleTable,
  AuthorTable,
  CategoryTable,
  CommentTable,
  Database,
  TombstoneJobTable,
} from './db/database.js';
export { migrateToLatest } from './db/migrate.js';
export { migrationProvider, migrations } from './db/migrations/index.js';
export { DEMO_USERS, type SeedResult, seedDemo } from './db/seed.js';
export { type AppRouter, appRouter } from './routers/app-router.js';
export { softDeleteTables } from './routers/soft-delete-tables.js';
export { createReferenceServer, type ReferenceServerOptions } from './server.js';
