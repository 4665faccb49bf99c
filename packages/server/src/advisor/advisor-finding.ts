/** What a finding is about. */
export type AdvisorRule = 'unique-not-partial' | 'no-live-index' | 'trigger-on-soft-delete';

/** How bad: `error` breaks behaviour (doctor exits non-zero), `warning` costs, `info` advises. */
export type AdvisorSeverity = 'error' | 'warning' | 'info';

/** One problem of the schema, with the SQL that fixes it. */
export interface AdvisorFinding {
  rule: AdvisorRule;
  severity: AdvisorSeverity;
  table: string;
  /** The index, constraint or trigger concerned (for `no-live-index`, the index to create). */
  object: string;
  /** One sentence for the log: what is wrong and why it matters. */
  message: string;
  /** The exact SQL that fixes it. */
  fix: string;
}
