import { createHash, createHmac } from 'node:crypto';

/** The fields of an audit record that the hash or MAC covers. */
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

/**
 * How a record is chained: 1 = legacy unkeyed SHA-256 (anyone with write access to
 * the database could recompute it), 2 = HMAC-SHA-256 under a key kept outside the database.
 */
export type ChainVersion = 1 | 2;
export const LEGACY_CHAIN: ChainVersion = 1;
export const KEYED_CHAIN: ChainVersion = 2;

/** The action of the record that ends a legacy chain and starts the keyed one. */
export const REKEY_ACTION = 'audit.rekey' as const;

export interface ChainedAuditRecord extends AuditRecordContent {
  prevHash: string;
  hash: string;
  version: ChainVersion;
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
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** Legacy (version 1) link: unkeyed SHA-256 over the previous hash and the canonical record. Only verified, never written. */
export function chainHash(prevHash: string, record: AuditRecordContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(record)).digest('hex');
}

/** Keyed (version 2) link: HMAC-SHA-256 under the audit key over the previous MAC and the canonical record. */
export function chainMac(key: Uint8Array, prevHash: string, record: AuditRecordContent): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(canonicalJson(record)).digest('hex');
}

/** Why a chain does not verify. Each names the record it concerns. */
export type ChainBreakReason =
  | 'missing_record' // a seq is absent in the middle
  | 'prev_mismatch' // the record does not point at its predecessor
  | 'hash_mismatch' // a legacy record's unkeyed hash is wrong
  | 'mac_mismatch' // a keyed record's MAC is wrong (edited, or rehashed without the key)
  | 'legacy_after_keyed' // an unkeyed record after the keyed chain began (a downgrade)
  | 'missing_rekey' // the keyed chain begins after legacy records without an audit.rekey record
  | 'head_mismatch'; // the stored head is not the last record

export interface ChainBreak {
  seq: number;
  reason: ChainBreakReason;
  /** For missing_record: the seq that should have come. */
  expectedSeq?: number;
}

/**
 * Incremental verifier: feed records in sequence order; it remembers where the
 * chain stands so a huge log can be streamed in pages.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  checked = 0;
  /** Seq of the first keyed record, null while only legacy records were seen. */
  keyedFrom: number | null = null;
  legacyRecords = 0;

  constructor(private readonly key: Uint8Array) {}

  /** Returns the first break found in this record, or null. */
  push(r: ChainedAuditRecord): ChainBreak | null {
    if (r.seq !== this.expectedSeq) return { seq: r.seq, reason: 'missing_record', expectedSeq: this.expectedSeq };
    if (r.prevHash !== this.prevHash) return { seq: r.seq, reason: 'prev_mismatch' };
    const { prevHash: _p, hash, version, ...content } = r;
    if (version === LEGACY_CHAIN) {
      if (this.keyedFrom !== null) return { seq: r.seq, reason: 'legacy_after_keyed' };
      if (chainHash(this.prevHash, content) !== hash) return { seq: r.seq, reason: 'hash_mismatch' };
      this.legacyRecords += 1;
    } else {
      if (this.keyedFrom === null && this.legacyRecords > 0 && r.action !== REKEY_ACTION) return { seq: r.seq, reason: 'missing_rekey' };
      if (chainMac(this.key, this.prevHash, content) !== hash) return { seq: r.seq, reason: 'mac_mismatch' };
      this.keyedFrom ??= r.seq;
    }
    this.prevHash = hash;
    this.expectedSeq += 1;
    this.checked += 1;
    return null;
  }

  /**
   * Checks the end of the chain against the separately stored head. Within the
   * database this only catches a careless truncation: whoever can delete rows can
   * move the head too, which is what the anchors outside the database are for.
   */
  finish(head: { seq: number; hash: string } | null): ChainBreak | null {
    const lastSeq = this.expectedSeq - 1;
    const headSeq = head?.seq ?? 0;
    const headHash = head?.hash ?? GENESIS_HASH;
    if (headSeq !== lastSeq || headHash !== this.prevHash) return { seq: headSeq, reason: 'head_mismatch' };
    return null;
  }
}
