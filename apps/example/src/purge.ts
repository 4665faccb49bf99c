/**
 * `npm run purge -w apps/example -- --older-than 30d [--dry-run] [--chunk-size 1000]`: the
 * retention purge. Hard-deletes rows soft-deleted before the cutoff, children first, in chunks
 * (safe to interrupt with Ctrl-C and run again), on the database the app uses (`DATABASE_URL`, or
 * PGlite in `DATA_DIR` — stop the app first: PGlite allows one process per data directory). One
 * purge at a time per database (an advisory lock): a second one exits with code 3 and a message.
 */
import { loadRelationGraph, PurgeInProgressError, type PurgeResult, purgeDeleted } from '@tombstone/server';
import { createDatabase, migrateToLatest, softDeleteTables } from '@tombstone/server/reference';
import cliProgress from 'cli-progress';
import { readConfig } from './config.js';
import { parsePurgeArgs } from './purge-args.js';

function summary(result: PurgeResult): string {
  const head = result.dryRun ? 'would purge' : 'purged';
  const rows = Object.keys(result.tables).map((table) => [
    table,
    String(result.tables[table] ?? 0),
    String(result.kept[table] ?? 0),
  ]);
  rows.push(['total', String(result.total), String(Object.values(result.kept).reduce((a, b) => a + b, 0))]);
  const header = ['table', head, 'kept (still referenced)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.slice(0, -1).map(line), rule, line(rows.at(-1) as string[])].join('\n');
}

let args: ReturnType<typeof parsePurgeArgs>;
try {
  args = parsePurgeArgs(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const config = readConfig();
const db = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${config.dataDir}`;
const bar = process.stdout.isTTY
  ? new cliProgress.SingleBar(
      { format: 'purging {table} [{bar}] {value}/{total} rows | {eta_formatted} left', hideCursor: true },
      cliProgress.Presets.shades_classic,
    )
  : undefined;

try {
  await migrateToLatest(db);
  const graph = await loadRelationGraph(db, softDeleteTables);
  console.log(
    `${args.dryRun ? 'Dry run: counting' : 'Purging'} rows soft-deleted more than ${args.age} ago (before ${args.olderThan.toISOString()}) on ${where}`,
  );
  let started = false;
  const result = await purgeDeleted(db, graph, {
    olderThan: args.olderThan,
    chunkSize: args.chunkSize,
    dryRun: args.dryRun,
    onProgress: (p) => {
      if (bar) {
        if (!started) bar.start(Math.max(p.overallTotal, p.overallPurged), 0, { table: p.table });
        started = true;
        bar.setTotal(Math.max(p.overallTotal, p.overallPurged));
        bar.update(p.overallPurged, { table: p.table });
      } else {
        console.log(`  ${p.table}: ${p.purged} rows purged (${p.overallPurged}/${p.overallTotal} overall)`);
      }
    },
  });
  bar?.stop();
  console.log(summary(result));
} catch (error) {
  bar?.stop();
  if (error instanceof PurgeInProgressError) {
    // Another process is purging this database: not a failure of this one, nothing changed.
    console.error(error.message);
    process.exitCode = 3;
  } else {
    console.error('Purge failed (rows purged so far stay purged; run it again to go on):', error);
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
