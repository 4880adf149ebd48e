import { describe, expect, it } from 'vitest';
import { AnchorChecker, parseAnchors, type Anchor } from '../../src/domain/audit/anchors.js';
import {
  canonicalJson,
  chainHash,
  chainMac,
  ChainVerifier,
  GENESIS_HASH,
  REKEY_ACTION,
  type AuditRecordContent,
  type ChainedAuditRecord,
} from '../../src/domain/audit/audit-chain.js';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 9);

function content(i: number, action = 'unit.create'): AuditRecordContent {
  return {
    seq: i,
    at: `2026-03-02T00:00:${String(i).padStart(2, '0')}.000Z`,
    actorId: 1,
    actorName: 'sys',
    actorRole: 'sysadmin',
    action,
    targetType: 'unit',
    targetId: String(i),
    summary: { code: `U${i}`, nested: { b: 1, a: [2, 1] } },
    requestId: 'r',
    clientIp: '127.0.0.1',
  };
}

/** `legacy` unkeyed records, then (if any keyed) an audit.rekey record and keyed ones up to `n`. */
function chain(n: number, legacy = 0, key: Uint8Array = KEY): ChainedAuditRecord[] {
  const out: ChainedAuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const isLegacy = i <= legacy;
    const c = content(i, !isLegacy && legacy > 0 && i === legacy + 1 ? REKEY_ACTION : 'unit.create');
    const hash = isLegacy ? chainHash(prev, c) : chainMac(key, prev, c);
    out.push({ ...c, prevHash: prev, hash, version: isLegacy ? 1 : 2 });
    prev = hash;
  }
  return out;
}

function verify(records: ChainedAuditRecord[], head: { seq: number; hash: string } | null, key: Uint8Array = KEY) {
  const v = new ChainVerifier(key);
  for (const r of records) {
    const b = v.push(r);
    if (b) return b;
  }
  return v.finish(head);
}

/** What someone with write access to the database but not the key can do: rechain with the unkeyed hash. */
function rechainWithoutKey(records: ChainedAuditRecord[], from: number): ChainedAuditRecord[] {
  const out = records.slice(0, from - 1);
  let prev = out.at(-1)?.hash ?? GENESIS_HASH;
  for (const r of records.slice(from - 1)) {
    const { prevHash: _p, hash: _h, version, ...c } = r;
    const edited = r.seq === from ? { ...c, summary: { code: 'FORGED' } } : c;
    const hash = chainHash(prev, edited);
    out.push({ ...edited, prevHash: prev, hash, version });
    prev = hash;
  }
  return out;
}

