import { softDeleteErrorFormatter, softDeleteProcedures, type Tombstone } from '@tombstone/server';
import { bigintIdSchema, uuidIdSchema } from '@tombstone/shared';
import { initTRPC, TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from './schema.js';

export interface Context {
  db: Kysely<Database>;
  tombstone: Tombstone;
  user: string | null;
}

const t = initTRPC.context<Context>().create({ errorFormatter: softDeleteErrorFormatter() });

const signedIn = ({ ctx, operation }: { ctx: Context; operation: string }) => {
  if (operation === 'list' || operation === 'get') return true;
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return 'all' as const;
};

export const appRouter = t.router({
  workspaces: softDeleteProcedures({
    t,
    table: 'workspace',
    softDelete: { column: 'deleted_at', kind: 'timestamp' },
    schemas: {
      row: z.object({ id: z.string(), name: z.string(), deletedAt: z.string().nullable() }),
      create: z.strictObject({ name: z.string().min(1) }),
      patch: z.strictObject({ name: z.string().min(1).optional() }),
      filter: z.strictObject({ name: z.string().optional() }),
      id: uuidIdSchema,
    },
    filters: { name: { column: 'name', match: 'icontains' } },
    authorize: signedIn,
    actorId: (ctx) => ctx.user,
  }),
  projects: softDeleteProcedures({
    t,
    table: 'project',
    idColumn: 'project_id',
    softDelete: { column: 'is_deleted', kind: 'boolean' },
    schemas: {
      row: z.object({
        projectId: z.coerce.string(), // bigint: a string from pg, a number from PGlite
        workspaceId: z.string(),
        slug: z.string(),
        isDeleted: z.boolean(),
      }),
      create: z.strictObject({ workspaceId: z.string(), slug: z.string() }),
      patch: z.strictObject({ slug: z.string().optional() }),
      filter: z.strictObject({}),
      id: bigintIdSchema,
    },
    references: { workspaceId: 'workspace' },
    authorize: signedIn,
    actorId: (ctx) => ctx.user,
  }),
  tasks: softDeleteProcedures({
    t,
    table: 'task',
    idColumn: 'code',
    softDelete: { column: 'is_deleted', kind: 'boolean' },
    schemas: {
      row: z.looseObject({ code: z.string(), title: z.string(), isDeleted: z.boolean() }),
      create: z.strictObject({ code: z.string(), projectId: z.string(), title: z.string() }),
      patch: z.strictObject({ title: z.string().optional() }),
      filter: z.strictObject({}),
      id: z.string().min(1),
    },
    authorize: signedIn,
    actorId: (ctx) => ctx.user,
  }),
});

export type AppRouter = typeof appRouter;
