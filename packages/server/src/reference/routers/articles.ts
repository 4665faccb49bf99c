import {
  articleCreateSchema,
  articleFilterSchema,
  articlePatchSchema,
  articleSchema,
} from '@tombstone/shared';
import { adminSoftDeleteProcedures, softDeleteProcedures } from '../../procedures/soft-delete-procedures.js';
import { actorId, callerIsAuthor, ownerOrStaff, ownerOrStaffSees, staffOnly } from './authorization.js';
import { softDeleteTables } from './soft-delete-tables.js';
import { t } from './trpc.js';

const common = {
  t,
  table: 'article',
  softDelete: softDeleteTables.article,
  schemas: {
    row: articleSchema,
    create: articleCreateSchema,
    patch: articlePatchSchema,
    filter: articleFilterSchema,
  },
  filters: {
    title: { column: 'title', match: 'icontains' },
    authorId: { column: 'author_id', match: 'eq' },
    categoryId: { column: 'category_id', match: 'eq' },
  },
  references: { categoryId: 'category' },
  toValues: callerIsAuthor,
  actorId,
} as const;

/** `articles.*`: owner-or-staff writes, staff-only restore and hard delete. */
export const articlesRouter = softDeleteProcedures({
  ...common,
  authorize: ownerOrStaff((row) => row.author_id),
  canSeeDeleted: ownerOrStaffSees((row) => row.author_id),
});

/** `admin.articles.*`: deleted rows visible; staff only. */
export const adminArticlesRouter = adminSoftDeleteProcedures({ ...common, authorize: staffOnly });
