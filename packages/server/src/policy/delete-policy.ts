/**
 * What `delete` / `bulkDelete` do to a table's rows (the `policy` option of `softDeleteProcedures`):
 *
 * - `soft` (default; "soft-cascade"): soft delete, cascading along the foreign keys (CASCADE
 *   soft-deletes children, RESTRICT refuses); restorable;
 * - `soft-no-cascade`: soft-deletes the row only; its CASCADE children stay live (as
 *   django-safedelete's `SOFT_DELETE`), RESTRICT / NO ACTION still refuse; restorable;
 * - `hard`: a real `DELETE` (the database applies its foreign-key actions); no `restore` /
 *   `bulkRestore` procedures;
 * - `hard-if-unreferenced`: a real `DELETE` when no row of any table references the row (live or
 *   soft-deleted), a soft delete (with its cascade) otherwise; restorable;
 * - `none`: deletes are refused with `FORBIDDEN`; no `restore` / `bulkRestore` procedures.
 */
export type DeletePolicy = 'soft' | 'soft-no-cascade' | 'hard' | 'hard-if-unreferenced' | 'none';

/** The policies under which nothing is ever soft-deleted by the API: no restore procedures. */
export type UnrestorablePolicy = 'hard' | 'none';

/** The generated procedures under a policy: without `restore` / `bulkRestore` when unrestorable. */
export type PolicyProcedures<TRecord, TPolicy extends DeletePolicy> = TPolicy extends UnrestorablePolicy
  ? Omit<TRecord, 'restore' | 'bulkRestore'>
  : TRecord;

/** Whether the API can soft-delete rows under `policy` (and so generates restore procedures). */
export function isRestorable(policy: DeletePolicy): boolean {
  return policy !== 'hard' && policy !== 'none';
}

/** The `FORBIDDEN` message of a delete under the `none` policy. */
export function noDeleteMessage(table: string): string {
  return `Rows of "${table}" cannot be deleted: its delete policy is 'none'.`;
}

const policies = new WeakMap<object, DeletePolicy>();

/** Remembers the delete policy of a generated procedure's table (for the OpenAPI document). */
export function registerDeletePolicy(procedure: object, policy: DeletePolicy): void {
  policies.set(procedure, policy);
}

/** The delete policy of a generated procedure's table; `undefined` for other procedures. */
export function deletePolicyOf(procedure: object): DeletePolicy | undefined {
  return policies.get(procedure);
}
