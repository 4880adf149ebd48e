import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A case's private follow-up token (issue 15): 128 random bits, base64url, shown once to
 * the reporter; only its SHA-256 is stored (`cases.public_token_hash`), so database access
 * does not give the links away.
 */
export function newPublicToken(): { token: string; hash: string } {
  const token = randomBytes(16).toString('base64url');
  return { token, hash: publicTokenHash(token) };
}

/** SHA-256 (hex) of a token, as stored. */
export function publicTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `token` is the one whose hash is stored; constant time, false for no hash. */
export function publicTokenMatches(token: string | undefined | null, storedHash: string | null): boolean {
  if (!token || !storedHash) return false;
  const a = Buffer.from(publicTokenHash(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
