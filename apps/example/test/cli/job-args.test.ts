import { describe, expect, it } from 'vitest';
import { parseJobArgs } from '../../src/job-args.js';

const TABLES = ['author', 'article', 'comment', 'category'];

describe('job CLI arguments', () => {
  it('reads a delete or restore of one table, ids as numbers when they are integers', () => {
    expect(parseJobArgs(['delete', '--table', 'author', '--id', '1'], TABLES)).toEqual({
      command: 'delete',
      table: 'author',
      ids: [1],
      actorId: null,
      maxRows: undefined,
    });
    expect(
      parseJobArgs(
        ['restore', '--table', 'article', '--id', '4', '--id', 'a-uuid', '--actor', '3', '--max-rows', '5'],
        TABLES,
      ),
    ).toEqual({ command: 'restore', table: 'article', ids: [4, 'a-uuid'], actorId: 3, maxRows: 5 });
  });

  it('reads list and resume with their defaults', () => {
    expect(parseJobArgs(['list'], TABLES)).toEqual({ command: 'list', status: undefined, limit: 20 });
    expect(parseJobArgs(['list', '--status', 'running', '--limit', '5'], TABLES)).toEqual({
      command: 'list',
      status: 'running',
      limit: 5,
    });
    expect(parseJobArgs(['resume'], TABLES)).toEqual({
      command: 'resume',
      maxRows: undefined,
      staleAfterMs: 60_000,
      staleAfter: '60s',
    });
    expect(parseJobArgs(['resume', '--stale-after', '0s', '--max-rows', '100'], TABLES)).toMatchObject({
      staleAfterMs: 0,
      maxRows: 100,
    });
  });

  it('refuses a missing or unknown command, table or id, naming what would do', () => {
    expect(() => parseJobArgs([], TABLES)).toThrow(/Missing command: use delete, restore, list or resume/);
    expect(() => parseJobArgs(['purge'], TABLES)).toThrow(/Unknown command "purge"/);
    expect(() => parseJobArgs(['delete', '--id', '1'], TABLES)).toThrow(/Missing --table: one of author/);
    expect(() => parseJobArgs(['delete', '--table', 'api_token', '--id', '1'], TABLES)).toThrow(
      /Unknown table "api_token": use one of author, article/,
    );
    expect(() => parseJobArgs(['restore', '--table', 'author'], TABLES)).toThrow(/Missing --id/);
    expect(() => parseJobArgs(['delete', '--table', 'author', '--id', ' '], TABLES)).toThrow(/need a value/);
  });

  it('refuses bad numbers, bad statuses, options of another command and unknown flags', () => {
    for (const bad of ['0', '-1', '1.5', 'x', '']) {
      expect(() =>
        parseJobArgs(['delete', '--table', 'author', '--id', '1', `--max-rows=${bad}`], TABLES),
      ).toThrow(/--max-rows must be an integer from 1/);
    }
    expect(() => parseJobArgs(['list', '--limit', '1001'], TABLES)).toThrow(
      /--limit must be an integer from 1 to 1000/,
    );
    expect(() => parseJobArgs(['list', '--status', 'stuck'], TABLES)).toThrow(
      /--status must be running, done or failed/,
    );
    expect(() => parseJobArgs(['resume', '--stale-after', 'soon'], TABLES)).toThrow(/is not a duration/);
    expect(() => parseJobArgs(['list', '--table', 'author'], TABLES)).toThrow(
      /--table does not apply to "list"/,
    );
    expect(() => parseJobArgs(['delete', '--table', 'author', '--id', '1', '--force'], TABLES)).toThrow();
  });
});