describe('audit chain (keyed)', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });
  it('the MAC depends on the key', () => {
    expect(chainMac(KEY, GENESIS_HASH, content(1))).not.toBe(chainMac(OTHER_KEY, GENESIS_HASH, content(1)));
    expect(chainMac(KEY, GENESIS_HASH, content(1))).not.toBe(chainHash(GENESIS_HASH, content(1)));
  });
  it('verifies an intact chain against its head', () => {
    const c = chain(5);
    expect(verify(c, { seq: 5, hash: c[4]!.hash })).toBeNull();
    expect(verify([], null)).toBeNull();
  });
  it('a chain made under another key does not verify', () => {
    const c = chain(3, 0, OTHER_KEY);
    expect(verify(c, { seq: 3, hash: c[2]!.hash })).toEqual({ seq: 1, reason: 'mac_mismatch' });
  });
  it('detects an edited record', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, summary: { code: 'FORGED' } };
    expect(verify(c, { seq: 5, hash: c[4]!.hash })).toEqual({ seq: 3, reason: 'mac_mismatch' });
  });
  it('ATTACK: an edited record with it and every later one rechained by the app’s own chainHash is detected at the edit', () => {
    const forged = rechainWithoutKey(chain(8), 4);
    expect(verify(forged, { seq: 8, hash: forged[7]!.hash })).toEqual({ seq: 4, reason: 'mac_mismatch' });
  });
  it('ATTACK: …and marking the rechained records as legacy is a downgrade', () => {
    const forged = rechainWithoutKey(chain(8), 4).map((r) => (r.seq >= 4 ? { ...r, version: 1 as const } : r));
    expect(verify(forged, { seq: 8, hash: forged[7]!.hash })).toEqual({ seq: 4, reason: 'legacy_after_keyed' });
  });
  it('detects a deleted record in the middle', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verify(c, { seq: 5, hash: c[3]!.hash })).toEqual({ seq: 3, reason: 'missing_record', expectedSeq: 2 });
  });
  it('detects a record rehashed after an edit (the next link breaks)', () => {
    const c = chain(5);
    const forged = { ...c[1]!, summary: { code: 'FORGED' } };
    const { prevHash, hash: _h, version: _v, ...rest } = forged;
    c[1] = { ...forged, hash: chainMac(KEY, prevHash, rest) };
    expect(verify(c, { seq: 5, hash: c[4]!.hash })).toEqual({ seq: 3, reason: 'prev_mismatch' });
  });
  it('detects records cut off the end through an untouched head', () => {
    const c = chain(5);
    expect(verify(c.slice(0, 4), { seq: 5, hash: c[4]!.hash })).toEqual({ seq: 5, reason: 'head_mismatch' });
  });

  describe('legacy prefix', () => {
    it('verifies legacy records by the unkeyed hash, then the keyed chain from the rekey record', () => {
      const c = chain(7, 4);
      const v = new ChainVerifier(KEY);
      for (const r of c) expect(v.push(r)).toBeNull();
      expect(v.finish({ seq: 7, hash: c[6]!.hash })).toBeNull();
      expect(v.legacyRecords).toBe(4);
      expect(v.keyedFrom).toBe(5);
    });
    it('a keyed record right after legacy ones that is not audit.rekey is refused', () => {
      const c = chain(7, 4);
      const { prevHash, hash: _h, version: _v, ...rest } = c[4]!;
      const plain = { ...rest, action: 'unit.create' };
      c[4] = { ...plain, prevHash, hash: chainMac(KEY, prevHash, plain), version: 2 };
      expect(verify(c.slice(0, 5), { seq: 5, hash: c[4].hash })).toEqual({ seq: 5, reason: 'missing_rekey' });
    });
    it('a legacy record with a wrong hash is hash_mismatch', () => {
      const c = chain(6, 4);
      c[1] = { ...c[1]!, summary: { code: 'FORGED' } };
      expect(verify(c, { seq: 6, hash: c[5]!.hash })).toEqual({ seq: 2, reason: 'hash_mismatch' });
    });
  });
});

describe('anchors', () => {
  const anchor = (seq: number, mac: string, at = '2026-03-02T01:00:00.000Z'): Anchor => ({ seq, mac, at, reason: 'every' });
  function check(records: ChainedAuditRecord[], anchors: Anchor[], every = 100) {
    const a = new AnchorChecker(anchors);
    for (const r of records) a.see(r.seq, r.hash);
    const keyed = records.filter((r) => r.version === 2).length;
    return a.finish(records.at(-1)?.seq ?? 0, keyed, every);
  }

  it('agree with an intact chain', () => {
    const c = chain(6);
    expect(check(c, [anchor(3, c[2]!.hash), anchor(6, c[5]!.hash)])).toEqual([]);
  });
  it('ATTACK: the last record deleted (and the head moved back) is truncated_after_anchor', () => {
    const c = chain(6);
    const p = check(c.slice(0, 5), [anchor(3, c[2]!.hash), anchor(6, c[5]!.hash)]);
    expect(p).toEqual([{ seq: 6, reason: 'truncated_after_anchor', detail: expect.stringContaining('record 6') }]);
  });
  it('a rechained record at an anchored seq is anchor_mac_mismatch', () => {
    const c = chain(6);
    const forged = rechainWithoutKey(c, 2);
    expect(check(forged, [anchor(3, c[2]!.hash)]).map((x) => [x.seq, x.reason])).toEqual([[3, 'anchor_mac_mismatch']]);
  });
  it('an anchored record missing from the middle is missing_record', () => {
    const c = chain(6);
    expect(check([...c.slice(0, 2), ...c.slice(3)], [anchor(3, c[2]!.hash)]).map((x) => [x.seq, x.reason])).toEqual([
      [3, 'missing_record'],
    ]);
  });
  it('many keyed records and no anchor at all: anchors_missing; fewer than N: fine', () => {
    expect(check(chain(6), [], 5).map((x) => x.reason)).toEqual(['anchors_missing']);
    expect(check(chain(4), [], 5)).toEqual([]);
  });
  it('parses anchor lines and reports bad ones', () => {
    const mac = 'a'.repeat(64);
    const r = parseAnchors(`${JSON.stringify(anchor(1, mac))}\nnot json\n\n{"seq":2,"mac":"short"}\n`);
    expect(r.anchors).toEqual([anchor(1, mac)]);
    expect(r.problems.map((p) => p.detail)).toEqual(['anchor file line 2 is not an anchor', 'anchor file line 4 is not an anchor']);
  });
});
