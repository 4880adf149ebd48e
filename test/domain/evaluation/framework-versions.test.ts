import { describe, expect, it } from 'vitest';
import type { FrameworkNode, RawFrameworkNode } from '../../../src/domain/evaluation/framework.js';
import {
  archive,
  assertEditable,
  canEdit,
  draftFrom,
  frameworkDigest,
  FrameworkRuleError,
  pinVersion,
  publish,
  type FrameworkVersion,
} from '../../../src/domain/evaluation/framework-versions.js';
import { TINY_NODES } from './fixtures.js';

const NOW = new Date('2026-03-06T02:00:00Z');
const draft = (nodes: readonly FrameworkNode[] = TINY_NODES): FrameworkVersion => ({
  id: 7,
  version: 2,
  status: 'draft',
  publishedAt: null,
  nodes,
});

/** Runs fn and returns the FrameworkRuleError it throws. */
function refusal(fn: () => unknown): FrameworkRuleError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FrameworkRuleError) return e;
    throw e;
  }
  throw new Error('expected a FrameworkRuleError');
}

describe('version rules', () => {
  it('only drafts are editable', () => {
    expect(canEdit(draft())).toBe(true);
    expect(canEdit({ status: 'published' })).toBe(false);
    expect(canEdit({ status: 'archived' })).toBe(false);
    expect(() => assertEditable(draft())).not.toThrow();
    expect(refusal(() => assertEditable({ id: 7, status: 'published' }))).toMatchObject({ status: 409, code: 'version_frozen' });
  });

  it('publishes a sound draft into a frozen copy stamped with the time', () => {
    const source = draft();
    const pub = publish(source, NOW);
    expect(pub).toMatchObject({ id: 7, version: 2, status: 'published', publishedAt: '2026-03-06T02:00:00.000Z' });
    expect(source.status).toBe('draft');
    expect(Object.isFrozen(pub)).toBe(true);
    expect(Object.isFrozen(pub.nodes)).toBe(true);
    expect(Object.isFrozen(pub.nodes[3])).toBe(true);
    expect(() => {
      (pub.nodes[3] as { points: number }).points = 100;
    }).toThrow(TypeError);
    expect(canEdit(pub)).toBe(false);
    expect(frameworkDigest(pub.nodes)).toBe(frameworkDigest(TINY_NODES));
  });

  it('refuses to publish twice, an unsound framework, or one without standards', () => {
    const pub = publish(draft(), NOW);
    expect(refusal(() => publish(pub, NOW))).toMatchObject({ status: 409, code: 'not_draft' });
    const broken = TINY_NODES.map((n) => (n.code === 'S4' ? { ...n, points: -1 } : n));
    const e = refusal(() => publish(draft(broken), NOW));
    expect(e).toMatchObject({ status: 422, code: 'invalid_framework' });
    expect(e.problems.map((p) => [p.code, p.reason, p.row])).toEqual([['S4', 'negative_points', 13]]);
    const groupsOnly = TINY_NODES.filter((n) => n.level === 'item');
    expect(refusal(() => publish(draft(groupsOnly), NOW))).toMatchObject({ status: 422, code: 'no_standards' });
  });

  it('archives only published versions', () => {
    const pub = publish(draft(), NOW);
    expect(archive(pub).status).toBe('archived');
    expect(refusal(() => archive(draft()))).toMatchObject({ status: 409, code: 'not_published' });
  });

  it('starts a new, independent draft from a published version', () => {
    const pub = publish(draft(), NOW);
    const next = draftFrom(pub, { id: 8, version: 3 });
    expect(next).toMatchObject({ id: 8, version: 3, status: 'draft', publishedAt: null });
    expect(canEdit(next)).toBe(true);
    (next.nodes[3] as { points: number }).points = 9;
    (next.nodes[3]?.pointTypes as string[]).push('hotel');
    expect(pub.nodes[3]).toMatchObject({ points: 4, pointTypes: ['bus_stop', 'park'] });
  });

  it('pins only published versions, and never switches a campaign that has inspections', () => {
    const pub = publish(draft(), NOW);
    const other = { id: 9, status: 'published' as const };
    const fresh = { name: '2026 春季', frameworkVersionId: null, inspectionCount: 0 };
    expect(refusal(() => pinVersion(fresh, draft()))).toMatchObject({ status: 409, code: 'version_not_published' });
    expect(refusal(() => pinVersion(fresh, archive(pub)))).toMatchObject({ status: 409, code: 'version_not_published' });
    const pinned = pinVersion(fresh, pub);
    expect(pinned).toEqual({ name: '2026 春季', frameworkVersionId: 7, inspectionCount: 0 });
    expect(fresh.frameworkVersionId).toBeNull();
    expect(pinVersion(pinned, other).frameworkVersionId).toBe(9); // no inspections yet: may switch
    const started = { ...pinned, inspectionCount: 3 };
    expect(pinVersion(started, pub)).toBe(started); // same version: no-op
    expect(refusal(() => pinVersion(started, other))).toMatchObject({ status: 409, code: 'campaign_started' });
  });
});

