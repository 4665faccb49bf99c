export { hashToken } from './auth/hash-token.js';
export * from './cascade/index.js';
export { createDatabase, type DatabaseOptions } from './db/create-database.js';
export type * from './db/database.js';
export { migrateToLatest } from './db/migrate.js';
export { migrationProvider, migrations } from './db/migrations/index.js';
export { PGliteDialect } from './db/pglite-dialect.js';
export { DEMO_USERS, type SeedResult, seedDemo } from './db/seed.js';
export { createServer, listen, type RunningServer, type ServerOptions } from './http/create-server.js';
export {
  createRestHandler,
  type RestErrorBody,
  type RestHandlerOptions,
  type RestRoute,
  restRoutes,
} from './http/rest/index.js';
export * from './plugin/index.js';
export { BulkResultBuilder, type BulkResultOf } from './procedures/bulk-result.js';
export { isPgError, toTRPCError } from './procedures/database-errors.js';
export {
  adminSoftDeleteProcedures,
  type DatabaseOf,
  type FilterMatch,
  type SoftDeleteProceduresOptions,
  softDeleteProcedures,
} from './procedures/soft-delete-procedures.js';
export {
  createTombstone,
  type Tombstone,
  type TombstoneLogger,
  type TombstoneOptions,
} from './procedures/tombstone.js';
export type {
  Authorize,
  AuthorizeArgs,
  AuthorizeDecision,
  SoftDeleteOperation,
  TombstoneContext,
} from './procedures/types.js';
export {
  findUnfilteredReaders,
  type UnfilteredReader,
  type UnfilteredReaderKind,
} from './procedures/unfiltered-readers.js';
export {
  checkTable,
  SoftDeleteSchemaError,
  type TableRequirement,
  type UniqueKeyInfo,
  validateTables,
} from './procedures/validate-table.js';
export { camelToSnake, snakeToCamel, toColumnValues, toWireRow } from './procedures/wire-mapping.js';
export { type AppRouter, appRouter } from './routers/app-router.js';
export { type AppContext, type AuthUser, bearerToken, createContext } from './routers/context.js';
export { softDeleteTables } from './routers/soft-delete-tables.js';
