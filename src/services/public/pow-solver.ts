import { createHash } from 'node:crypto';
import { leadingZeroBits } from '../../domain/public/pow.js';
import type { PowChallenge } from '../../shared/contracts/public.contract.js';

/**
 * Solves a proof-of-work challenge the way the public page's worker does: counts nonces in
 * base 36 until SHA-256(`challenge:nonce`) starts with `bits` zero bits. For the server's own
 * callers (the demo's citizens, tests); a real citizen's browser does this work.
 */
export function solvePow(c: PowChallenge): string {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (leadingZeroBits(createHash('sha256').update(`${c.challenge}:${nonce}`).digest()) >= c.bits) return nonce;
  }
}
