/**
 * The proof of work, off the main thread: the first nonce for which
 * SHA-256(challenge + ':' + nonce) starts with `bits` zero bits (DESIGN.md §3.8).
 * Posts `{ tried }` now and then, and `{ nonce }` when done.
 */
export interface PowRequest {
  challenge: string;
  bits: number;
}
export type PowMessage = { tried: number } | { nonce: string };

/** Whether the digest starts with `bits` zero bits. */
export function leadingZeroBits(digest: Uint8Array, bits: number): boolean {
  let left = bits;
  for (const byte of digest) {
    if (left <= 0) return true;
    if (left >= 8) {
      if (byte !== 0) return false;
      left -= 8;
    } else {
      return byte >> (8 - left) === 0;
    }
  }
  return left <= 0;
}

const encoder = new TextEncoder();

self.onmessage = async (event: MessageEvent<PowRequest>) => {
  const { challenge, bits } = event.data;
  for (let n = 0; ; n++) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(`${challenge}:${n}`)));
    if (leadingZeroBits(digest, bits)) {
      self.postMessage({ nonce: String(n) } satisfies PowMessage);
      return;
    }
    if (n % 2048 === 0) self.postMessage({ tried: n } satisfies PowMessage);
  }
};
