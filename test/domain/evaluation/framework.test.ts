import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { METHODS, POINT_TYPES } from '../../../src/shared/evaluation-enums.js';
import {
  buildFramework,
  checkFramework,
  standardsFor,
  treeOrder,
  type FrameworkNode,
  type FrameworkProblemReason,
  type RawFrameworkNode,
} from '../../../src/domain/evaluation/framework.js';
import { frameworkDigest } from '../../../src/domain/evaluation/framework-versions.js';
import { TINY_NODES, tinyFramework } from './fixtures.js';

const reasons = (nodes: readonly RawFrameworkNode[]) => checkFramework(nodes).map((p) => [p.code, p.reason, p.row] as const);
const patch = (code: string, change: Partial<RawFrameworkNode>): RawFrameworkNode[] =>
  TINY_NODES.map((n) => (n.code === code ? { ...n, ...change } : n));

describe('checkFramework', () => {
  it('accepts the tiny framework', () => {
    expect(checkFramework(TINY_NODES)).toEqual([]);
  });

  it('reports each bad row with its code, row and reason', () => {
    expect(reasons([])).toEqual([['', 'empty_framework', undefined]]);
    expect(reasons(patch('S3', { parentCode: 'A9.9' }))).toEqual([['S3', 'missing_parent', 9]]);
    expect(reasons(patch('A1', { parentCode: null }))).toEqual([['A1', 'missing_parent', 3]]);
    expect(reasons([...TINY_NODES, { ...(TINY_NODES[3] as FrameworkNode), row: 15 }])).toEqual([['S1', 'duplicate_code', 15]]);
    expect(reasons(patch('S4', { points: -2 }))).toEqual([['S4', 'negative_points', 13]]);
    expect(reasons(patch('S4', { points: Number.NaN }))).toEqual([['S4', 'bad_points', 13]]);
    expect(reasons(patch('S4', { pointTypes: ['bus_stop', 'spaceport'] }))).toEqual([['S4', 'unknown_point_type', 13]]);
    expect(reasons(patch('S4', { pointTypes: [] }))).toEqual([['S4', 'no_point_types', 13]]);
    expect(reasons(patch('S4', { method: 'telepathy' }))).toEqual([['S4', 'unknown_method', 13]]);
    expect(reasons(patch('S4', { method: null }))).toEqual([['S4', 'missing_method', 13]]);
    expect(reasons(patch('S5', { passRule: { kind: 'scored', max: 3 } }))).toEqual([['S5', 'bad_pass_rule', 14]]);
    expect(reasons(patch('S5', { passRule: { kind: 'lenient' } }))).toEqual([['S5', 'bad_pass_rule', 14]]);
    expect(reasons(patch('B1', { level: 'chapter' }))).toEqual([
      ['B1', 'unknown_level', 11],
      ['B1.1', 'bad_nesting', 12],
    ]);
    expect(reasons(patch('B', { name: '  ' }))).toEqual([['B', 'empty_name', 10]]);
    expect(reasons(patch('A1', { method: 'field' }))).toEqual([['A1', 'unexpected_field', 3]]);
    expect(reasons(patch('S1', { weight: 5 }))).toEqual([['S1', 'unexpected_field', 5]]);
    expect(reasons(patch('B', { weight: -40 }))).toEqual([
      ['A', 'weights_sum', 2],
      ['B', 'bad_weight', 10],
    ]);
    expect(reasons(patch('B', { weight: 41 }))).toEqual([['A', 'weights_sum', 2]]);
    expect(reasons(patch('B', { weight: null }))).toEqual([['A', 'weights_sum', 2]]);
  });

  it('reports wrong nesting: a standard directly under an indicator, an item with a parent', () => {
    expect(reasons(patch('S4', { parentCode: 'B1' }))).toEqual([['S4', 'bad_nesting', 13]]);
    expect(reasons(patch('B', { parentCode: 'A' }))).toEqual([['B', 'bad_nesting', 10]]);
  });

  it('reports cycles on every node of the loop', () => {
    // A → B1.1 → B1 → B → A: a loop; nesting errors come with it
    const nodes = patch('A', { parentCode: 'B1.1' }).map((n) => (n.code === 'B' ? { ...n, parentCode: 'A' } : n));
    const cyc = checkFramework(nodes)
      .filter((p) => p.reason === 'cycle')
      .map((p) => p.code)
      .sort();
    expect(cyc).toEqual(['A', 'B', 'B1', 'B1.1']);
  });

  it('reports an empty code and unknown point types against a configured list', () => {
    expect(reasons(patch('S3', { code: '' })).map((r) => r[1])).toContain('empty_code');
    expect(checkFramework(patch('S4', { pointTypes: ['kiosk'] }), { pointTypes: [...POINT_TYPES, 'kiosk'] })).toEqual([]);
  });
});

