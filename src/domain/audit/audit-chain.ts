import { createHash } from 'node:crypto';

/** The fields of an audit record that the hash covers. */
export interface AuditRecordContent {
  seq: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: unknown;
  requestId: string | null;
  clientIp: string | null;
}

export interface ChainedAuditRecord extends AuditRecordContent {
  prevHash: string;
  hash: string;
}

/** Hash that precedes the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted at every depth, no whitespace, so the same
 * record always hashes the same whatever the database hands back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** SHA-256 over the previous hash and the canonical record. */
export function chainHash(prevHash: string, record: AuditRecordContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(record)).digest('hex');
}

export type ChainBreak =
  | { seq: number; reason: 'gap'; expectedSeq: number }
  | { seq: number; reason: 'prev_hash_mismatch' }
  | { seq: number; reason: 'hash_mismatch' }
  | { seq: number; reason: 'head_mismatch' };

/**
 * Incremental verifier: feed records in sequence order; it remembers where the
 * chain stands so a huge log can be streamed in pages.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  checked = 0;

  /** Returns the first break found in this record, or null. */
  push(r: ChainedAuditRecord): ChainBreak | null {
    if (r.seq !== this.expectedSeq) return { seq: r.seq, reason: 'gap', expectedSeq: this.expectedSeq };
    if (r.prevHash !== this.prevHash) return { seq: r.seq, reason: 'prev_hash_mismatch' };
    const { prevHash: _p, hash, ...content } = r;
    if (chainHash(this.prevHash, content) !== hash) return { seq: r.seq, reason: 'hash_mismatch' };
    this.prevHash = hash;
    this.expectedSeq += 1;
    this.checked += 1;
    return null;
  }

  /**
   * Checks the end of the chain against the separately stored head, which is what
   * reveals records deleted from the tail.
   */
  finish(head: { seq: number; hash: string } | null): ChainBreak | null {
    const lastSeq = this.expectedSeq - 1;
    const headSeq = head?.seq ?? 0;
    const headHash = head?.hash ?? GENESIS_HASH;
    if (headSeq !== lastSeq || headHash !== this.prevHash) return { seq: headSeq, reason: 'head_mismatch' };
    return null;
  }
}
