import { tombstoneMigration } from '../../src/audit/index.js';
import { describeSqlFileParity } from '../helpers/sql-file-parity.js';

describeSqlFileParity('tombstone-deletion.sql', tombstoneMigration, ['tombstone_deletion', 'tombstone_hold']);
