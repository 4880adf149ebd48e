import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, ChainVerifier, GENESIS_HASH, type ChainedAuditRecord } from '../../src/domain/audit/audit-chain.js';

function chain(n: number): ChainedAuditRecord[] {
  const out: ChainedAuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content = { seq: i, at: `2026-03-02T00:00:0${i}.000Z`, actorId: 1, actorName: 'sys', actorRole: 'sysadmin', action: 'unit.create', targetType: 'unit', targetId: String(i), summary: { code: `U${i}`, nested: { b: 1, a: [2, 1] } }, requestId: 'r', clientIp: '127.0.0.1' };
    const hash = chainHash(prev, content);
    out.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

function verify(records: ChainedAuditRecord[], head: { seq: number; hash: string } | null) {
  const v = new ChainVerifier();
  for (const r of records) {
    const b = v.push(r);
    if (b) return b;
  }
  return v.finish(head);
}

describe('audit hash chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });
  it('verifies an intact chain against its head', () => {
    const c = chain(5);
    expect(verify(c, { seq: 5, hash: c[4]!.hash })).toBeNull();
    expect(verify([], null)).toBeNull();
  });
  it('detects an edited record', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, summary: { code: 'FORGED' } };
    expect(verify(c, { seq: 5, hash: c[4]!.hash })).toEqual({ seq: 3, reason: 'hash_mismatch' });
  });
  it('detects a deleted record in the middle', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verify(c, { seq: 5, hash: c[3]!.hash })).toEqual({ seq: 3, reason: 'gap', expectedSeq: 2 });
  });
  it('detects a record rehashed after an edit (the next link breaks)', () => {
    const c = chain(5);
    const forged = { ...c[1]!, summary: { code: 'FORGED' } };
    const { prevHash, hash: _h, ...content } = forged;
    c[1] = { ...forged, hash: chainHash(prevHash, content) };
    expect(verify(c, { seq: 5, hash: c[4]!.hash })).toEqual({ seq: 3, reason: 'prev_hash_mismatch' });
  });
  it('detects records cut off the end through the head', () => {
    const c = chain(5);
    const head = { seq: 5, hash: c[4]!.hash };
    expect(verify(c.slice(0, 4), head)).toEqual({ seq: 5, reason: 'head_mismatch' });
  });
});
