import { parseArgs } from 'node:util';

/** What `npm run purge` was asked to do. */
export interface PurgeArgs {
  /** Rows soft-deleted before this instant are purged. */
  olderThan: Date;
  /** The duration as typed, for messages (`30d`). */
  age: string;
  dryRun: boolean;
  chunkSize: number;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a duration such as `30d`, `12h`, `90m`, `45s` or `2w` into milliseconds.
 *
 * @example
 * parseDuration('12h'); // 43_200_000
 */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*([smhdw])$/i.exec(text.trim());
  if (!match) {
    throw new Error(`"${text}" is not a duration: use a number and a unit, e.g. 30d, 12h, 90m, 45s or 2w.`);
  }
  return Number(match[1]) * (UNITS[(match[2] as string).toLowerCase()] as number);
}

/**
 * Reads the purge CLI's arguments: `--older-than <duration>` (required), `--dry-run`,
 * `--chunk-size <n>` (default 1000).
 *
 * @example
 * parsePurgeArgs(['--older-than', '30d', '--dry-run']).dryRun; // true
 */
export function parsePurgeArgs(argv: readonly string[], now: Date = new Date()): PurgeArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'older-than': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'chunk-size': { type: 'string', default: '1000' },
    },
    strict: true,
  });
  const age = values['older-than'];
  if (!age) throw new Error('Missing --older-than: e.g. npm run purge -w apps/example -- --older-than 30d');
  const chunkSize = Number(values['chunk-size']);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new Error(`--chunk-size must be a positive integer, got "${values['chunk-size']}".`);
  }
  return {
    olderThan: new Date(now.getTime() - parseDuration(age)),
    age,
    dryRun: values['dry-run'] ?? false,
    chunkSize,
  };
}