describe('buildFramework and standardsFor', () => {
  it('builds lookups, lineage and defaults', () => {
    const fw = tinyFramework();
    expect(fw.nodes.map((n) => n.code)).toEqual(['A', 'A1', 'A1.1', 'S1', 'S2', 'A2', 'A2.1', 'S3', 'B', 'B1', 'B1.1', 'S4', 'S5']);
    expect(fw.lineage.get('S5')).toEqual({ item: 'B', indicator: 'B1', content: 'B1.1', standard: 'S5' });
    expect(fw.lineage.get('A2')).toEqual({ item: 'A', indicator: 'A2', content: null, standard: null });
    expect(fw.byCode.get('S3')).toMatchObject({ passRule: { kind: 'binary' } });
    expect(fw.byCode.get('S3')).not.toHaveProperty('row');
  });

  it('returns the checklist of a type in tree order', () => {
    const fw = tinyFramework();
    expect(standardsFor(fw, 'park').map((s) => s.code)).toEqual(['S1', 'S2', 'S5']);
    expect(standardsFor(fw, 'back_street').map((s) => s.code)).toEqual(['S4', 'S5']);
    expect(standardsFor(fw, 'community').map((s) => s.code)).toEqual(['S3']);
    expect(standardsFor(fw, 'hotel')).toEqual([]);
  });

  it('refuses to build a framework with problems', () => {
    const r = buildFramework(patch('S3', { parentCode: 'nope' }));
    expect(r.ok).toBe(false);
  });

  it('orders rows listed level by level in tree order', () => {
    const byLevel = [...TINY_NODES].sort(
      (a, b) =>
        ['item', 'indicator', 'content', 'standard'].indexOf(a.level) - ['item', 'indicator', 'content', 'standard'].indexOf(b.level),
    );
    expect(treeOrder(byLevel).map((n) => n.code)).toEqual(tinyFramework().nodes.map((n) => n.code));
  });
});

// ---- properties: any valid framework is accepted; every injected defect is reported ----

