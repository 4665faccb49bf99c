import { sql } from 'kysely';
import { publicProcedure, router } from './trpc.js';

/** The reference API. */
export const appRouter = router({
  health: publicProcedure.query(async ({ ctx }) => {
    await sql`select 1`.execute(ctx.db);
    return { ok: true as const };
  }),
});

/** The type the SDK imports: the whole reference API, end to end. */
export type AppRouter = typeof appRouter;
