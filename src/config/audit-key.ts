import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/** Smallest audit key accepted, bytes (the HMAC-SHA-256 block of security). */
export const AUDIT_KEY_MIN_BYTES = 32;

/**
 * Reads a key written as hex or base64 (standard or URL-safe). Hex wins when the
 * text is valid hex; returns null for anything shorter than 32 bytes.
 */
export function parseAuditKey(text: string): Buffer | null {
  const s = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]+$/.test(s) && s.length % 2 === 0) key = Buffer.from(s, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key && key.length >= AUDIT_KEY_MIN_BYTES ? key : null;
}

/**
 * The audit key kept in a file of the data directory, created (32 random bytes,
 * hex, mode 0600) when absent. A key others on the machine can read is refused:
 * anyone holding it could rewrite the chain undetected. Returns the key or a problem.
 */
export function readOrCreateAuditKeyFile(path: string): { key: Buffer } | { problem: string } {
  if (!existsSync(path)) {
    const key = randomBytes(AUDIT_KEY_MIN_BYTES);
    writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return { key };
  }
  // POSIX modes only; Windows reports 0o666 for every file and has ACLs instead.
  if (process.platform !== 'win32') {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) {
      return {
        problem: `audit key file ${path} is readable or writable by group/others (mode ${mode.toString(8).padStart(4, '0')}); run: chmod 600 ${path}`,
      };
    }
  }
  const key = parseAuditKey(readFileSync(path, 'utf8'));
  if (!key) return { problem: `audit key file ${path} must hold a hex or base64 key of at least ${AUDIT_KEY_MIN_BYTES} bytes` };
  return { key };
}