const shapeArb = fc.array(
  fc.array(
    fc.array(
      fc.array(
        fc.record({
          points: fc.integer({ min: 0, max: 20 }).map((x) => x / 2),
          types: fc.uniqueArray(fc.constantFrom(...POINT_TYPES), { minLength: 1, maxLength: 3 }),
          method: fc.constantFrom(...METHODS),
          scored: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      { minLength: 1, maxLength: 2 },
    ),
    { minLength: 1, maxLength: 3 },
  ),
  { minLength: 1, maxLength: 3 },
);

/** Items → indicators → contents → standards, as generated by shapeArb. */
function fromShape(shape: { points: number; types: string[]; method: (typeof METHODS)[number]; scored: boolean }[][][][]): FrameworkNode[] {
  const out: FrameworkNode[] = [];
  const share = Math.floor(100 / shape.length);
  shape.forEach((indicators, i) => {
    const item = `I${i + 1}`;
    out.push({
      code: item,
      parentCode: null,
      level: 'item',
      name: `项目${i + 1}`,
      weight: i === shape.length - 1 ? 100 - share * (shape.length - 1) : share,
    });
    indicators.forEach((contents, j) => {
      const ind = `${item}.${j + 1}`;
      out.push({ code: ind, parentCode: item, level: 'indicator', name: `指标${ind}` });
      contents.forEach((standards, k) => {
        const con = `${ind}.${k + 1}`;
        out.push({ code: con, parentCode: ind, level: 'content', name: `内容${con}` });
        standards.forEach((s, m) => {
          out.push({
            code: `${con}.${m + 1}`,
            parentCode: con,
            level: 'standard',
            name: `标准${con}.${m + 1}`,
            method: s.method,
            points: s.points,
            pointTypes: s.types,
            passRule: s.scored ? { kind: 'scored', max: s.points } : { kind: 'binary' },
          });
        });
      });
    });
  });
  return out.map((n, idx) => ({ ...n, row: idx + 2 }));
}

type Injector = (nodes: FrameworkNode[], pick: number) => { nodes: RawFrameworkNode[]; code: string; reason: FrameworkProblemReason };
const pickOf = <T>(xs: readonly T[], pick: number): T => xs[pick % xs.length] as T;
const replace = (nodes: FrameworkNode[], code: string, change: Partial<RawFrameworkNode>): RawFrameworkNode[] =>
  nodes.map((n) => (n.code === code ? { ...n, ...change } : n));

const INJECTORS: Record<string, Injector> = {
  missingParent: (nodes, pick) => {
    const n = pickOf(
      nodes.filter((x) => x.level !== 'item'),
      pick,
    );
    return { nodes: replace(nodes, n.code, { parentCode: 'GONE' }), code: n.code, reason: 'missing_parent' };
  },
  duplicate: (nodes, pick) => {
    const n = pickOf(nodes, pick);
    return { nodes: [...nodes, { ...n, name: 'copy' }], code: n.code, reason: 'duplicate_code' };
  },
  nesting: (nodes, pick) => {
    const s = pickOf(
      nodes.filter((x) => x.level === 'standard'),
      pick,
    );
    const ind = pickOf(
      nodes.filter((x) => x.level === 'indicator'),
      pick,
    );
    return { nodes: replace(nodes, s.code, { parentCode: ind.code }), code: s.code, reason: 'bad_nesting' };
  },
  negative: (nodes, pick) => {
    const s = pickOf(
      nodes.filter((x) => x.level === 'standard'),
      pick,
    );
    return {
      nodes: replace(nodes, s.code, { points: -1 - (pick % 7), passRule: { kind: 'binary' } }),
      code: s.code,
      reason: 'negative_points',
    };
  },
  unknownType: (nodes, pick) => {
    const s = pickOf(
      nodes.filter((x) => x.level === 'standard'),
      pick,
    );
    return {
      nodes: replace(nodes, s.code, { pointTypes: [...(s.pointTypes ?? []), 'spaceport'] }),
      code: s.code,
      reason: 'unknown_point_type',
    };
  },
  noTypes: (nodes, pick) => {
    const s = pickOf(
      nodes.filter((x) => x.level === 'standard'),
      pick,
    );
    return { nodes: replace(nodes, s.code, { pointTypes: [] }), code: s.code, reason: 'no_point_types' };
  },
  unknownMethod: (nodes, pick) => {
    const s = pickOf(
      nodes.filter((x) => x.level === 'standard'),
      pick,
    );
    return { nodes: replace(nodes, s.code, { method: 'telepathy' }), code: s.code, reason: 'unknown_method' };
  },
  cycle: (nodes, pick) => {
    const item = pickOf(
      nodes.filter((x) => x.level === 'item'),
      pick,
    );
    const content = nodes.find((x) => x.level === 'content' && x.code.startsWith(`${item.code}.`)) as FrameworkNode;
    return { nodes: replace(nodes, item.code, { parentCode: content.code }), code: item.code, reason: 'cycle' };
  },
  weights: (nodes) => {
    const first = nodes[0] as FrameworkNode;
    return { nodes: replace(nodes, first.code, { weight: (first.weight ?? 0) + 1 }), code: first.code, reason: 'weights_sum' };
  },
};

describe('checkFramework properties', () => {
  it('accepts every generated valid framework; its digest ignores how rows interleave but not sibling order', () => {
    fc.assert(
      fc.property(shapeArb, fc.array(fc.nat(), { minLength: 200, maxLength: 200 }), (shape, picks) => {
        const nodes = fromShape(shape);
        expect(checkFramework(nodes)).toEqual([]);
        // Any interleaving that keeps each parent's children in order: pop the head of a
        // randomly chosen sibling queue until all are empty.
        const queues = new Map<string, FrameworkNode[]>();
        for (const n of nodes) queues.set(n.parentCode ?? '', [...(queues.get(n.parentCode ?? '') ?? []), n]);
        const interleaved: FrameworkNode[] = [];
        for (let i = 0; interleaved.length < nodes.length; i++) {
          const open = [...queues.values()].filter((q) => q.length > 0);
          interleaved.push((open[(picks[i % picks.length] as number) % open.length] as FrameworkNode[]).shift() as FrameworkNode);
        }
        expect(frameworkDigest(interleaved)).toBe(frameworkDigest(nodes));
        const standards = nodes.filter((n) => n.level === 'standard');
        const [s1, s2] = standards;
        if (s1 && s2 && s1.parentCode === s2.parentCode) {
          const swapped = nodes.map((n) => (n === s1 ? s2 : n === s2 ? s1 : n));
          expect(frameworkDigest(swapped)).not.toBe(frameworkDigest(nodes));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('flags every injected defect on the node it was injected into', () => {
    fc.assert(
      fc.property(shapeArb, fc.constantFrom(...Object.keys(INJECTORS)), fc.nat(), (shape, kind, pick) => {
        const injected = (INJECTORS[kind] as Injector)(fromShape(shape), pick);
        const problems = checkFramework(injected.nodes);
        expect(problems.some((p) => p.code === injected.code && p.reason === injected.reason)).toBe(true);
        expect(buildFramework(injected.nodes).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
