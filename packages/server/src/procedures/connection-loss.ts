import { sqlState } from '../cascade/savepoint.js';

/**
 * SQLSTATEs of a connection that PostgreSQL ended or lost: `57P01` admin shutdown (also
 * `pg_terminate_backend`), `57P02` crash shutdown, `57P03` cannot connect now, class `08`
 * connection exceptions.
 */
const LOST_STATES = /^(57P0[123]|08...)$/;

/** Errors of `pg` and Node's sockets when the connection drops under a query. */
const LOST_MESSAGES =
  /Connection terminated|connection (?:is )?(?:closed|ended)|Client has encountered a connection error|ECONNRESET|ECONNREFUSED|EPIPE|terminating connection/i;

/**
 * Whether `error` says the database connection was lost (the server ended it, restarted, or the
 * network dropped), as opposed to an error of the statement itself.
 *
 * @example
 * isConnectionLoss(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })); // true
 */
export function isConnectionLoss(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== undefined && LOST_STATES.test(code)) return true;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && LOST_MESSAGES.test(message);
}
