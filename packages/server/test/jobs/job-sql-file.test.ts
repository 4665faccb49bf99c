import { tombstoneJobMigration } from '../../src/jobs/job-migration.js';
import { describeSqlFileParity } from '../helpers/sql-file-parity.js';

describeSqlFileParity('tombstone-job.sql', tombstoneJobMigration, ['tombstone_job']);
