/**
 * `@tombstone/server`: soft delete for tRPC + Kysely + PostgreSQL, on your own schema.
 *
 * This entry is the library only — it builds no router, opens no database and loads no driver.
 * Other entries: `@tombstone/server/http` (createServer, the REST handler), `@tombstone/server/pglite`
 * (a Kysely dialect for embedded PGlite), `@tombstone/server/testing` (isolated test databases for
 * your migrations) and `@tombstone/server/reference` (the reference API, the worked example).
 */

// The schema advisor.
export {
  type AdvisedTables,
  type AdvisorFinding,
  type AdvisorRule,
  type AdvisorSeverity,
  adviseSchema,
  formatFinding,
} from './advisor/index.js';
// The audit table, for your migrations.
export {
  type TombstoneDeletionTable,
  type TombstoneHoldTable,
  type TombstoneTables,
  tombstoneMigration,
  tombstoneOpenRowsIndexMigration,
} from './audit/index.js';
// Cascades, exact restore and the retention purge, for code outside the generated procedures.
export { RelationGraphError } from './cascade/cascade-error.js';
export type {
  CascadeBlock,
  OperationRequest,
  PurgeProgress,
  PurgeResult,
  RestoreConflict,
  RestoreConflictReason,
  RestoreOutcome,
  RestoreRequest,
  SoftDeleteOutcome,
  SoftDeleteRequest,
} from './cascade/cascade-outcome.js';
export { closeVanishedEntries, dependentTables } from './cascade/close-vanished-entries.js';
export { isLargeOperation, LargeOperationError } from './cascade/large-operation.js';
export { holdOf, type LegalHold } from './cascade/legal-hold.js';
export { loadRelationGraph } from './cascade/load-relation-graph.js';
export { type DeletePreview, previewSoftDelete } from './cascade/preview-delete.js';
export { type PurgeOptions, purgeDeleted } from './cascade/purge-deleted.js';
export { PURGE_LOCK_KEY, PurgeInProgressError, withPurgeLock } from './cascade/purge-lock.js';
export type {
  OnDeleteAction,
  Relation,
  RelationGraph,
  RelationGraphOptions,
  RelationOverrides,
} from './cascade/relation-graph.js';
export { restoreAncestors } from './cascade/restore-ancestors.js';
export { restoreRows } from './cascade/restore-rows.js';
export type { RowId } from './cascade/row-id.js';
export { softDeleteRows } from './cascade/soft-delete-rows.js';
// Optimistic concurrency: the `expected` input of delete / restore / hardDelete.
export { type ExpectedState, expectedStateSchema } from './concurrency/expected-state.js';
// Large deletes and restores: chunked, resumable jobs.
export {
  DEFAULT_JOB_MAX_ROWS,
  type DeleteJobRequest,
  type DeleteJobResult,
  estimateDelete,
  getJob,
  hasJobTable,
  JOB_TABLE,
  type JobConflict,
  type JobOperation,
  type JobOptions,
  type JobProgress,
  type JobStatus,
  listJobs,
  type RestoreJobRequest,
  type RestoreJobResult,
  type ResumeJobsOptions,
  resumeJobs,
  runDeleteJob,
  runRestoreJob,
  type TombstoneJob,
  tombstoneJobMigration,
} from './jobs/index.js';
// Lifecycle: hooks per statement.
export type {
  LifecycleEvent,
  LifecycleHook,
  LifecycleHooks,
  LifecycleKind,
} from './lifecycle/lifecycle-hooks.js';
export type { LifecycleCause, LifecycleStatement } from './lifecycle/lifecycle-statement.js';
// The transactional outbox.
export {
  type ConsumeOutboxOptions,
  type ConsumeResult,
  consumeOutbox,
  createOutboxConsumer,
  defaultBackoffMs,
  OUTBOX_TABLE,
  type OutboxConsumer,
  type OutboxConsumerOptions,
  type OutboxEvent,
  type OutboxHandler,
  tombstoneOutboxMigration,
} from './outbox/index.js';
// The Kysely plugin and its scopes.
export {
  defineSoftDeleteTables,
  type SoftDeleteColumn,
  type SoftDeleteColumnOf,
  type SoftDeleteKind,
  type SoftDeleteScope,
  type SoftDeleteTables,
} from './plugin/soft-delete-column.js';
export {
  SoftDeletePlugin,
  type SoftDeletePluginOptions,
  softDeletePlugin,
} from './plugin/soft-delete-plugin.js';
export { onlyDeleted, withDeleted, withSoftDeleteScope } from './plugin/soft-delete-scope.js';
// Delete policies per table.
export type { DeletePolicy, PolicyProcedures, UnrestorablePolicy } from './policy/delete-policy.js';
export { isConnectionLoss } from './procedures/connection-loss.js';
// The procedures factory and its runtime.
export {
  type ErrorFormatterOptions,
  type SoftDeleteErrorShape,
  softDeleteErrorFormatter,
} from './procedures/error-formatter.js';
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
export {
  RETRYABLE_STATES,
  runTransaction,
  type TransactionAttempt,
  type TransactionPolicy,
  type TransactionRetry,
} from './procedures/transaction-policy.js';
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
export { SoftDeleteSchemaError } from './procedures/validate-table.js';
export { toColumnValues, toWireRow } from './procedures/wire-mapping.js';
