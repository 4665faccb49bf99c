import type { Kysely } from 'kysely';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import type { AdvisorFinding } from './advisor-finding.js';
import { liveIndexFindings } from './live-indexes.js';
import { triggerFindings } from './soft-delete-triggers.js';
import { uniqueIndexFindings } from './unique-indexes.js';

/** The tables to advise on: what `createTombstone` returns (`tombstone.tables`, `tombstone.idColumns`). */
export interface AdvisedTables {
  tables: Readonly<Record<string, SoftDeleteColumn>>;
  idColumns?: Readonly<Record<string, string>>;
}

/**
 * The schema advisor: reads the catalog of the current schema and reports, for the
 * soft-deletable tables, unique indexes and constraints that are not partial over live rows
 * (`error`), tables without a partial index serving live rows by the key (`warning`), and
 * row-level UPDATE triggers that fire on the soft-delete UPDATE (`warning`) — each with the
 * exact SQL that fixes it. `createTombstone` logs them at start-up (`tombstone.advice`).
 *
 * @example
 * const findings = await adviseSchema(db, tombstone);
 * for (const f of findings) console.log(`${f.severity} ${f.table}.${f.object}: ${f.message}\n  ${f.fix}`);
 */
export async function adviseSchema(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema.
  db: Kysely<any>,
  { tables, idColumns = {} }: AdvisedTables,
): Promise<AdvisorFinding[]> {
  if (Object.keys(tables).length === 0) return [];
  return [
    ...(await uniqueIndexFindings(db, tables, idColumns)),
    ...(await liveIndexFindings(db, tables, idColumns)),
    ...(await triggerFindings(db, tables)),
  ];
}

/** A finding as one log line: severity, message and fix. */
export function formatFinding(finding: AdvisorFinding): string {
  return `[tombstone advisor] ${finding.severity}: ${finding.message} Fix: ${finding.fix}`;
}
