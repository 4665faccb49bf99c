import { parseArgs } from 'node:util';
import { parseDuration } from './purge-args.js';

/** A row key as typed: a number when it is an integer, the text otherwise (uuid, text keys). */
export type CliRowId = number | string;

/** What `npm run job` was asked to do. */
export type JobArgs =
  | {
      command: 'delete' | 'restore';
      table: string;
      ids: CliRowId[];
      /** Recorded in the audit trail as who did it; `null`: the system. */
      actorId: CliRowId | null;
      /** Rows per chunk (one transaction each); `undefined`: the app's (50,000). */
      maxRows: number | undefined;
    }
  | { command: 'list'; status: 'running' | 'done' | 'failed' | undefined; limit: number }
  | { command: 'resume'; maxRows: number | undefined; staleAfterMs: number; staleAfter: string };

const COMMANDS = ['delete', 'restore', 'list', 'resume'] as const;
const STATUSES = ['running', 'done', 'failed'] as const;

/** The usage line printed with every argument error. */
export const JOB_USAGE = [
  'Usage: npm run job -- delete  --table <table> --id <id> [--id <id>…] [--actor <id>] [--max-rows <n>]',
  '       npm run job -- restore --table <table> --id <id> [--id <id>…] [--actor <id>] [--max-rows <n>]',
  '       npm run job -- list    [--status running|done|failed] [--limit <n>]',
  '       npm run job -- resume  [--stale-after 60s] [--max-rows <n>]',
].join('\n');

function rowId(text: string): CliRowId {
  const trimmed = text.trim();
  if (trimmed === '') throw new Error('--id and --actor need a value.');
  if (/^-?\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed))) return Number(trimmed);
  return trimmed;
}

function positive(name: string, text: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new Error(`--${name} must be an integer from 1 to ${max}, got "${text}".`);
  }
  return value;
}

/**
 * Reads the job CLI's arguments: a command (`delete`, `restore`, `list`, `resume`) and its
 * options. `tables` are the soft-deletable tables a delete or restore may name.
 *
 * @example
 * parseJobArgs(['delete', '--table', 'author', '--id', '1'], ['author']);
 * // { command: 'delete', table: 'author', ids: [1], actorId: null, maxRows: undefined }
 */
export function parseJobArgs(argv: readonly string[], tables: readonly string[]): JobArgs {
  const [command, ...rest] = argv;
  if (!COMMANDS.includes(command as (typeof COMMANDS)[number])) {
    throw new Error(
      `${command === undefined ? 'Missing command' : `Unknown command "${command}"`}: use delete, restore, list or resume.`,
    );
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      table: { type: 'string' },
      id: { type: 'string', multiple: true },
      actor: { type: 'string' },
      'max-rows': { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
      'stale-after': { type: 'string' },
    },
    strict: true,
  });
  const allowed: Record<(typeof COMMANDS)[number], readonly string[]> = {
    delete: ['table', 'id', 'actor', 'max-rows'],
    restore: ['table', 'id', 'actor', 'max-rows'],
    list: ['status', 'limit'],
    resume: ['stale-after', 'max-rows'],
  };
  const name = command as (typeof COMMANDS)[number];
  const stray = Object.keys(values).find((key) => !allowed[name].includes(key));
  if (stray) throw new Error(`--${stray} does not apply to "${name}".`);

  if (name === 'list') {
    const status = values.status;
    if (status !== undefined && !STATUSES.includes(status as (typeof STATUSES)[number])) {
      throw new Error(`--status must be running, done or failed, got "${status}".`);
    }
    return {
      command: 'list',
      status: status as (typeof STATUSES)[number] | undefined,
      limit: positive('limit', values.limit, 1000) ?? 20,
    };
  }
  const maxRows = positive('max-rows', values['max-rows']);
  if (name === 'resume') {
    const staleAfter = values['stale-after'] ?? '60s';
    return { command: 'resume', maxRows, staleAfterMs: parseDuration(staleAfter), staleAfter };
  }
  const table = values.table;
  if (!table) throw new Error(`Missing --table: one of ${tables.join(', ')}.`);
  if (!tables.includes(table)) throw new Error(`Unknown table "${table}": use one of ${tables.join(', ')}.`);
  const ids = (values.id ?? []).map(rowId);
  if (ids.length === 0) throw new Error(`Missing --id: the ${table} row(s) to ${name}, e.g. --id 1.`);
  return {
    command: name,
    table,
    ids,
    actorId: values.actor === undefined ? null : rowId(values.actor),
    maxRows,
  };
}
