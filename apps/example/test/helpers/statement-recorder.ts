import type { TestDatabaseOptions } from '@tombstone/server/testing';
import type { ReferenceDb } from './reference-database.js';

type Plugin = NonNullable<TestDatabaseOptions['plugins']>[number];
type Db = ReferenceDb;
type Query = Parameters<Plugin['transformQuery']>[0];

/**
 * A Kysely plugin that records the statements the server sends while recording is on, so a test
 * can count them (say, "bulkDelete is one UPDATE"). Install it with
 * `describeContract(name, body, { plugins: [recorder.plugin] })`.
 */
export class StatementRecorder {
  #queries: Query[] = [];
  #recording = false;

  readonly plugin: Plugin = {
    transformQuery: (args) => {
      if (this.#recording) this.#queries.push(args);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };

  /** Forgets what was recorded and starts recording. */
  start(): void {
    this.#queries = [];
    this.#recording = true;
  }

  /** Stops recording and returns the SQL of every statement recorded, compiled by `db`. */
  stop(db: Db): string[] {
    this.#recording = false;
    return this.#queries.map((q) => db.getExecutor().compileQuery(q.node, q.queryId).sql);
  }
}
