import type { BulkError, RowId } from '@tombstone/shared';
import { uniqueSortedIds } from '../cascade/id-list.js';

/** A `BulkResult` whose ids are of any key type (numbers, or strings for bigint, uuid, text keys). */
export interface BulkResultOf<TId extends RowId = RowId> {
  success: { count: number; details: TId[] };
  errors: { count: number; details: Array<Omit<BulkError, 'id'> & { id: TId }> };
}

/**
 * Collects the outcome of a bulk operation id by id and renders the contract's `BulkResult`
 * (successes in ascending id order, errors in the order they were found). Ids are reported in
 * the form the caller passed them.
 */
export class BulkResultBuilder {
  /** Ids reported done, possibly repeated or failed later: settled once, in `toJSON`. */
  readonly #success: RowId[] = [];
  readonly #errors = new Map<RowId, BulkResultOf['errors']['details'][number]>();

  succeed(ids: Iterable<RowId>): this {
    for (const id of ids) this.#success.push(id);
    return this;
  }

  /** Reports `id` as failed; a failure wins over a success reported before or after it. */
  fail(id: RowId, code: BulkError['code'], message: string): this {
    if (!this.#errors.has(id)) this.#errors.set(id, { id, code, message });
    return this;
  }

  toJSON(): BulkResultOf {
    const errors = [...this.#errors.values()];
    const done = uniqueSortedIds(this.#success);
    const success = this.#errors.size > 0 ? done.filter((id) => !this.#errors.has(id)) : done;
    return {
      success: { count: success.length, details: success },
      errors: { count: errors.length, details: errors },
    };
  }
}
