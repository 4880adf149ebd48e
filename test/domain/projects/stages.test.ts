import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyStageMove,
  currentStage,
  decideStageChange,
  decideStageRecord,
  decideTermination,
  hasPassed,
  isUnderConstruction,
  lateStages,
  reachedOn,
  stageAsOf,
  stageIndex,
  type StageRecord,
} from '../../../src/domain/projects/stages.js';
import { PROJECT_STAGES, STAGE_RECORD_STATUSES, type ProjectStage } from '../../../src/shared/project-enums.js';

const rec = (stage: ProjectStage, actualDate: string, status: StageRecord['status'] = 'confirmed'): StageRecord => ({
  stage,
  actualDate,
  status,
});

describe('stage moves', () => {
  it('one step forward needs no reason, 开工 → 投产 included (部分投产 is optional)', () => {
    const steps: [ProjectStage | null, ProjectStage][] = [
      [null, 'planning'],
      [null, 'signed'],
      ['planning', 'signed'],
      ['signed', 'performing'],
      ['performing', 'started'],
      ['started', 'partly_producing'],
      ['started', 'producing'],
      ['partly_producing', 'producing'],
      ['producing', 'at_capacity'],
    ];
    for (const [from, to] of steps) {
      expect(classifyStageMove(from, to)).toBe('next');
      expect(decideStageChange('active', from, to)).toEqual({ ok: true, needsReason: false });
    }
  });

  it('skipping ahead (签约 → 开工) needs a non-blank reason', () => {
    expect(classifyStageMove('signed', 'started')).toBe('skip');
    expect(decideStageChange('active', 'signed', 'started')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(decideStageChange('active', 'signed', 'started', '  \n ')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(decideStageChange('active', 'signed', 'started', '履约与开工同日')).toEqual({ ok: true, needsReason: true });
    // 部分投产 → 达产 skips 投产; 谋划 as the first stage is ordinary, 履约 is not.
    expect(classifyStageMove('partly_producing', 'at_capacity')).toBe('skip');
    expect(classifyStageMove(null, 'performing')).toBe('skip');
  });

  it('going back needs a reason', () => {
    expect(classifyStageMove('started', 'performing')).toBe('back');
    expect(classifyStageMove('partly_producing', 'started')).toBe('back');
    expect(decideStageChange('active', 'started', 'performing')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(decideStageChange('active', 'started', 'performing', '开工记录有误')).toEqual({ ok: true, needsReason: true });
  });

  it('部分投产 is never entered before 开工, even with a reason; back to it from 投产 needs one', () => {
    expect(decideStageChange('active', 'performing', 'partly_producing', 'x')).toMatchObject({
      ok: false,
      code: 'partly_producing_before_started',
    });
    // Back from 投产 when a workshop stops: a move back like any other, with its reason.
    expect(decideStageChange('active', 'producing', 'partly_producing', '二号车间停产检修')).toEqual({ ok: true, needsReason: true });
    expect(decideStageChange('active', 'producing', 'partly_producing')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(decideStageChange('active', 'partly_producing', 'producing')).toEqual({ ok: true, needsReason: false });
  });

  it('the same stage again is refused; nothing moves after 终止', () => {
    expect(decideStageChange('active', 'signed', 'signed', 'x')).toMatchObject({ ok: false, code: 'same_stage' });
    for (const to of PROJECT_STAGES)
      expect(decideStageChange('terminated', 'signed', to, 'x')).toMatchObject({ ok: false, code: 'terminated' });
  });

  it('terminating needs a reason and happens once', () => {
    expect(decideTermination('active')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(decideTermination('active', ' ')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(decideTermination('active', '企业撤资')).toEqual({ ok: true, needsReason: true });
    expect(decideTermination('terminated', '企业撤资')).toMatchObject({ ok: false, code: 'already_terminated' });
  });

  it('property: a move with a reason is allowed unless terminated, same, or 部分投产 before 开工; without one only the next stage', () => {
    const stage = fc.constantFrom(...PROJECT_STAGES);
    fc.assert(
      fc.property(fc.option(stage, { nil: null }), stage, fc.boolean(), (from, to, withReason) => {
        const d = decideStageChange('active', from, to, withReason ? '原因' : undefined);
        const structural = from === to || (to === 'partly_producing' && !hasPassed(from, 'started'));
        if (structural) {
          expect(d.ok).toBe(false);
          return;
        }
        const move = classifyStageMove(from, to);
        expect(d.ok).toBe(withReason || move === 'next');
        if (d.ok) expect(d.needsReason).toBe(move !== 'next');
        // A move is forward-or-skip exactly when the stage index grows.
        expect(move === 'back').toBe(from !== null && stageIndex(to) < stageIndex(from));
      }),
    );
  });
});

describe('stage as of a day', () => {
  const records = [
    rec('signed', '2026-01-10'),
    rec('performing', '2026-02-01'),
    rec('started', '2026-03-15'),
    rec('producing', '2026-09-01', 'pending'),
    rec('at_capacity', '2026-10-01', 'rejected'),
  ];

  it('counts confirmed records whose actual date is on or before the day', () => {
    expect(stageAsOf(records, '2026-01-09')).toBeNull();
    expect(stageAsOf(records, '2026-01-10')).toBe('signed');
    expect(stageAsOf(records, '2026-03-14')).toBe('performing');
    expect(stageAsOf(records, '2026-03-15')).toBe('started');
    // Pending and rejected records never count.
    expect(stageAsOf(records, '2026-12-31')).toBe('started');
    expect(currentStage(records)).toBe('started');
  });

  it('is the latest confirmed move, so a move back counts from its own day', () => {
    const back = [rec('started', '2026-03-01'), rec('producing', '2026-06-01'), rec('started', '2026-08-01')];
    expect(stageAsOf(back, '2026-07-31')).toBe('producing');
    expect(stageAsOf(back, '2026-08-01')).toBe('started');
    expect(currentStage(back)).toBe('started');
    // What was once reached stays in the history.
    expect(reachedOn(back, 'producing')).toBe('2026-06-01');
    // On one day the later record wins.
    expect(stageAsOf([rec('signed', '2026-04-01'), rec('performing', '2026-04-01')], '2026-04-01')).toBe('performing');
    expect(hasPassed('at_capacity', 'started')).toBe(true);
    expect(hasPassed('partly_producing', 'producing')).toBe(false);
    expect(hasPassed(null, 'planning')).toBe(false);
  });

  it('reachedOn is the first day at that stage or beyond; 部分投产 is under construction', () => {
    expect(reachedOn(records, 'signed')).toBe('2026-01-10');
    expect(reachedOn([rec('started', '2026-03-01')], 'signed')).toBe('2026-03-01');
    expect(reachedOn(records, 'producing')).toBeNull();
    expect(isUnderConstruction('started')).toBe(true);
    expect(isUnderConstruction('partly_producing')).toBe(true);
    expect(isUnderConstruction('producing')).toBe(false);
    expect(isUnderConstruction('performing')).toBe(false);
  });

  it('property: forward-only histories never fall in time; any history reads its latest dated move', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const record = fc.record({
      stage: fc.constantFrom(...PROJECT_STAGES),
      actualDate: day,
      status: fc.constantFrom(...STAGE_RECORD_STATUSES),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), day, day, (rs, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        // The latest confirmed record dated by then (later in the list on the same day), found directly.
        const dated = rs.filter((r) => r.status === 'confirmed' && r.actualDate <= late);
        const maxDay = dated.reduce<string | null>((m, r) => (m === null || r.actualDate > m ? r.actualDate : m), null);
        const direct = dated.filter((r) => r.actualDate === maxDay).at(-1)?.stage ?? null;
        expect(stageAsOf(rs, late)).toBe(direct);
        // A history whose stages only grow with their days (no move back) never falls.
        const confirmed = rs.filter((r) => r.status === 'confirmed');
        const days = confirmed.map((r) => r.actualDate).sort();
        const stagesUp = confirmed.map((r) => r.stage).sort((x, y) => stageIndex(x) - stageIndex(y));
        const forward = days.map((actualDate, i) => ({ stage: stagesUp[i]!, actualDate, status: 'confirmed' as const }));
        const s1 = stageAsOf(forward, early);
        if (s1 !== null) expect(hasPassed(stageAsOf(forward, late), s1)).toBe(true);
      }),
    );
  });

  it('a recorded stage must not predate the current one, going back included, nor lie in the future', () => {
    const base = { status: 'active' as const, current: 'producing' as const, currentDate: '2026-06-01', today: '2026-08-10' };
    expect(decideStageRecord({ ...base, proposed: 'started', actualDate: '2026-05-31', reason: '停产' })).toMatchObject({
      ok: false,
      code: 'date_before_current',
    });
    expect(decideStageRecord({ ...base, proposed: 'started', actualDate: '2026-06-01', reason: '停产' })).toEqual({
      ok: true,
      move: 'back',
    });
    expect(decideStageRecord({ ...base, proposed: 'at_capacity', actualDate: '2026-08-10', reason: null })).toEqual({
      ok: true,
      move: 'next',
    });
    expect(decideStageRecord({ ...base, proposed: 'at_capacity', actualDate: '2026-08-11', reason: null })).toMatchObject({
      ok: false,
      code: 'date_in_future',
    });
    expect(decideStageRecord({ ...base, proposed: 'started', actualDate: '2026-07-01', reason: ' ' })).toMatchObject({
      ok: false,
      code: 'reason_required',
    });
  });
});

describe('late stages against the plan', () => {
  const plan = [
    { stage: 'started' as const, plannedDate: '2026-03-31' },
    { stage: 'signed' as const, plannedDate: '2026-01-15' },
    { stage: 'producing' as const, plannedDate: '2026-10-31' },
  ];
  const records = [rec('signed', '2026-01-20'), rec('started', '2026-04-02')];

  it('a stage is late from the day after its planned date until it is reached', () => {
    // On the planned day itself it is still in time; the day after it is late by one day.
    expect(lateStages(plan, records, '2026-01-15')).toEqual([]);
    expect(lateStages(plan, records, '2026-01-16')).toEqual([{ stage: 'signed', plannedDate: '2026-01-15', daysLate: 1 }]);
    expect(lateStages(plan, records, '2026-01-20')).toEqual([]);
    expect(lateStages(plan, records, '2026-03-31')).toEqual([]);
    expect(lateStages(plan, records, '2026-04-01')).toEqual([{ stage: 'started', plannedDate: '2026-03-31', daysLate: 1 }]);
    expect(lateStages(plan, records, '2026-04-02')).toEqual([]);
    expect(lateStages(plan, records, '2026-11-01')).toEqual([{ stage: 'producing', plannedDate: '2026-10-31', daysLate: 1 }]);
  });

  it('lists several late stages in stage order, and a later stage reached clears earlier ones', () => {
    expect(lateStages(plan, [], '2026-11-02').map((l) => [l.stage, l.daysLate])).toEqual([
      ['signed', 291],
      ['started', 216],
      ['producing', 2],
    ]);
    expect(lateStages(plan, [rec('at_capacity', '2026-06-01')], '2026-11-02')).toEqual([]);
    // 部分投产 has not passed 投产.
    expect(lateStages(plan, [rec('partly_producing', '2026-06-01')], '2026-11-02').map((l) => l.stage)).toEqual(['producing']);
  });
});
