import type { BulkError, BulkResult } from '@tombstone/shared';

/**
 * Collects the outcome of a bulk operation id by id and renders the contract's `BulkResult`
 * (successes in ascending id order, errors in the order they were found).
 */
export class BulkResultBuilder {
  readonly #success = new Set<number>();
  readonly #errors = new Map<number, BulkError>();

  succeed(ids: Iterable<number>): this {
    for (const id of ids) if (!this.#errors.has(id)) this.#success.add(id);
    return this;
  }

  fail(id: number, code: BulkError['code'], message: string): this {
    this.#success.delete(id);
    if (!this.#errors.has(id)) this.#errors.set(id, { id, code, message });
    return this;
  }

  toJSON(): BulkResult {
    const success = [...this.#success].sort((a, b) => a - b);
    const errors = [...this.#errors.values()];
    return {
      success: { count: success.length, details: success },
      errors: { count: errors.length, details: errors },
    };
  }
}
