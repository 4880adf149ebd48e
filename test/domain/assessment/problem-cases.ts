/** One model per kind of problem the model check finds, with the problem it yields (shared by the domain and web tests). */
import type { AssessmentProblem } from '../../../src/domain/assessment/model-check.js';
import type { ModelProblemCode } from '../../../src/shared/assessment-enums.js';
import { MODEL } from './fixtures.js';

type Editable = { groups: Record<string, unknown>[] } & Record<string, unknown>;

/** A deep copy of the fixture model, edited by `edit`, as untrusted input would arrive. */
function variant(edit: (m: Editable) => void): unknown {
  const copy = structuredClone(MODEL) as unknown as Editable;
  edit(copy);
  return copy;
}
const comps = (m: Editable, g: number) => m.groups[g]!.components as Record<string, unknown>[];
const members = (m: Editable, g: number) => m.groups[g]!.members as { unitKinds: unknown[]; unitIds: unknown[] };

/**
 * One model per problem kind and the one problem it must yield: field, code and params.
 * `too_long` is the service's (a bound of the wire shape), tested with it.
 */
export const PROBLEM_CASES: [ModelProblemCode, unknown, Omit<AssessmentProblem, 'message'>][] = [
  [
    'not_a_number',
    variant((m) => (m.groups[1]!.total = { floor: 0, cap: 'ten' })),
    { field: 'groups[1].total.cap', code: 'not_a_number', params: { value: '"ten"' } },
  ],
  [
    'not_whole',
    variant((m) => (m.groups[1]!.lists = { kind: 'rank', red: 1.5, black: 1 })),
    { field: 'groups[1].lists.red', code: 'not_whole', params: { value: 1.5 } },
  ],
  [
    'negative',
    variant((m) => (comps(m, 1)[2]!.cap = -1)),
    { field: 'groups[1].components[2].cap', code: 'negative', params: { value: -1 } },
  ],
  ['below_min', variant((m) => (m.version = 0)), { field: 'version', code: 'below_min', params: { min: 1, value: 0 } }],
  [
    'above_max',
    variant((m) => (comps(m, 1)[3]!.thresholdPercent = 100)),
    { field: 'groups[1].components[3].thresholdPercent', code: 'above_max', params: { max: 99.99, value: 100 } },
  ],
  ['model_not_object', [], { field: '', code: 'model_not_object', params: {} }],
  ['name_missing', variant((m) => (m.name = ' ')), { field: 'name', code: 'name_missing', params: {} }],
  ['groups_missing', variant((m) => (m.groups = [])), { field: 'groups', code: 'groups_missing', params: {} }],
  [
    'groups_too_many',
    variant((m) => (m.groups = Array.from({ length: 51 }, () => m.groups[0]!))),
    { field: 'groups', code: 'groups_too_many', params: { max: 50 } },
  ],
  ['group_not_object', variant((m) => m.groups.push(null as never)), { field: 'groups[3]', code: 'group_not_object', params: {} }],
  ['key_invalid', variant((m) => (m.groups[0]!.key = 'Bad Key')), { field: 'groups[0].key', code: 'key_invalid', params: {} }],
  [
    'duplicate_key',
    variant((m) => (m.groups[2]!.key = 'districts')),
    { field: 'groups[2].key', code: 'duplicate_key', params: { key: 'districts', group: 0 } },
  ],
  ['group_name_missing', variant((m) => (m.groups[0]!.name = '')), { field: 'groups[0].name', code: 'group_name_missing', params: {} }],
  [
    'members_not_object',
    variant((m) => (m.groups[0]!.members = [])),
    { field: 'groups[0].members', code: 'members_not_object', params: {} },
  ],
  [
    'unit_kinds_not_list',
    variant((m) => (members(m, 2).unitKinds = 'work_team' as never)),
    { field: 'groups[2].members.unitKinds', code: 'unit_kinds_not_list', params: {} },
  ],
  [
    'unit_kind_unknown',
    variant((m) => members(m, 0).unitKinds.push('village')),
    { field: 'groups[0].members.unitKinds[1]', code: 'unit_kind_unknown', params: { kind: '"village"' } },
  ],
  [
    'unit_kind_taken',
    variant((m) => members(m, 2).unitKinds.push('county')),
    { field: 'groups[2].members.unitKinds[1]', code: 'unit_kind_taken', params: { kind: 'county', group: 1 } },
  ],
  [
    'unit_ids_not_list',
    variant((m) => (members(m, 0).unitIds = null as never)),
    { field: 'groups[0].members.unitIds', code: 'unit_ids_not_list', params: {} },
  ],
  [
    'unit_id_invalid',
    variant((m) => members(m, 0).unitIds.push(0)),
    { field: 'groups[0].members.unitIds[0]', code: 'unit_id_invalid', params: { value: '0' } },
  ],
  [
    'unit_taken',
    variant((m) => members(m, 0).unitIds.push(502)),
    { field: 'groups[2].members.unitIds[1]', code: 'unit_taken', params: { unit: 502, group: 0 } },
  ],
  [
    'members_empty',
    variant((m) => (m.groups[0]!.members = { unitKinds: [], unitIds: [] })),
    { field: 'groups[0].members', code: 'members_empty', params: {} },
  ],
  [
    'components_missing',
    variant((m) => (m.groups[0]!.components = [])),
    { field: 'groups[0].components', code: 'components_missing', params: {} },
  ],
  [
    'component_not_object',
    variant((m) => comps(m, 0).push(7 as never)),
    { field: 'groups[0].components[1]', code: 'component_not_object', params: {} },
  ],
  [
    'component_kind_unknown',
    variant((m) => comps(m, 0).push({ kind: 'stars' })),
    { field: 'groups[0].components[1].kind', code: 'component_kind_unknown', params: { kind: '"stars"' } },
  ],
  [
    'duplicate_component',
    variant((m) => comps(m, 1).push({ kind: 'bonus' })),
    { field: 'groups[1].components[4].kind', code: 'duplicate_component', params: { kind: 'bonus', other: 3 } },
  ],
  [
    'weight_zero',
    variant((m) => Object.assign(comps(m, 1)[0]!, { weight: 0 }) && Object.assign(comps(m, 1)[1]!, { weight: 100 })),
    { field: 'groups[1].components[0].weight', code: 'weight_zero', params: {} },
  ],
  [
    'cases_weights_sum',
    variant((m) => (comps(m, 2)[0]!.reworkWeight = 10)),
    { field: 'groups[2].components[0]', code: 'cases_weights_sum', params: { sum: 110 } },
  ],
  [
    'deductions_not_object',
    variant((m) => (comps(m, 1)[2]!.deductions = [1, 3])),
    { field: 'groups[1].components[2].deductions', code: 'deductions_not_object', params: {} },
  ],
  [
    'rung_key_invalid',
    variant((m) => (comps(m, 1)[2]!.deductions = { 'Bad!': 1 })),
    { field: 'groups[1].components[2].deductions.Bad!', code: 'rung_key_invalid', params: { key: 'Bad!' } },
  ],
  [
    'weighted_missing',
    variant((m) => (m.groups[1]!.components = comps(m, 1).slice(2))),
    { field: 'groups[1].components', code: 'weighted_missing', params: {} },
  ],
  [
    'weights_sum',
    variant((m) => comps(m, 0).push({ kind: 'satisfaction', weight: 10, basicallySatisfiedCredit: 1 })),
    { field: 'groups[0].components', code: 'weights_sum', params: { sum: 110 } },
  ],
  ['total_not_object', variant((m) => (m.groups[0]!.total = 100)), { field: 'groups[0].total', code: 'total_not_object', params: {} }],
  [
    'cap_below_floor',
    variant((m) => (m.groups[0]!.total = { floor: 60, cap: 50 })),
    { field: 'groups[0].total.cap', code: 'cap_below_floor', params: { floor: 60, cap: 50 } },
  ],
  ['lists_not_object', variant((m) => (m.groups[0]!.lists = 'rank')), { field: 'groups[0].lists', code: 'lists_not_object', params: {} }],
  [
    'list_kind_unknown',
    variant((m) => (m.groups[0]!.lists = { kind: 'top' })),
    { field: 'groups[0].lists.kind', code: 'list_kind_unknown', params: { kind: '"top"' } },
  ],
  [
    'black_above_red',
    variant((m) => (m.groups[0]!.lists = { kind: 'threshold', redMin: 80, blackBelow: 85 })),
    { field: 'groups[0].lists.blackBelow', code: 'black_above_red', params: { redMin: 80, blackBelow: 85 } },
  ],
];
