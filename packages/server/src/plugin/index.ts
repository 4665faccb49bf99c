export { softDeleteAssignment, softDeletePredicate } from './predicate.js';
export {
  defineSoftDeleteTables,
  type SoftDeleteColumn,
  type SoftDeleteColumnName,
  type SoftDeleteColumnOf,
  type SoftDeleteKind,
  type SoftDeleteScope,
  type SoftDeleteTables,
} from './soft-delete-column.js';
export { SoftDeletePlugin, type SoftDeletePluginOptions, softDeletePlugin } from './soft-delete-plugin.js';
export { onlyDeleted, withDeleted, withSoftDeleteScope } from './soft-delete-scope.js';
export type { SoftDeleteRule } from './soft-delete-transformer.js';
