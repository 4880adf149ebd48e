/** One ladder per kind of problem the ladder check finds, with the problem it yields (shared by the domain and web tests). */
import { DEMO_LADDER } from '../../../src/demo/demo-ladder.js';
import type { LadderProblem } from '../../../src/domain/letters/ladder.js';
import type { LadderProblemCode } from '../../../src/shared/letter-enums.js';

type Editable = { rungs: Record<string, unknown>[] } & Record<string, unknown>;

/** A deep copy of the demo's (configured) ladder, edited by `edit`, as untrusted input would arrive. */
function variant(edit: (l: Editable) => void): unknown {
  const copy = structuredClone(DEMO_LADDER) as unknown as Editable;
  edit(copy);
  return copy;
}
const rung = (l: Editable, i: number) => l.rungs[i]!;
const triggers = (l: Editable, i: number) => rung(l, i).triggers as unknown[];
const HAND = { issuer: { name: '周口市创建全国文明城市指挥部', code: '周创指联' }, replyWorkingDays: 5 };

/**
 * One ladder per problem kind and the one problem it must yield: field, code and params.
 * `office_not_found` is the service's (it looks the unit up), tested with it.
 */
export const LADDER_PROBLEM_CASES: [LadderProblemCode, unknown, Omit<LadderProblem, 'message'>][] = [
  [
    'not_whole',
    variant((l) => (triggers(l, 1)[0] = { kind: 'open_after_previous', workingDays: '3' })),
    { field: 'rungs[1].triggers[0].workingDays', code: 'not_whole', params: { value: '"3"' } },
  ],
  [
    'negative',
    variant((l) => (triggers(l, 0)[0] = { kind: 'overdue', workingDays: -1 })),
    { field: 'rungs[0].triggers[0].workingDays', code: 'negative', params: { value: -1 } },
  ],
  [
    'below_min',
    variant((l) => (rung(l, 1).replyWorkingDays = 0)),
    { field: 'rungs[1].replyWorkingDays', code: 'below_min', params: { min: 1, value: 0 } },
  ],
  [
    'above_max',
    variant((l) => (triggers(l, 2)[2] = { kind: 'reopened', times: 1000 })),
    { field: 'rungs[2].triggers[2].times', code: 'above_max', params: { max: 100, value: 1000 } },
  ],
  ['rungs_missing', {}, { field: 'rungs', code: 'rungs_missing', params: {} }],
  ['rungs_empty', { rungs: [] }, { field: 'rungs', code: 'rungs_empty', params: {} }],
  [
    'rungs_too_many',
    variant((l) => (l.rungs = Array.from({ length: 11 }, () => l.rungs[0]!))),
    { field: 'rungs', code: 'rungs_too_many', params: { max: 10 } },
  ],
  ['rung_not_object', variant((l) => (l.rungs[1] = null as never)), { field: 'rungs[1]', code: 'rung_not_object', params: {} }],
  ['key_invalid', variant((l) => (rung(l, 0).key = 'Bad Key')), { field: 'rungs[0].key', code: 'key_invalid', params: {} }],
  [
    'duplicate_key',
    variant((l) => (rung(l, 2).key = 'reminder')),
    { field: 'rungs[2].key', code: 'duplicate_key', params: { key: 'reminder', rung: 0 } },
  ],
  ['type_missing', variant((l) => (rung(l, 1).type = ' ')), { field: 'rungs[1].type', code: 'type_missing', params: {} }],
  [
    'duplicate_level',
    variant((l) => {
      rung(l, 2).level = 2;
      rung(l, 2).triggers = [];
    }),
    { field: 'rungs[2].level', code: 'duplicate_level', params: { level: 2, rung: 1 } },
  ],
  ['level_gap', variant((l) => (rung(l, 2).level = 4)), { field: 'rungs[2].level', code: 'level_gap', params: { max: 3, value: 4 } }],
  [
    'triggers_not_list',
    variant((l) => (rung(l, 0).triggers = 'overdue')),
    { field: 'rungs[0].triggers', code: 'triggers_not_list', params: {} },
  ],
  [
    'approval_invalid',
    variant((l) => (rung(l, 2).approval = { required: 'yes' })),
    { field: 'rungs[2].approval.required', code: 'approval_invalid', params: {} },
  ],
  [
    'approver_invalid',
    variant((l) => (rung(l, 2).approval = { required: true, approver: ' ' })),
    { field: 'rungs[2].approval.approver', code: 'approver_invalid', params: {} },
  ],
  [
    'approver_without_approval',
    variant((l) => (rung(l, 1).approval = { required: false, approver: 'leader' })),
    { field: 'rungs[1].approval.approver', code: 'approver_without_approval', params: {} },
  ],
  [
    'code_taken',
    variant((l) => ((rung(l, 1).issuer as { code: string }).code = (rung(l, 0).issuer as { code: string }).code)),
    {
      field: 'rungs[1].issuer.code',
      code: 'code_taken',
      params: { code: (DEMO_LADDER.rungs[0]!.issuer as { code: string }).code, type: '提醒函', rung: 0 },
    },
  ],
  [
    'trigger_not_object',
    variant((l) => (triggers(l, 1)[1] = 'overdue')),
    { field: 'rungs[1].triggers[1]', code: 'trigger_not_object', params: {} },
  ],
  [
    'trigger_kind_unknown',
    variant((l) => (triggers(l, 1)[1] = { kind: 'full_moon' })),
    { field: 'rungs[1].triggers[1].kind', code: 'trigger_kind_unknown', params: { kind: '"full_moon"' } },
  ],
  [
    'trigger_needs_previous',
    variant((l) => triggers(l, 0).push({ kind: 'unsigned_previous' })),
    { field: 'rungs[0].triggers[2].kind', code: 'trigger_needs_previous', params: { kind: 'unsigned_previous' } },
  ],
  [
    'recipient_missing',
    variant((l) => delete rung(l, 1).recipient),
    { field: 'rungs[1].recipient', code: 'recipient_missing', params: {} },
  ],
  [
    'recipient_kind_unknown',
    variant((l) => (rung(l, 0).recipient = { kind: 'mayor' })),
    { field: 'rungs[0].recipient.kind', code: 'recipient_kind_unknown', params: { kind: '"mayor"' } },
  ],
  [
    'office_code_missing',
    variant((l) => ((rung(l, 2).recipient as { unitCode: string }).unitCode = ' ')),
    { field: 'rungs[2].recipient.unitCode', code: 'office_code_missing', params: {} },
  ],
  [
    'office_name_missing',
    variant((l) => ((rung(l, 2).recipient as { name: string }).name = '')),
    { field: 'rungs[2].recipient.name', code: 'office_name_missing', params: {} },
  ],
  ['issuer_missing', variant((l) => delete rung(l, 0).issuer), { field: 'rungs[0].issuer', code: 'issuer_missing', params: {} }],
  [
    'issuer_name_missing',
    variant((l) => ((rung(l, 0).issuer as { name: string }).name = '')),
    { field: 'rungs[0].issuer.name', code: 'issuer_name_missing', params: {} },
  ],
  [
    'issuer_code_missing',
    variant((l) => ((rung(l, 0).issuer as { code: string }).code = '')),
    { field: 'rungs[0].issuer.code', code: 'issuer_code_missing', params: {} },
  ],
  [
    'issuer_code_invalid',
    variant((l) => ((rung(l, 0).issuer as { code: string }).code = '周创指〔1〕')),
    { field: 'rungs[0].issuer.code', code: 'issuer_code_invalid', params: {} },
  ],
  [
    'hand_letters_not_object',
    variant((l) => (l.handLetters = 'yes')),
    { field: 'handLetters', code: 'hand_letters_not_object', params: {} },
  ],
  [
    'hand_code_taken',
    variant((l) => (l.handLetters = { ...HAND, issuer: { ...HAND.issuer, code: (rung(l, 2).issuer as { code: string }).code } })),
    {
      field: 'handLetters.issuer.code',
      code: 'hand_code_taken',
      params: { code: (DEMO_LADDER.rungs[2]!.issuer as { code: string }).code, type: '问责函', rung: 2 },
    },
  ],
];
