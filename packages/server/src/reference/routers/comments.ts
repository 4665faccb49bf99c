import {
  commentCreateSchema,
  commentFilterSchema,
  commentPatchSchema,
  commentSchema,
} from '@tombstone/shared';
import { adminSoftDeleteProcedures, softDeleteProcedures } from '../../procedures/soft-delete-procedures.js';
import { actorId, callerIsAuthor, ownerOrStaff, ownerOrStaffSees, staffOnly } from './authorization.js';
import { softDeleteTables } from './soft-delete-tables.js';
import { t } from './trpc.js';

const common = {
  t,
  table: 'comment',
  softDelete: softDeleteTables.comment,
  schemas: {
    row: commentSchema,
    create: commentCreateSchema,
    patch: commentPatchSchema,
    filter: commentFilterSchema,
  },
  filters: {
    body: { column: 'body', match: 'icontains' },
    articleId: { column: 'article_id', match: 'eq' },
    authorId: { column: 'author_id', match: 'eq' },
  },
  // A comment needs a live article: NOT_FOUND otherwise.
  references: { articleId: 'article' },
  toValues: callerIsAuthor,
  actorId,
} as const;

/** `comments.*`: owner-or-staff writes, staff-only restore and hard delete. */
export const commentsRouter = softDeleteProcedures({
  ...common,
  authorize: ownerOrStaff((row) => row.author_id),
  canSeeDeleted: ownerOrStaffSees((row) => row.author_id),
});

/** `admin.comments.*`: deleted rows visible; staff only. */
export const adminCommentsRouter = adminSoftDeleteProcedures({ ...common, authorize: staffOnly });
