import { createHash } from 'node:crypto';
import { leadingZeroBits } from '../../src/domain/public/pow.js';
import { EARTH_RADIUS_M } from '../../src/domain/evaluation/sampling.js';
import type { PowChallenge } from '../../src/shared/contracts/public.contract.js';
import { solvePow } from '../../src/services/public/pow-solver.js';

/** Solves a proof-of-work challenge as the public page does (the server's own solver). */
export function solve(c: PowChallenge): { challenge: string; nonce: string } {
  return { challenge: c.challenge, nonce: solvePow(c) };
}

/** A nonce that does NOT solve the challenge (for tests of a wrong answer; bits ≥ 1). */
export function wrongNonce(c: PowChallenge): string {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (leadingZeroBits(createHash('sha256').update(`${c.challenge}:${nonce}`).digest()) < c.bits) return nonce;
  }
}

/** The point `meters` due north of (lon, lat): exact on the sphere distanceMeters measures. */
export function north(lon: number, lat: number, meters: number): { lon: number; lat: number } {
  return { lon, lat: lat + (meters / EARTH_RADIUS_M) * (180 / Math.PI) };
}
