export { type DeleteJobRequest, type DeleteJobResult, resumeDeleteJob, runDeleteJob } from './delete-job.js';
export { estimateDelete } from './estimate-delete.js';
export { DEFAULT_JOB_MAX_ROWS, type JobOptions, type JobProgress } from './job-context.js';
export { JOB_TABLE, tombstoneJobMigration } from './job-migration.js';
export {
  getJob,
  hasJobTable,
  type JobOperation,
  type JobStatus,
  listJobs,
  type TombstoneJob,
} from './job-store.js';
export { type EntryRestoreResult, type JobConflict, restoreBatchEntries } from './restore-batch-entries.js';
export {
  type RestoreJobRequest,
  type RestoreJobResult,
  resumeRestoreJob,
  runRestoreJob,
} from './restore-job.js';
export { type ResumeJobsOptions, resumeJobs } from './resume-jobs.js';
