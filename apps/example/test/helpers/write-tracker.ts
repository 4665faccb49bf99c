import type { TestDatabaseOptions } from '@tombstone/server/testing';

type Plugin = NonNullable<TestDatabaseOptions['plugins']>[number];
type Node = Parameters<Plugin['transformQuery']>[0]['node'];

const READ_ONLY_RAW = /^\s*select\b/i;
const WRITING_WORD = /\b(insert|update|delete|truncate|alter|create|drop|nextval|setval)\b/i;

/** Whether a query can change the database: anything but a plain SELECT counts as a write. */
function mayWrite(node: Node): boolean {
  if (node.kind === 'SelectQueryNode') return false;
  if (node.kind === 'RawNode') {
    const text = node.sqlFragments.join(' ');
    return !(READ_ONLY_RAW.test(text) && !WRITING_WORD.test(text));
  }
  return true;
}

/**
 * Remembers whether any statement that may write went through the database since `clear()`, so
 * a suite re-seeds only after tests that changed something: a test that only reads (or whose
 * requests were all denied, which the tests also assert) leaves the freshly seeded state as it
 * was. Conservative: unknown statements count as writes. Every query of the server, its
 * transactions included, goes through the plugins of the `Kysely` instance it was given.
 */
export class WriteTracker {
  #dirty = true;

  readonly plugin: Plugin = {
    transformQuery: (args) => {
      if (!this.#dirty && mayWrite(args.node)) this.#dirty = true;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };

  get dirty(): boolean {
    return this.#dirty;
  }

  clear(): void {
    this.#dirty = false;
  }
}
