import { expect } from 'vitest';
import { AppError } from '../../src/core/errors.js';

/** Awaits a promise that must reject with an AppError, and returns that error. */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}
