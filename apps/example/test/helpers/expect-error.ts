import { isTombstoneError, type TombstoneError, type TombstoneErrorCode } from '@tombstone/sdk';
import { expect } from 'vitest';

/** The HTTP status tRPC maps each of the contract's codes to. */
export const HTTP_STATUS: Record<TombstoneErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * Awaits a call that must fail with `code`, and returns the error for further checks. Asserts the
 * HTTP status tRPC maps the code to, the Zod issues of a `BAD_REQUEST`, and that no stack trace
 * was sent. Pass `zodError: false` for a `BAD_REQUEST` that no Zod schema can catch (a forged cursor).
 *
 * @example
 * await expectError(client.articles.get.query({ id: 999 }), 'NOT_FOUND');
 */
export async function expectError(
  call: Promise<unknown>,
  code: TombstoneErrorCode,
  options: { zodError?: boolean } = {},
): Promise<TombstoneError> {
  let caught: unknown;
  try {
    const value = await call;
    caught = new Error(
      `expected ${code}, but the call succeeded with ${JSON.stringify(value)?.slice(0, 300)}`,
    );
  } catch (error) {
    caught = error;
  }
  if (!isTombstoneError(caught)) throw caught;
  const data = caught.data as (typeof caught.data & { zodError?: unknown; stack?: unknown }) | undefined;
  expect(
    { code: data?.code, httpStatus: data?.httpStatus, message: caught.message },
    `expected ${code}, got ${data?.code}: ${caught.message}`,
  ).toMatchObject({ code, httpStatus: HTTP_STATUS[code] });
  expect(data?.stack, 'no stack trace outside development').toBeUndefined();
  if (code === 'BAD_REQUEST' && options.zodError !== false)
    expect(data?.zodError, 'BAD_REQUEST carries data.zodError').toBeTruthy();
  return caught;
}

/** Whether `error` is an API error answered with HTTP 500. */
export function isServerError(error: unknown): boolean {
  return isTombstoneError(error) && (error.data?.httpStatus ?? 500) >= 500;
}
