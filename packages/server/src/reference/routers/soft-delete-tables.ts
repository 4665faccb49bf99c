import { defineSoftDeleteTables } from '../../plugin/soft-delete-column.js';
import type { Database } from '../db/database.js';

/** The soft-deletable tables of the reference schema (docs/reference-api.md, Tables). */
export const softDeleteTables = defineSoftDeleteTables<Database>()({
  author: { column: 'is_deleted', kind: 'boolean' },
  category: { column: 'deleted_at', kind: 'timestamp' },
  article: { column: 'is_deleted', kind: 'boolean' },
  comment: { column: 'is_deleted', kind: 'boolean' },
});