describe('frameworkDigest', () => {
  /**
   * A stand-in for the Excel template: every node becomes a row of text cells
   * (types joined with 、, the pass rule as "binary" or "scored:max") and is parsed back.
   */
  const toRow = (n: FrameworkNode): string[] => [
    n.code,
    n.parentCode ?? '',
    n.level,
    n.name,
    n.weight === undefined || n.weight === null ? '' : String(n.weight),
    n.method ?? '',
    n.points === undefined ? '' : String(n.points),
    (n.pointTypes ?? []).join('、'),
    n.passRule ? (n.passRule.kind === 'scored' ? `scored:${n.passRule.max}` : 'binary') : '',
  ];
  const fromRow = (r: string[], i: number): RawFrameworkNode => {
    const [code, parent, level, name, weight, method, points, types, rule] = r as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    return {
      code,
      parentCode: parent || null,
      level,
      name,
      row: i + 2,
      ...(weight ? { weight: Number(weight) } : {}),
      ...(method ? { method } : {}),
      ...(points ? { points: Number(points) } : {}),
      ...(types ? { pointTypes: types.split('、') } : {}),
      ...(rule ? { passRule: rule.startsWith('scored:') ? { kind: 'scored', max: Number(rule.slice(7)) } : { kind: 'binary' } } : {}),
    };
  };

  it('is unchanged by an export → import round trip', () => {
    const back = TINY_NODES.map(toRow).map(fromRow);
    expect(frameworkDigest(back)).toBe(frameworkDigest(TINY_NODES));
  });

  it('ignores rows, point type order and an explicit default pass rule', () => {
    const variant = TINY_NODES.map(({ row: _row, ...n }) =>
      n.level === 'standard'
        ? { ...n, pointTypes: [...(n.pointTypes ?? [])].reverse(), passRule: n.passRule ?? { kind: 'binary' as const } }
        : n,
    );
    expect(frameworkDigest(variant)).toBe(frameworkDigest(TINY_NODES));
  });

  it('changes when anything that matters changes', () => {
    const base = frameworkDigest(TINY_NODES);
    const changed = (code: string, change: Partial<FrameworkNode>) =>
      frameworkDigest(TINY_NODES.map((n) => (n.code === code ? { ...n, ...change } : n)));
    expect(changed('S1', { points: 5 })).not.toBe(base);
    expect(changed('S1', { name: '无乱停乱放。' })).not.toBe(base);
    expect(changed('S1', { method: 'online' })).not.toBe(base);
    expect(changed('S1', { pointTypes: ['bus_stop'] })).not.toBe(base);
    expect(changed('A', { weight: 50 })).not.toBe(base);
    expect(changed('S3', { passRule: { kind: 'scored', max: 5 } })).not.toBe(base);
    expect(frameworkDigest([...TINY_NODES].reverse())).not.toBe(base); // sibling order is the checklist's order
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
