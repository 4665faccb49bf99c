export { cascadeViolations } from './cascade-invariant.js';
export { compilingDatabase } from './compiling-database.js';
export { type TcpProxy, tcpProxy } from './tcp-proxy.js';
export {
  openTestDatabase,
  type TestDatabase,
  type TestDatabaseOptions,
  type TestDialect,
  testDialects,
} from './test-database.js';
export { type TrashViolation, trashViolations } from './trash-invariant.js';
