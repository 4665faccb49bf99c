export { type AdvisedTables, adviseSchema, formatFinding } from './advise-schema.js';
export type { AdvisorFinding, AdvisorRule, AdvisorSeverity } from './advisor-finding.js';
