import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import { checkAssessmentModel, groupOfUnit, type AssessmentModel } from '../../../src/domain/assessment/model-check.js';
import { AssessmentModel as AssessmentModelSchema } from '../../../src/shared/contracts/assessment.contract.js';
import { MODEL } from './fixtures.js';

/** A deep copy of the fixture model, edited by `edit`, as untrusted input would arrive. */
function variant(edit: (m: { groups: Record<string, unknown>[] } & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(MODEL) as unknown as { groups: Record<string, unknown>[] } & Record<string, unknown>;
  edit(copy);
  return copy;
}
const problems = (m: unknown) => checkAssessmentModel(m);
const fields = (m: unknown) => problems(m).map((p) => p.field);
const comps = (m: { groups: Record<string, unknown>[] }, g: number) => m.groups[g]!.components as Record<string, unknown>[];

describe('checkAssessmentModel', () => {
  it('accepts the fixture model, which also matches the wire schema', () => {
    expect(checkAssessmentModel(MODEL)).toEqual([]);
    expect(new Ajv({ strict: false }).validate(AssessmentModelSchema, MODEL)).toBe(true);
  });

  it('names weights that do not sum to 100', () => {
    expect(problems(variant((m) => (comps(m, 1)[1]!.weight = 50)))).toEqual([
      {
        field: 'groups[1].components',
        code: 'weights_sum',
        params: { sum: 90 },
        message: 'the weights of evaluation, cases and satisfaction must sum to 100, got 90',
      },
    ]);
    expect(problems(variant((m) => (comps(m, 1)[1]!.reworkWeight = 10)))).toEqual([
      {
        field: 'groups[1].components[1]',
        code: 'cases_weights_sum',
        params: { sum: 90 },
        message: 'onTimeWeight + closureWeight + reworkWeight must sum to 100, got 90',
      },
    ]);
    // 33.3 + 33.3 + 33.4 is 100 although floats say 99.99999999999999.
    expect(
      fields(
        variant((m) => {
          Object.assign(comps(m, 1)[1]!, { onTimeWeight: 33.3, closureWeight: 33.3, reworkWeight: 33.4 });
        }),
      ),
    ).toEqual([]);
  });

  it('names each bad field by its path', () => {
    const m = variant((m) => {
      m.version = 0;
      m.name = ' ';
      m.groups[0]!.key = 'Bad Key';
      m.groups[2]!.key = 'counties';
      m.groups[0]!.name = '';
      comps(m, 0).push({ kind: 'evaluation', weight: 1 }, { kind: 'stars' });
      Object.assign(comps(m, 1)[2]!, { deductions: { reminder: -1, 'Bad!': 1 }, cap: 'ten' });
      Object.assign(comps(m, 1)[3]!, { thresholdPercent: 100 });
      m.groups[1]!.total = { floor: 50, cap: 50 };
      m.groups[2]!.lists = { kind: 'rank', red: 1.5, black: -1 };
      m.groups[0]!.lists = { kind: 'threshold', redMin: 80, blackBelow: 90 };
    });
    expect(fields(m)).toEqual([
      'version',
      'name',
      'groups[0].key',
      'groups[0].name',
      'groups[0].components[1].kind',
      'groups[0].components[2].kind',
      'groups[0].lists.blackBelow',
      'groups[1].components[2].deductions.reminder',
      'groups[1].components[2].deductions.Bad!',
      'groups[1].components[2].cap',
      'groups[1].components[3].thresholdPercent',
      'groups[1].total.cap',
      'groups[2].key',
      'groups[2].lists.red',
      'groups[2].lists.black',
    ]);
    expect(problems(m).find((p) => p.field === 'groups[0].components[1].kind')).toEqual({
      field: 'groups[0].components[1].kind',
      code: 'duplicate_component',
      params: { kind: 'evaluation', other: 0 },
      message: 'duplicate component evaluation (also groups[0].components[0])',
    });
  });

  it('ranks every unit in one group only', () => {
    const m = variant((m) => {
      (m.groups[1]!.members as { unitKinds: string[]; unitIds: number[] }).unitKinds.push('district');
      (m.groups[0]!.members as { unitKinds: string[]; unitIds: number[] }).unitIds.push(501);
      m.groups[2]!.members = { unitKinds: [], unitIds: [] };
    });
    expect(problems(m)).toEqual([
      {
        field: 'groups[1].members.unitKinds[2]',
        code: 'unit_kind_taken',
        params: { kind: 'district', group: 0 },
        message: 'unit kind district is already ranked in groups[0]; a unit is ranked in one group',
      },
      { field: 'groups[2].members', code: 'members_empty', params: {}, message: 'a group needs members: unit kinds, unit ids or both' },
    ]);
    // A unit listed by id in two groups: the second is named.
    expect(problems(variant((m) => (m.groups[0]!.members as { unitIds: number[] }).unitIds.push(501)))).toEqual([
      {
        field: 'groups[2].members.unitIds[0]',
        code: 'unit_taken',
        params: { unit: 501, group: 0 },
        message: 'unit 501 is already ranked in groups[0]; a unit is ranked in one group',
      },
    ]);
  });

  it('needs a weighted component', () => {
    expect(
      problems(variant((m) => (m.groups[0]!.components = [{ kind: 'bonus', thresholdPercent: 90, pointsPerPercent: 1, cap: 3 }]))),
    ).toEqual([
      {
        field: 'groups[0].components',
        code: 'weighted_missing',
        params: {},
        message: 'at least one weighted component (evaluation, cases or satisfaction) is needed',
      },
    ]);
    expect(fields(variant((m) => (m.groups[0]!.components = [])))).toEqual(['groups[0].components']);
  });

  it('never throws, whatever JSON it is given', () => {
    for (const junk of [
      null,
      1,
      'x',
      [],
      { groups: null },
      { groups: [null, 1, []] },
      { groups: [{ members: null, components: [null], total: 1, lists: [] }] },
    ])
      expect(problems(junk).length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.jsonValue(), (j) => {
        expect(Array.isArray(checkAssessmentModel(j))).toBe(true);
      }),
    );
    // Random edits of a valid model: still no throw, and every problem names a field.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2), fc.nat(3), fc.constantFrom('weight', 'kind', 'cap', 'deductions', 'onTimeWeight'), fc.jsonValue())),
        (edits) => {
          const m = variant((m) => {
            for (const [g, c, k, v] of edits) {
              const comp = comps(m, g)[c];
              if (comp) comp[k] = v;
            }
          });
          for (const p of checkAssessmentModel(m)) expect(p.field.startsWith('groups[')).toBe(true);
        },
      ),
    );
  });
});

describe('groupOfUnit', () => {
  it('finds the group by explicit id first, then by kind', () => {
    const model: AssessmentModel = MODEL;
    expect(groupOfUnit(model, { id: 7, kind: 'county' })?.key).toBe('counties');
    expect(groupOfUnit(model, { id: 501, kind: 'department' })?.key).toBe('teams');
    expect(groupOfUnit(model, { id: 8, kind: 'department' })).toBeNull();
  });
});
