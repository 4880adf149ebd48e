import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { standardsFor } from '../../../src/domain/evaluation/framework.js';
import {
  checkSubmission,
  classifySubmission,
  isIdempotencyKey,
  submissionHash,
  submissionStatus,
  type InspectionSubmission,
  type SubmissionContext,
} from '../../../src/domain/evaluation/sync.js';
import { tinyFramework } from './fixtures.js';

const fw = tinyFramework();
const KEY = '6f1c2a4e-8b3d-4c7a-9e21-0d5b7f3a9c11';

/** An inspection of a park (checklist S1, S2, S5) with one failed standard and its photo. */
const PARK: InspectionSubmission = {
  idempotencyKey: KEY,
  pointId: 17,
  recordedAt: '2026-03-06T10:15:00+08:00',
  position: { lon: 114.65, lat: 33.62, accuracy: 12 },
  answers: [
    { standardCode: 'S1', answer: 'pass' },
    { standardCode: 'S2', answer: 'score', score: 4.5 },
    { standardCode: 'S5', answer: 'fail', note: '果皮箱满溢', photoIds: ['ph-1'] },
  ],
};
const CTX: SubmissionContext = { assignedPointIds: [17, 18], pointType: 'park', standardsOfType: standardsFor(fw, 'park') };
const codes = (s: InspectionSubmission, ctx: SubmissionContext = CTX) =>
  checkSubmission(s, ctx).map((p) => [p.status, p.code, p.standardCode ?? p.field]);

