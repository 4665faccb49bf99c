export { RelationGraphError } from './cascade-error.js';
export { blockedMessage, parentDeletedMessage, uniqueConflictMessage } from './cascade-messages.js';
export type {
  CascadeBlock,
  PurgeProgress,
  PurgeResult,
  RestoreConflict,
  RestoreConflictReason,
  RestoreOutcome,
  RestoreRequest,
  SoftDeleteOutcome,
  SoftDeleteRequest,
} from './cascade-outcome.js';
export { closeVanishedEntries, dependentTables } from './close-vanished-entries.js';
export { heldMessage, holdOf, type LegalHold } from './legal-hold.js';
export { loadRelationGraph, readForeignKeys, readKeyTypes } from './load-relation-graph.js';
export { lockAncestors } from './lock-ancestors.js';
export { type CascadePlan, planCascade, relationsFrom } from './plan-cascade.js';
export { type PurgePlan, type PurgeStep, planPurge } from './plan-purge.js';
export { planRestoreChecks } from './plan-restore.js';
export { type DeletePreview, previewSoftDelete } from './preview-delete.js';
export { type PurgeOptions, purgeDeleted } from './purge-deleted.js';
export { PURGE_LOCK_KEY, PurgeInProgressError, withPurgeLock } from './purge-lock.js';
export {
  BLOCKING_ACTIONS,
  buildRelationGraph,
  DEPENDENT_ACTIONS,
  type ForeignKey,
  idColumnOf,
  keyTypeOf,
  type OnDeleteAction,
  type Relation,
  type RelationGraph,
  type RelationGraphOptions,
  type RelationOverrides,
  type SoftDeleteTableMap,
} from './relation-graph.js';
export { restoreAncestors } from './restore-ancestors.js';
export { restoreRows } from './restore-rows.js';
export {
  type CanonicalIds,
  canonicalId,
  canonicalIds,
  DEFAULT_KEY_TYPE,
  type KeyKind,
  keyKindOf,
  type RowId,
  SUPPORTED_KEY_TYPES,
} from './row-id.js';
export { softDeleteRows } from './soft-delete-rows.js';
export { describeUniqueViolation, isUniqueViolation, type UniqueViolation } from './unique-violation.js';
