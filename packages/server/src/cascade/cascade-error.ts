/**
 * A cascade configuration mistake found at start-up or call time: an override that names no
 * foreign key, a table that is not soft-deletable. Fix the code; retrying will not help.
 */
export class RelationGraphError extends Error {
  override readonly name = 'RelationGraphError';
}
