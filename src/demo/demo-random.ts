/** Seeded randomness for the demo data: the same city on every machine and every run. */

export type Rng = () => number;

/** sfc32 seeded through splitmix32: small, fast, well mixed, and the same on every machine. */
export function seededRng(seed: number): Rng {
  let z = seed >>> 0;
  const splitmix = () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
    return (t ^ (t >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4_294_967_296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

export const uniform = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng();
export const int = (rng: Rng, lo: number, hi: number) => Math.floor(uniform(rng, lo, hi + 1));
export const chance = (rng: Rng, p: number) => rng() < p;

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of items) {
    r -= w;
    if (r < 0) return v;
  }
  return items[items.length - 1]![0];
}

/** Roughly normal in [-1, 1]: locations cluster near a seat's centre. */
export const bell = (rng: Rng) => (rng() + rng() + rng() - 1.5) / 1.5;
