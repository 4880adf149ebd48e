/**
 * Wire types still imported from here by pages of other areas; each is the server's
 * contract (src/shared/contracts/), re-exported. New code imports from the typed client
 * modules (auth.ts, users.ts, units.ts…) instead.
 */
export type { Me } from '../../../src/shared/contracts/auth.contract.js';
export type { ImportRowError } from '../../../src/shared/contracts/imports.contract.js';
export type { Unit } from '../../../src/shared/contracts/units.contract.js';
export type { User } from '../../../src/shared/contracts/users.contract.js';

/** One page of a list reply. */
export interface Page<T> {
  items: T[];
  total: number;
}
