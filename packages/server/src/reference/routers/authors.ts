import { authorCreateSchema, authorFilterSchema, authorPatchSchema, authorSchema } from '@tombstone/shared';
import { adminSoftDeleteProcedures, softDeleteProcedures } from '../../procedures/soft-delete-procedures.js';
import { actorId, authorRules, ownerOrStaffSees, staffOnly } from './authorization.js';
import { softDeleteTables } from './soft-delete-tables.js';
import { t } from './trpc.js';

const common = {
  t,
  table: 'author',
  softDelete: softDeleteTables.author,
  schemas: {
    row: authorSchema,
    create: authorCreateSchema,
    patch: authorPatchSchema,
    filter: authorFilterSchema,
  },
  filters: { name: { column: 'name', match: 'icontains' } },
  actorId,
} as const;

/** `authors.*`: an author updates and deletes themselves; every other write is staff only. */
export const authorsRouter = softDeleteProcedures({
  ...common,
  authorize: authorRules,
  canSeeDeleted: ownerOrStaffSees((row) => row.id),
});

/** `admin.authors.*`: deleted rows visible; staff only. */
export const adminAuthorsRouter = adminSoftDeleteProcedures({ ...common, authorize: staffOnly });
