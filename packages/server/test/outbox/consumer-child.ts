/** A consumer process for the crash test: consumes `argv[2]`'s outbox slowly, forever, until killed. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { consumeOutbox } from '../../src/outbox/consume-outbox.js';
import { effectHandler } from './effect-handler.js';

const url = process.argv[2] as string;
const db = new Kysely<unknown>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
});
const external = new Kysely<unknown>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
});
const handler = effectHandler(external, 40);
for (;;) {
  const { processed } = await consumeOutbox(db, handler, { batchSize: 5 });
  if (processed === 0) await new Promise((r) => setTimeout(r, 20));
}
