import type { BulkError, BulkResult } from '@tombstone/shared';
import { uniqueSortedIds } from '../cascade/id-list.js';

/**
 * Collects the outcome of a bulk operation id by id and renders the contract's `BulkResult`
 * (successes in ascending id order, errors in the order they were found).
 */
export class BulkResultBuilder {
  /** Ids reported done, possibly repeated or failed later: settled once, in `toJSON`. */
  readonly #success: number[] = [];
  readonly #errors = new Map<number, BulkError>();

  succeed(ids: Iterable<number>): this {
    for (const id of ids) this.#success.push(id);
    return this;
  }

  /** Reports `id` as failed; a failure wins over a success reported before or after it. */
  fail(id: number, code: BulkError['code'], message: string): this {
    if (!this.#errors.has(id)) this.#errors.set(id, { id, code, message });
    return this;
  }

  toJSON(): BulkResult {
    const errors = [...this.#errors.values()];
    const done = uniqueSortedIds(this.#success);
    const success = this.#errors.size > 0 ? done.filter((id) => !this.#errors.has(id)) : done;
    return {
      success: { count: success.length, details: success },
      errors: { count: errors.length, details: errors },
    };
  }
}
