/**
 * The seeded pseudo-random generator of inspection sampling.
 *
 * Why our own: a plan shows its seed and must be reproducible from it years later, on
 * any machine and any Node version, so the generator is part of the product and must
 * never change (the tests pin its first outputs). Math.random cannot be seeded.
 *
 * Algorithm: mulberry32 (Tommy Ettinger, public domain): a 32-bit state advanced by
 * the odd constant 0x6D2B79F5 (a Weyl sequence, period 2^32), each state scrambled by
 * two xor-shift-multiply rounds. It passes the usual statistical batteries for this
 * size and is more than enough to draw a few hundred check points; it is NOT for
 * secrets. Streams for different strata are derived by mixing the plan's seed with an
 * FNV-1a hash of the stratum's name, so each type's sample depends only on the seed
 * and that type's points.
 */

/** A seeded source of random integers. */
export interface Prng {
  /** The next 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform integer in [0, n), n a positive integer ≤ 2^32, without modulo bias. */
  nextInt(n: number): number;
}

const TWO_32 = 4_294_967_296;

/** True for an integer in 0..2^32−1, the seeds plans accept. */
export function isValidSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= 0 && seed < TWO_32;
}

/** mulberry32 seeded with a 32-bit unsigned integer. */
export function mulberry32(seed: number): Prng {
  if (!isValidSeed(seed)) throw new RangeError(`seed must be an integer within 0..2^32−1, got ${seed}`);
  let state = seed;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const nextInt = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`n must be an integer within 1..2^32, got ${n}`);
    // Rejection sampling: drop the top partial block of 2^32 so that every residue
    // modulo n is equally likely (plain % would favour small values slightly).
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const x = nextUint32();
      if (x < limit) return x % n;
    }
  };
  return { nextUint32, nextInt };
}

/** FNV-1a, 32 bits, over the UTF-16 code units of a string. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The generator of one stratum of a plan: the plan's seed mixed with the stratum's name. */
export function streamFor(seed: number, stratum: string): Prng {
  if (!isValidSeed(seed)) throw new RangeError(`seed must be an integer within 0..2^32−1, got ${seed}`);
  return mulberry32((seed ^ fnv1a32(stratum)) >>> 0);
}

/**
 * k distinct items drawn uniformly from `items` (a partial Fisher–Yates shuffle):
 * every k-subset is equally likely, in the order drawn. The input is not modified.
 */
export function sampleWithoutReplacement<T>(items: readonly T[], k: number, rng: Prng): T[] {
  if (!Number.isInteger(k) || k < 0 || k > items.length) throw new RangeError(`cannot draw ${k} of ${items.length}`);
  const a = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(a.length - i);
    const tmp = a[i] as T;
    a[i] = a[j] as T;
    a[j] = tmp;
  }
  return a.slice(0, k);
}
