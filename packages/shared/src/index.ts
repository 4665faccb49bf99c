export * from './articles.js';
export * from './authors.js';
export * from './categories.js';
export * from './comments.js';
export * from './common.js';
export * from './trash.js';
