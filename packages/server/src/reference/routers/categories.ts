import {
  categoryCreateSchema,
  categoryFilterSchema,
  categoryPatchSchema,
  categorySchema,
} from '@tombstone/shared';
import { adminSoftDeleteProcedures, softDeleteProcedures } from '../../procedures/soft-delete-procedures.js';
import { actorId, ownerOrStaffSees, staffOnly, staffWrites } from './authorization.js';
import { softDeleteTables } from './soft-delete-tables.js';
import { t } from './trpc.js';

const common = {
  t,
  table: 'category',
  softDelete: softDeleteTables.category,
  schemas: {
    row: categorySchema,
    create: categoryCreateSchema,
    patch: categoryPatchSchema,
    filter: categoryFilterSchema,
  },
  filters: { name: { column: 'name', match: 'icontains' } },
  actorId,
} as const;

/** `categories.*`: reads for everyone, writes for staff. Soft-deleted through `deleted_at`. */
export const categoriesRouter = softDeleteProcedures({
  ...common,
  authorize: staffWrites,
  canSeeDeleted: ownerOrStaffSees(() => null),
});

/** `admin.categories.*`: deleted rows visible; staff only. */
export const adminCategoriesRouter = adminSoftDeleteProcedures({ ...common, authorize: staffOnly });
