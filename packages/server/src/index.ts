export { hashToken } from './auth/hash-token.js';
export * from './cascade/index.js';
export { createDatabase, type DatabaseOptions } from './db/create-database.js';
export type * from './db/database.js';
export { migrateToLatest } from './db/migrate.js';
export { migrationProvider, migrations } from './db/migrations/index.js';
export { PGliteDialect } from './db/pglite-dialect.js';
export { DEMO_USERS, type SeedResult, seedDemo } from './db/seed.js';
export * from './http/index.js';
export * from './plugin/index.js';
export { BulkResultBuilder } from './procedures/bulk-result.js';
export { isPgError, toTRPCError } from './procedures/database-errors.js';
export {
  adminSoftDeleteProcedures,
  type DatabaseOf,
  type FilterMatch,
  type SoftDeleteProceduresOptions,
  softDeleteProcedures,
} from './procedures/soft-delete-procedures.js';
export { createTombstone, type Tombstone } from './procedures/tombstone.js';
export type {
  Authorize,
  AuthorizeArgs,
  AuthorizeDecision,
  SoftDeleteOperation,
  TombstoneContext,
} from './procedures/types.js';
export {
  checkTable,
  SoftDeleteSchemaError,
  type TableRequirement,
  validateTables,
} from './procedures/validate-table.js';
export { camelToSnake, snakeToCamel, toColumnValues, toWireRow } from './procedures/wire-mapping.js';
export { type AppRouter, appRouter } from './routers/app-router.js';
export { type AppContext, type AuthUser, bearerToken, createContext } from './routers/context.js';
export { softDeleteTables } from './routers/soft-delete-tables.js';
