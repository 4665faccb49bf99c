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

/** tRPC for routers over {@link LifecycleContext}. */
export const t = initTRPC.context<LifecycleContext>().create();
const row = z.looseObject({ id: z.number() });
/** Schemas that let any row through: these suites check the database and the hooks, not the wire. */
export const schemas = {
  row,
  create: z.looseObject({}),
  patch: z.looseObject({}),
  filter: z.strictObject({}),
};
/** The boolean flag of the tracker's team, project and task. */
export const flag = { column: 'is_deleted', kind: 'boolean' } as const;

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
      softDelete: flag,
      schemas,
      actorId: () => 7,
      ...(hooks.team ? { hooks: hooks.team } : {}),
    }),
    projects: softDeleteProcedures({
      t,
      table: 'project',
      softDelete: flag,
      schemas,
    }),
    tasks: softDeleteProcedures({
      t,
      table: 'task',
      softDelete: flag,
      schemas,
      ...(hooks.task ? { hooks: hooks.task } : {}),
    }),
  });
}
