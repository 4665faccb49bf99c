/**
 * `npm run job -- delete|restore --table author --id 1 [--max-rows 50000]`: a soft delete or an
 * exact restore of any size as a chunked, resumable job (each chunk of at most `--max-rows` rows
 * its own transaction), with a progress bar. `npm run job -- list` shows the jobs;
 * `npm run job -- resume` finishes the ones a crash left running. Works on the database the app
 * uses (`DATABASE_URL`, or PGlite in `DATA_DIR` — stop the app first: PGlite allows one process
 * per data directory). Exit codes: 0 done, 1 failed or refused (blocked, conflict, missing), 2 bad
 * arguments.
 */
import {
  createTombstone,
  DEFAULT_JOB_MAX_ROWS,
  getJob,
  type JobOptions,
  type JobProgress,
  listJobs,
  resumeJobs,
  runDeleteJob,
  runRestoreJob,
  type TombstoneJob,
} from '@tombstone/server';
import { appRouter, createDatabase, migrateToLatest, softDeleteTables } from '@tombstone/server/reference';
import cliProgress from 'cli-progress';
import { readConfig } from './config.js';
import { JOB_USAGE, type JobArgs, parseJobArgs } from './job-args.js';
import { outboxEnabled } from './outbox-table.js';

/** One bar per job (a `resume` may run several): `label [====   ] done/total rows`. */
class JobProgressBar {
  #bar: cliProgress.SingleBar | undefined;
  #jobId: string | undefined;

  constructor(readonly label: (jobId: string) => string) {}

  update(progress: JobProgress): void {
    const total = Math.max(progress.totalRows ?? progress.doneRows, progress.doneRows);
    if (!process.stdout.isTTY) {
      console.log(`  ${this.label(progress.jobId)}: ${progress.doneRows}/${progress.totalRows ?? '?'} rows`);
      return;
    }
    if (this.#jobId !== progress.jobId) {
      this.stop();
      this.#jobId = progress.jobId;
      this.#bar = new cliProgress.SingleBar(
        {
          format: `${this.label(progress.jobId)} [{bar}] {value}/{total} rows | {eta_formatted} left`,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(total, 0);
    }
    this.#bar?.setTotal(total);
    this.#bar?.update(progress.doneRows);
  }

  stop(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }
}

function jobTable(jobs: readonly TombstoneJob[]): string {
  if (jobs.length === 0) return 'No jobs.';
  const header = ['id', 'operation', 'table', 'ids', 'status', 'rows', 'attempts', 'started'];
  const rows = jobs.map((j) => [
    j.id,
    j.operation,
    j.table,
    j.ids.join(','),
    j.status,
    `${j.doneRows}/${j.totalRows ?? '?'}`,
    String(j.attempts),
    j.createdAt.toISOString(),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  const failures = jobs.filter((j) => j.error).map((j) => `  ${j.id}: ${j.error}`);
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ...failures].join(
    '\n',
  );
}

let args: JobArgs;
try {
  args = parseJobArgs(process.argv.slice(2), Object.keys(softDeleteTables));
} catch (error) {
  console.error(`${(error as Error).message}\n${JOB_USAGE}`);
  process.exit(2);
}

const config = readConfig();
const db = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${config.dataDir}`;
const progress = new JobProgressBar((jobId) =>
  args.command === 'delete' || args.command === 'restore'
    ? `${args.command === 'delete' ? 'deleting' : 'restoring'} ${args.table} ${args.ids.join(', ')}`
    : `job ${jobId.slice(0, 8)}`,
);

try {
  await migrateToLatest(db);
  // The app's tombstone: its relation graph, and hooks / outbox (OUTBOX=true) run with every chunk.
  const tombstone = await createTombstone(db, appRouter, {
    outbox: await outboxEnabled(db),
    advisor: false,
    logger: { warn: () => {} },
  });
  const options: JobOptions = {
    lifecycle: tombstone.lifecycle,
    ...(tombstone.transactions ? { transactions: tombstone.transactions } : {}),
    maxRows:
      args.command !== 'list' && args.maxRows !== undefined
        ? args.maxRows
        : (tombstone.largeOperations?.maxRows ?? DEFAULT_JOB_MAX_ROWS),
    onProgress: (p) => progress.update(p),
  };
  if (args.command === 'list') {
    console.log(
      jobTable(await listJobs(db, { limit: args.limit, ...(args.status ? { status: args.status } : {}) })),
    );
  } else if (args.command === 'resume') {
    console.log(`Resuming jobs running with no heartbeat for ${args.staleAfter} on ${where}`);
    const failed: string[] = [];
    const resumed = await resumeJobs(db, tombstone.graph, {
      ...options,
      staleAfterMs: args.staleAfterMs,
      onError: (job, error) =>
        failed.push(`${job.id}: ${error instanceof Error ? error.message : String(error)}`),
    });
    progress.stop();
    const finished = await Promise.all(resumed.map(async (job) => (await getJob(db, job.id)) ?? job));
    console.log(finished.length === 0 ? 'Nothing to resume.' : jobTable(finished));
    for (const message of failed) console.error(`Failed: ${message}`);
    if (failed.length > 0) process.exitCode = 1;
  } else {
    const request = { table: args.table, ids: args.ids, actorId: args.actorId };
    console.log(
      `${args.command === 'delete' ? 'Deleting' : 'Restoring'} ${args.table} ${args.ids.join(', ')} in chunks of at most ${options.maxRows} rows on ${where}`,
    );
    const problems: string[] = [];
    if (args.command === 'delete') {
      const result = await runDeleteJob(db, tombstone.graph, request, options);
      progress.stop();
      console.log(`Job ${result.jobId}: ${result.rows} rows soft-deleted (batch ${result.batchId})`);
      if (result.deleted.length > 0) console.log(`  deleted: ${result.deleted.join(', ')}`);
      if (result.alreadyDeleted.length > 0)
        console.log(`  already deleted: ${result.alreadyDeleted.join(', ')}`);
      for (const id of result.missing) problems.push(`No ${args.table} with id ${id}.`);
      for (const b of result.blocked) problems.push(b.message);
    } else {
      const result = await runRestoreJob(db, tombstone.graph, request, options);
      progress.stop();
      console.log(`Job ${result.jobId}: ${result.rows} rows restored`);
      if (result.restored.length > 0) console.log(`  restored: ${result.restored.join(', ')}`);
      if (result.alreadyLive.length > 0) console.log(`  already live: ${result.alreadyLive.join(', ')}`);
      for (const id of result.missing) problems.push(`No ${args.table} with id ${id}.`);
      for (const c of result.conflicts) problems.push(c.message);
      for (const c of result.rowConflicts)
        problems.push(`${c.table} ${c.id} stays in the trash: ${c.message}`);
    }
    for (const message of problems) console.error(message);
    if (problems.length > 0) process.exitCode = 1;
  }
} catch (error) {
  progress.stop();
  console.error('Job failed (its committed chunks stay done: run it again to go on):', error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
