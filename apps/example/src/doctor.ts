/**
 * `npm run doctor -w apps/example [-- --json]`: the schema advisor on the database the app uses
 * (`DATABASE_URL`, or PGlite in `DATA_DIR`). Prints each finding with the SQL that fixes it (or,
 * with `--json`, the findings as a JSON array, for CI). Exit code 1 when a finding has severity
 * `error`, 0 otherwise.
 */
import { type AdvisorFinding, adviseSchema } from '@tombstone/server';
import { createDatabase, migrateToLatest, softDeleteTables } from '@tombstone/server/reference';
import { readConfig } from './config.js';

function report(findings: readonly AdvisorFinding[]): string {
  if (findings.length === 0) return 'Schema advisor: no findings.';
  const lines = findings.map(
    (f) => `${f.severity.toUpperCase()} ${f.rule} ${f.table}.${f.object}\n  ${f.message}\n  fix: ${f.fix}`,
  );
  return [`Schema advisor: ${findings.length} finding(s)`, ...lines].join('\n');
}

const json = process.argv.includes('--json');
const config = readConfig();
const db = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
try {
  await migrateToLatest(db);
  const findings = await adviseSchema(db, { tables: softDeleteTables });
  console.log(json ? JSON.stringify(findings, null, 2) : report(findings));
  process.exitCode = findings.some((f) => f.severity === 'error') ? 1 : 0;
} catch (error) {
  console.error('doctor failed:', error);
  process.exitCode = 2;
} finally {
  await db.destroy();
}
