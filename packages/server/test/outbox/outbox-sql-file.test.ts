import { tombstoneOutboxMigration } from '../../src/outbox/outbox-migration.js';
import { describeSqlFileParity } from '../helpers/sql-file-parity.js';

describeSqlFileParity('tombstone-event.sql', tombstoneOutboxMigration, ['tombstone_event']);
