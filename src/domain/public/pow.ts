/**
 * The pure half of the public page's proof of work (issue 15 point 5): what a challenge
 * says, how it is written and read, and how many leading zero bits a hash has. The
 * service signs the payload (HMAC) and hashes `challenge:nonce` (SHA-256); nothing here
 * needs a clock, a key or the database.
 *
 * A challenge reads `v1.<expiresAtMs>.<bits>.<salt>.<mac>`: everything a server needs to
 * check it is inside, so any instance sharing the key accepts what another issued.
 */

/** What a challenge promises. */
export interface ChallengeClaims {
  /** Epoch milliseconds after which the challenge is refused. */
  expiresAtMs: number;
  /** Leading zero bits SHA-256(challenge + ':' + nonce) must have. */
  bits: number;
  /** Random, base64url: makes each challenge unique. */
  salt: string;
}

const VERSION = 'v1';
const SALT = /^[A-Za-z0-9_-]{8,64}$/;
const MAC = /^[A-Za-z0-9_-]{16,128}$/;

/** The signed part of a challenge (everything before the MAC). */
export function challengePayload(c: ChallengeClaims): string {
  return `${VERSION}.${c.expiresAtMs}.${c.bits}.${c.salt}`;
}

/** The whole challenge: payload and its MAC. */
export function formatChallenge(c: ChallengeClaims, mac: string): string {
  return `${challengePayload(c)}.${mac}`;
}

/**
 * Reads a challenge back; null for anything that is not one (wrong version, field count,
 * numbers out of range, characters outside base64url). Does not check the MAC or expiry.
 */
export function parseChallenge(s: string): { claims: ChallengeClaims; payload: string; mac: string } | null {
  if (s.length > 200) return null;
  const parts = s.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return null;
  const [, exp, bits, salt, mac] = parts as [string, string, string, string, string];
  if (!/^\d{1,15}$/.test(exp) || !/^\d{1,2}$/.test(bits) || !SALT.test(salt) || !MAC.test(mac)) return null;
  const claims = { expiresAtMs: Number(exp), bits: Number(bits), salt };
  if (claims.bits > 32) return null;
  return { claims, payload: challengePayload(claims), mac };
}

/** Leading zero bits of `bytes` (all of them for an all-zero array). */
export function leadingZeroBits(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) {
    if (b === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(b) - 24;
  }
  return n;
}

/** Whether a nonce is acceptable text: 1–64 characters of base64url (the page counts in base 36). */
export function validNonce(nonce: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(nonce);
}
