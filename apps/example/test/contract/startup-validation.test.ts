import { createTombstone } from '@tombstone/server';
import { appRouter } from '@tombstone/server/reference';
import { testDialects } from '@tombstone/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openReferenceDatabase,
  type ReferenceDb,
  type ReferenceTestDatabase,
} from '../helpers/reference-database.js';

type Db = ReferenceDb;
type Transaction = Parameters<Parameters<ReturnType<Db['transaction']>['execute']>[0]>[0];

/** Rolls back whatever `body` did to the schema, so every case starts from the migrated schema. */
class Rollback extends Error {}
async function inRolledBackTransaction(db: Db, body: (trx: Transaction) => Promise<void>): Promise<void> {
  await db
    .transaction()
    .execute(async (trx) => {
      await body(trx);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
}

for (const dialect of testDialects()) {
  describe(`start-up validation [${dialect}]`, () => {
    let test: ReferenceTestDatabase | undefined;
    const db = () => {
      if (!test) throw new Error('opened in beforeAll');
      return test.db;
    };
    beforeAll(async () => {
      test = await openReferenceDatabase(dialect);
    });
    afterAll(async () => {
      await test?.destroy();
    });

    it('accepts the migrated reference schema', async () => {
      const tombstone = await createTombstone(db(), appRouter);
      expect(tombstone).toBeTruthy();
    });

    it('a renamed soft-delete column fails fast, naming the table, the column and the fix', async () => {
      await inRolledBackTransaction(db(), async (trx) => {
        await trx.schema.alterTable('article').renameColumn('is_deleted', 'removed').execute();
        await expect(createTombstone(trx, appRouter)).rejects.toThrow(
          'Table "article" has no boolean column "is_deleted". Add it, or set the soft-delete column to the right name.',
        );
      });
    });

    it('a soft-delete column of the wrong type fails fast', async () => {
      await inRolledBackTransaction(db(), async (trx) => {
        // Renamed away rather than dropped: the updated_at trigger's WHEN reads it (migration 0004).
        await trx.schema.alterTable('comment').renameColumn('is_deleted', 'was_deleted').execute();
        await trx.schema.alterTable('comment').addColumn('is_deleted', 'integer').execute();
        await expect(createTombstone(trx, appRouter)).rejects.toThrow(
          'Table "comment" has no boolean column "is_deleted". Add it, or set the soft-delete column to the right name.',
        );
      });
    });

    it('a missing timestamp soft-delete column fails fast', async () => {
      await inRolledBackTransaction(db(), async (trx) => {
        await trx.schema.alterTable('category').renameColumn('deleted_at', 'removed_at').execute();
        const error = await createTombstone(trx, appRouter).then(
          () => null,
          (e: Error) => e,
        );
        expect(error?.message).toMatch(/Table "category" has no \w+ column "deleted_at"\. Add it/);
      });
    });

    it('a renamed id column fails fast', async () => {
      await inRolledBackTransaction(db(), async (trx) => {
        await trx.schema.alterTable('author').renameColumn('id', 'author_id').execute();
        await expect(createTombstone(trx, appRouter)).rejects.toThrow(
          /Table "author" has no column "id"\. Set idColumn/,
        );
      });
    });

    it('a missing table fails fast, naming it', async () => {
      await inRolledBackTransaction(db(), async (trx) => {
        await trx.schema.dropTable('comment').cascade().execute();
        await expect(createTombstone(trx, appRouter)).rejects.toThrow(/"comment"/);
      });
    });
  });
}
