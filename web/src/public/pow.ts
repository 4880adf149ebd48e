/**
 * Solves a proof-of-work challenge in a Web Worker (pow.worker.ts), reporting progress
 * as the fraction of the expected work done (2^bits tries on average).
 */
import type { PowChallenge } from '../../../src/shared/contracts/public.contract.js';
import type { PowMessage } from './pow.worker.js';

/** Resolves to the nonce; `onProgress` gets 0…0.99 along the way. */
export function solvePow(c: PowChallenge, onProgress: (fraction: number) => void): Promise<string> {
  if (c.bits <= 0) return Promise.resolve('0');
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
    const expected = 2 ** c.bits;
    worker.onmessage = (e: MessageEvent<PowMessage>) => {
      if ('nonce' in e.data) {
        worker.terminate();
        onProgress(1);
        resolve(e.data.nonce);
      } else {
        // 1 − e^(−tried/expected): the chance a solution has been found by now; never quite 1.
        onProgress(Math.min(0.99, 1 - Math.exp(-e.data.tried / expected)));
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'proof of work failed'));
    };
    worker.postMessage({ challenge: c.challenge, bits: c.bits });
  });
}
