import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkParentKind, checkUnitCode, orderParentsFirst, wouldCreateCycle } from '../../src/domain/units/unit-tree.js';

describe('unit tree rules', () => {
  it('places kinds where a city government has them', () => {
    expect(checkParentKind('city', null)).toBeNull();
    expect(checkParentKind('district', 'city')).toBeNull();
    expect(checkParentKind('street', 'district')).toBeNull();
    expect(checkParentKind('town', 'county')).toBeNull();
    expect(checkParentKind('work_team', 'hq')).toBeNull();
    expect(checkParentKind('street', 'city')).toEqual({
      zh: '街道不能设在市之下',
      en: 'a unit of kind street cannot be placed under a unit of kind city',
    });
    expect(checkParentKind('district', null)?.en).toMatch(/needs a parent/);
    expect(checkParentKind('district', null)?.zh).toBe('区须有上级单位');
    expect(checkParentKind('city', 'city')?.en).toMatch(/cannot be placed/);
  });
  it('detects moves under the unit itself or a descendant', () => {
    expect(wouldCreateCycle('/1/2/', '/1/2/')).toBe(true);
    expect(wouldCreateCycle('/1/2/', '/1/2/9/')).toBe(true);
    expect(wouldCreateCycle('/1/2/', '/1/3/')).toBe(false);
    expect(wouldCreateCycle('/1/2/', '/1/')).toBe(false);
  });
  it('checks codes', () => {
    expect(checkUnitCode('411602001')).toBeNull();
    expect(checkUnitCode('411600-HQ')).toBeNull();
    expect(checkUnitCode('')).not.toBeNull();
    expect(checkUnitCode('-x')).not.toBeNull();
    expect(checkUnitCode('a b')).not.toBeNull();
  });
  it('orders any acyclic import so parents come first, and reports cycles (property)', () => {
    // Random forests: each row's parent is an earlier row or none; then shuffled.
    const forest = fc.array(fc.nat(), { minLength: 1, maxLength: 40 }).chain((ps) =>
      fc.shuffledSubarray(
        ps.map((p, i) => ({ code: `c${i}`, parentCode: i === 0 || p % 3 === 0 ? null : `c${p % i}` })),
        { minLength: ps.length, maxLength: ps.length },
      ),
    );
    fc.assert(
      fc.property(forest, (rows) => {
        const { ordered, cyclic } = orderParentsFirst(rows);
        expect(cyclic).toEqual([]);
        expect(ordered).toHaveLength(rows.length);
        const pos = new Map(ordered.map((r, i) => [r.code, i]));
        for (const r of ordered) if (r.parentCode) expect(pos.get(r.parentCode)!).toBeLessThan(pos.get(r.code)!);
      }),
    );
    const { cyclic } = orderParentsFirst([
      { code: 'a', parentCode: 'b' },
      { code: 'b', parentCode: 'a' },
      { code: 'c', parentCode: null },
    ]);
    expect(cyclic.map((r) => r.code).sort()).toEqual(['a', 'b']);
  });
});
