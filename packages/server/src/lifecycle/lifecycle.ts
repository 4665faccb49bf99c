import type { Kysely } from 'kysely';
import type { RowId } from '../cascade/row-id.js';
import type { LifecycleEvent, LifecycleHook, LifecycleHooks, LifecycleKind } from './lifecycle-hooks.js';
import type { LifecycleStatement } from './lifecycle-statement.js';

/** Writes one operation's outbox events (see `writeOutboxEvents`). */
export type OutboxWriter = (
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  trx: Kysely<any>,
  kind: LifecycleKind,
  batchId: string,
  actorId: RowId | null,
  statements: readonly LifecycleStatement[],
) => Promise<void>;

/**
 * Queues a step to run at the end of the transaction, once its work is done (the generated
 * procedures pass `TransactionAttempt.atEnd`): the `after…` hooks then run once per call, in the
 * attempt that commits, even when the transaction is retried.
 */
export type AtEnd = (step: () => Promise<void>) => void;

const AFTER: Record<LifecycleKind, keyof LifecycleHooks> = {
  delete: 'afterDelete',
  restore: 'afterRestore',
  hardDelete: 'afterHardDelete',
  purge: 'afterPurge',
};

/**
 * The hooks (global and per table) and the outbox of one `createTombstone`, dispatched per
 * statement. When nothing is configured `active` is false and the executors are not asked for
 * per-statement ids at all.
 */
export class Lifecycle {
  readonly #global: LifecycleHooks;
  readonly #tables: ReadonlyMap<string, readonly LifecycleHooks[]>;
  readonly #outbox: OutboxWriter | null;

  constructor(
    global: LifecycleHooks = {},
    tables: ReadonlyMap<string, readonly LifecycleHooks[]> = new Map(),
    outbox: OutboxWriter | null = null,
  ) {
    this.#global = global;
    this.#tables = tables;
    this.#outbox = outbox;
  }

  /** Whether any hook or the outbox is configured. */
  get active(): boolean {
    return this.#outbox !== null || this.hooked;
  }

  /**
   * Whether any hook is configured: only hooks need a delete's per-statement ids (the outbox
   * writes a delete's events from its audit entries, in SQL).
   */
  get hooked(): boolean {
    return Object.keys(this.#global).length > 0 || this.#tables.size > 0;
  }

  /**
   * Runs one operation's lifecycle inside its transaction: for a delete, every `beforeDelete`
   * first; then the outbox (one event per table); then the `after…` hooks, statement by
   * statement (the table's hooks, then the global ones) — at once, or through `atEnd` when
   * given (at the end of the transaction, once per call: see {@link AtEnd}). A delete's
   * `statements` may be empty when no hook is configured: its outbox events come from the audit
   * trail.
   */
  async run(
    // biome-ignore lint/suspicious/noExplicitAny: any database schema.
    trx: Kysely<any>,
    kind: LifecycleKind,
    batchId: string,
    actorId: RowId | null,
    statements: readonly LifecycleStatement[],
    atEnd?: AtEnd,
  ): Promise<void> {
    const present = statements.filter((s) => s.ids.length > 0);
    if (present.length === 0 && kind !== 'delete') return;
    if (kind === 'delete') await this.#call('beforeDelete', trx, batchId, actorId, present);
    if (this.#outbox) await this.#outbox(trx, kind, batchId, actorId, present);
    if (!this.hooked) return;
    const after = () => this.#call(AFTER[kind], trx, batchId, actorId, present);
    if (atEnd) atEnd(after);
    else await after();
  }

  async #call(
    name: keyof LifecycleHooks,
    // biome-ignore lint/suspicious/noExplicitAny: any database schema.
    trx: Kysely<any>,
    batchId: string,
    actorId: RowId | null,
    statements: readonly LifecycleStatement[],
  ): Promise<void> {
    for (const statement of statements) {
      const hooks = [...(this.#tables.get(statement.table) ?? []), this.#global];
      for (const set of hooks) {
        const hook = set[name] as LifecycleHook | undefined;
        if (!hook) continue;
        const event: LifecycleEvent = { ...statement, batchId, actorId, trx };
        await hook(event);
      }
    }
  }
}

/** A lifecycle with nothing configured. */
export const NO_LIFECYCLE = new Lifecycle();
