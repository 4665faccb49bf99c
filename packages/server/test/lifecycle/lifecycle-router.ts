import { initTRPC } from '@trpc/server';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { LifecycleEvent, LifecycleHooks } from '../../src/lifecycle/lifecycle-hooks.js';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import type { Tombstone } from '../../src/procedures/tombstone.js';
import type { Database } from '../fixtures/database.js';

/** The context of the lifecycle tests' router. */
export interface LifecycleContext {
  db: Kysely<Database>;
  tombstone: Tombstone;
}

/** A hook call as recorded: everything but the transaction. */
export type Recorded = Omit<LifecycleEvent, 'trx'> & { hook: string };

const t = initTRPC.context<LifecycleContext>().create();
const row = z.looseObject({ id: z.number() });
const schemas = {
  row,
  create: z.looseObject({}),
  patch: z.looseObject({}),
  filter: z.strictObject({}),
};

/** Records every hook call of one hook set into `calls`. */
export function recordingHooks(calls: Recorded[], prefix: string): LifecycleHooks<Database> {
  const record =
    (hook: string) =>
    ({ trx: _trx, ...event }: LifecycleEvent<Database>) => {
      calls.push({ hook: `${prefix}.${hook}`, ...event });
    };
  return {
    beforeDelete: record('beforeDelete'),
    afterDelete: record('afterDelete'),
    afterRestore: record('afterRestore'),
    afterHardDelete: record('afterHardDelete'),
    afterPurge: record('afterPurge'),
  };
}

/** A router over the tracker's team → project → task, with per-table hooks. */
export function lifecycleRouter(hooks: {
  team?: LifecycleHooks<Database, 'team'>;
  task?: LifecycleHooks<Database, 'task'>;
}) {
  return t.router({
    teams: softDeleteProcedures({
      t,
      table: 'team',
      softDelete: { column: 'is_deleted', kind: 'boolean' },
      schemas,
      actorId: () => 7,
      ...(hooks.team ? { hooks: hooks.team } : {}),
    }),
    projects: softDeleteProcedures({
      t,
      table: 'project',
      softDelete: { column: 'is_deleted', kind: 'boolean' },
      schemas,
    }),
    tasks: softDeleteProcedures({
      t,
      table: 'task',
      softDelete: { column: 'is_deleted', kind: 'boolean' },
      schemas,
      ...(hooks.task ? { hooks: hooks.task } : {}),
    }),
  });
}
