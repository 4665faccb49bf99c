export { PGliteDialect } from './pglite-dialect.js';
