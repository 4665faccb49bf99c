import { isTombstoneError } from '@tombstone/sdk';
import { runDemo } from './run-demo.js';

// A third-party-style program: it only knows the API's URL and the demo tokens.
const url = process.env.DEMO_URL || 'http://127.0.0.1:3000';
console.log(`Tombstone demo against ${url}`);

try {
  await runDemo({ url });
} catch (error) {
  if (isTombstoneError(error) && error.data) {
    console.error(`The API answered ${error.data.code}: ${error.message}`);
  } else {
    console.error(`Could not run the demo against ${url} (is the server running? npm start):`, error);
  }
  process.exit(1);
}