describe('idempotency keys and content hashes', () => {
  it('accepts UUIDs, not the nil UUID or other strings', () => {
    expect(isIdempotencyKey(KEY)).toBe(true);
    expect(isIdempotencyKey(KEY.toUpperCase())).toBe(true);
    expect(isIdempotencyKey('00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(isIdempotencyKey('inspection-1')).toBe(false);
  });

  it('hashes what the inspection says, not how it was serialised', () => {
    const h = submissionHash(PARK);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(submissionHash({ ...PARK, answers: [...PARK.answers].reverse() })).toBe(h);
    expect(submissionHash({ ...PARK, note: null, photoIds: [] })).toBe(h);
    expect(submissionHash({ ...PARK, recordedAt: '2026-03-06T02:15:00.000Z' })).toBe(h); // same instant
    expect(submissionHash({ ...PARK, idempotencyKey: KEY.toUpperCase() })).toBe(h);
    expect(
      submissionHash({
        ...PARK,
        answers: PARK.answers.map((a) => (a.standardCode === 'S1' ? { ...a, answer: 'fail', photoIds: ['ph-2'] } : a)),
      }),
    ).not.toBe(h);
    expect(submissionHash({ ...PARK, position: null })).not.toBe(h);
  });
});

describe('classifySubmission', () => {
  it('new, replay (acknowledge again) and conflict (409)', () => {
    expect(classifySubmission(null, PARK)).toBe('new');
    const stored = { idempotencyKey: KEY, contentHash: submissionHash(PARK) };
    expect(classifySubmission(stored, PARK)).toBe('replay');
    expect(classifySubmission(stored, { ...PARK, idempotencyKey: KEY.toUpperCase(), answers: [...PARK.answers].reverse() })).toBe('replay');
    expect(classifySubmission(stored, { ...PARK, answers: PARK.answers.slice(0, 2) })).toBe('conflict');
    expect(() => classifySubmission({ ...stored, idempotencyKey: '11111111-2222-4333-8444-555555555555' }, PARK)).toThrow();
  });

  it('a queue re-sent any number of times stores each inspection once', () => {
    const store = new Map<string, string>();
    const sync = (queue: InspectionSubmission[]) =>
      queue.map((s) => {
        const key = s.idempotencyKey.toLowerCase();
        const existing = store.has(key) ? { idempotencyKey: key, contentHash: store.get(key) as string } : null;
        const c = classifySubmission(existing, s);
        if (c === 'new') store.set(key, submissionHash(s));
        return c;
      });
    const queue = [
      PARK,
      { ...PARK, idempotencyKey: '2b0e4f1a-3c5d-4e6f-8a7b-9c0d1e2f3a4b', pointId: 18 },
      { ...PARK, idempotencyKey: '3c1f5a2b-4d6e-4f70-9b8c-0d1e2f3a4b5c' },
    ];
    expect(sync(queue.slice(0, 2))).toEqual(['new', 'new']); // interrupted after two
    expect(sync(queue)).toEqual(['replay', 'replay', 'new']);
    expect(sync(queue)).toEqual(['replay', 'replay', 'replay']);
    expect(store.size).toBe(3);
  });
});

describe('checkSubmission', () => {
  it('accepts a complete, assigned inspection', () => {
    expect(checkSubmission(PARK, CTX)).toEqual([]);
    expect(checkSubmission({ ...PARK, pointId: '17' }, CTX)).toEqual([]); // ids compare as strings
    expect(checkSubmission({ ...PARK, position: null }, CTX)).toEqual([]); // flagged elsewhere, not refused
  });

  it('refuses an unassigned point with 403, listed first', () => {
    expect(codes({ ...PARK, pointId: 99, answers: PARK.answers.slice(0, 2) })).toEqual([
      [403, 'point_not_assigned', 'pointId'],
      [422, 'missing_answer', 'S5'],
    ]);
    expect(submissionStatus(checkSubmission({ ...PARK, pointId: 99 }, CTX))).toBe(403);
    expect(submissionStatus([])).toBeNull();
  });

  it('names an answer for a standard of another type', () => {
    const withS3 = { ...PARK, answers: [...PARK.answers, { standardCode: 'S3', answer: 'pass' }] };
    expect(codes(withS3)).toEqual([[422, 'standard_not_for_type', 'S3']]);
    expect(checkSubmission(withS3, CTX)[0]?.message).toBe('standard S3 is not on the checklist of park points');
    expect(submissionStatus(checkSubmission(withS3, CTX))).toBe(422);
  });

  it('refuses duplicate, missing and invalid answers', () => {
    expect(codes({ ...PARK, answers: [...PARK.answers, { standardCode: 'S1', answer: 'fail', photoIds: ['x'] }] })).toEqual([
      [422, 'duplicate_answer', 'S1'],
    ]);
    expect(codes({ ...PARK, answers: PARK.answers.slice(1) })).toEqual([[422, 'missing_answer', 'S1']]);
    const tooHigh = checkSubmission({ ...PARK, answers: PARK.answers.map((a) => (a.standardCode === 'S2' ? { ...a, score: 7 } : a)) }, CTX);
    expect(tooHigh).toMatchObject([{ status: 422, code: 'invalid_answer', standardCode: 'S2', answerProblem: 'score_above_points' }]);
    expect(codes({ ...PARK, answers: [] })).toEqual([[422, 'no_answers', 'answers']]);
  });

  it('needs a photo for a failed standard, on the answer or on the inspection', () => {
    const noPhoto = { ...PARK, answers: PARK.answers.map((a) => (a.standardCode === 'S5' ? { standardCode: 'S5', answer: 'fail' } : a)) };
    expect(codes(noPhoto)).toEqual([[422, 'photo_required', 'S5']]);
    expect(checkSubmission({ ...noPhoto, photoIds: ['ph-9'] }, CTX)).toEqual([]);
  });

  it('refuses a malformed key, time or position', () => {
    expect(codes({ ...PARK, idempotencyKey: 'abc' })).toEqual([[422, 'bad_idempotency_key', 'idempotencyKey']]);
    expect(codes({ ...PARK, recordedAt: 'today' })).toEqual([[422, 'bad_time', 'recordedAt']]);
    expect(codes({ ...PARK, position: { lon: 114.65, lat: 95 } })).toEqual([[422, 'bad_position', 'position']]);
    expect(codes({ ...PARK, position: { lon: 114.65, lat: 33.6, accuracy: -1 } })).toEqual([[422, 'bad_position', 'position']]);
  });

  it('never accepts an answer for a standard outside the checklist, whatever the answers', () => {
    const all = fw.standards.map((s) => s.code);
    fc.assert(
      fc.property(fc.subarray(all), fc.constantFrom('park', 'bus_stop', 'back_street', 'community'), (picked, pointType) => {
        const checklist = standardsFor(fw, pointType);
        const s: InspectionSubmission = { ...PARK, answers: picked.map((c) => ({ standardCode: c, answer: 'na' })) };
        const problems = checkSubmission(s, { ...CTX, pointType, standardsOfType: checklist });
        const foreign = picked.filter((c) => !checklist.some((st) => st.code === c));
        expect(problems.filter((p) => p.code === 'standard_not_for_type').map((p) => p.standardCode)).toEqual(foreign);
        const complete = checklist.every((st) => picked.includes(st.code));
        expect(problems.length === 0).toBe(foreign.length === 0 && complete && picked.length > 0);
      }),
      { numRuns: 200 },
    );
  });
});
