import { sql } from 'kysely';
import { adminArticlesRouter, articlesRouter } from './articles.js';
import { adminAuthorsRouter, authorsRouter } from './authors.js';
import { adminCategoriesRouter, categoriesRouter } from './categories.js';
import { adminCommentsRouter, commentsRouter } from './comments.js';
import { trashRouter } from './trash.js';
import { publicProcedure, router } from './trpc.js';

/** The reference API (docs/reference-api.md). */
export const appRouter = router({
  health: publicProcedure.query(async ({ ctx }) => {
    await sql`select 1`.execute(ctx.db);
    return { ok: true as const };
  }),
  articles: articlesRouter,
  comments: commentsRouter,
  authors: authorsRouter,
  categories: categoriesRouter,
  admin: router({
    articles: adminArticlesRouter,
    comments: adminCommentsRouter,
    authors: adminAuthorsRouter,
    categories: adminCategoriesRouter,
    trash: trashRouter,
  }),
});

/** The type the SDK imports: the whole reference API, end to end. */
export type AppRouter = typeof appRouter;
