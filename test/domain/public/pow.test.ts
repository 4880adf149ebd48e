import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatChallenge, leadingZeroBits, parseChallenge, validNonce } from '../../../src/domain/public/pow.js';

describe('proof-of-work helpers', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0, 0x0f]))).toBe(12);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it('leading zero bits agree with the binary string of the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 8 }), (bytes) => {
        const bin = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
        const ones = bin.indexOf('1');
        expect(leadingZeroBits(bytes)).toBe(ones === -1 ? bin.length : ones);
      }),
    );
  });

  it('a formatted challenge parses back to its claims', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9e14 }),
        fc.integer({ min: 0, max: 32 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{8,32}$/),
        fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
        (expiresAtMs, bits, salt, mac) => {
          const parsed = parseChallenge(formatChallenge({ expiresAtMs, bits, salt }, mac));
          expect(parsed?.claims).toEqual({ expiresAtMs, bits, salt });
          expect(parsed?.mac).toBe(mac);
        },
      ),
    );
  });

  it('refuses what is not a challenge', () => {
    for (const bad of [
      '',
      'v1',
      'v2.1.1.abcdefgh.abcdefghabcdefgh',
      'v1.x.1.abcdefgh.abcdefghabcdefgh',
      'v1.1.99.abcdefgh.abcdefghabcdefgh',
      'v1.1.1.ab.abcdefghabcdefgh',
      'v1.1.1.abcdefgh.abc',
      'v1.1.1.abcdefgh.abcdefghabcdefgh.x',
      'v1.1.1.abc$efgh.abcdefghabcdefgh',
    ])
      expect(parseChallenge(bad)).toBeNull();
    expect(validNonce('12az')).toBe(true);
    expect(validNonce('')).toBe(false);
    expect(validNonce('a b')).toBe(false);
    expect(validNonce('x'.repeat(65))).toBe(false);
  });
});
