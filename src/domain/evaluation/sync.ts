import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/audit-chain.js';
import type { StandardNode } from './framework.js';
import type { PointId, LonLat } from './sampling.js';
import { scoreAnswer, type AnswerInput, type AnswerProblemCode } from './scoring.js';

/**
 * Offline sync of inspections (issue 4). The phone queues each inspection with an
 * idempotency key it generated (a UUID) and re-sends it until it gets an answer, so
 * the server sees the same submission any number of times, possibly after a sync that
 * was cut off halfway. The rules here decide what each arrival means; the service
 * stores the key and the content hash in the same transaction as the inspection.
 *
 *  - new: the key is unknown → store it.
 *  - replay: key known, same content → acknowledge again with the stored result; nothing
 *    is written, so nothing is recorded twice.
 *  - conflict: key known, different content → 409; a key names one inspection forever,
 *    and silently keeping either version would lose the other.
 */

/** One answer of a submitted checklist, with its evidence. */
export interface SubmittedAnswer extends AnswerInput {
  note?: string | null;
  /** Client ids of the photos (uploaded separately, each idempotent by its own id). */
  photoIds?: readonly string[];
}

/** An inspection as the phone sends it. */
export interface InspectionSubmission {
  /** Client-generated UUID; compared case-insensitively. */
  idempotencyKey: string;
  pointId: PointId;
  /** When the inspection was recorded, by the phone's clock (ISO instant). */
  recordedAt: string;
  /** GPS fix at recording time, null when the phone had none. */
  position: (LonLat & { accuracy?: number | null }) | null;
  answers: readonly SubmittedAnswer[];
  note?: string | null;
  photoIds?: readonly string[];
}

/** What the server kept of an earlier submission with the same key. */
export interface StoredSubmission {
  idempotencyKey: string;
  contentHash: string;
}

/** Outcome of {@link classifySubmission}. */
export type SubmissionClass = 'new' | 'replay' | 'conflict';

/** A problem of a submission, ready to become an HTTP error. */
export interface SubmissionProblem {
  status: 403 | 422;
  code:
    | 'bad_idempotency_key'
    | 'point_not_assigned'
    | 'bad_time'
    | 'bad_position'
    | 'no_answers'
    | 'duplicate_answer'
    | 'standard_not_for_type'
    | 'missing_answer'
    | 'invalid_answer'
    | 'photo_required';
  message: string;
  field?: string;
  /** The standard at fault, for answer problems. */
  standardCode?: string;
  /** For `invalid_answer`: what exactly is wrong with it. */
  answerProblem?: AnswerProblemCode;
}

/** What {@link checkSubmission} checks against. */
export interface SubmissionContext {
  /** Points assigned to the submitting inspector (compared as strings: 12 and "12" match). */
  assignedPointIds: Iterable<PointId>;
  /** Type of the submitted point. */
  pointType: string;
  /** The checklist of that type in the campaign's pinned framework version. */
  standardsOfType: readonly StandardNode[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** True for a UUID-shaped key other than the nil UUID (an uninitialised client field would collide across phones). */
export function isIdempotencyKey(key: string): boolean {
  return typeof key === 'string' && UUID.test(key) && key !== NIL_UUID;
}

/** The key in the form it is stored and compared in (lower case). */
export function normalizeKey(key: string): string {
  return key.toLowerCase();
}

/**
 * SHA-256 (hex) of what the inspection says, in canonical form: answers sorted by
 * standard, absent optional fields as null/empty, the time as a normalised ISO
 * instant. Transport details (the key itself, retry counters, send times a client may
 * add) are not part of it, so a faithful re-send always hashes the same.
 */
export function submissionHash(s: InspectionSubmission): string {
  const ms = Date.parse(s.recordedAt);
  const content = {
    pointId: String(s.pointId),
    recordedAt: Number.isNaN(ms) ? s.recordedAt : new Date(ms).toISOString(),
    position: s.position ? { lon: s.position.lon, lat: s.position.lat, accuracy: s.position.accuracy ?? null } : null,
    note: s.note ?? null,
    photoIds: [...(s.photoIds ?? [])],
    answers: [...s.answers]
      .map((a) => ({
        standardCode: a.standardCode,
        answer: a.answer,
        score: a.score ?? null,
        note: a.note ?? null,
        photoIds: [...(a.photoIds ?? [])],
      }))
      .sort((a, b) => (a.standardCode < b.standardCode ? -1 : a.standardCode > b.standardCode ? 1 : 0)),
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * new / replay / conflict for a submission, given what is stored under its key (null
 * when nothing is). Throws when `existing` belongs to another key: that is a lookup
 * bug in the caller, not a client error.
 */
export function classifySubmission(existing: StoredSubmission | null, submission: InspectionSubmission): SubmissionClass {
  if (existing === null) return 'new';
  if (normalizeKey(existing.idempotencyKey) !== normalizeKey(submission.idempotencyKey)) {
    throw new Error('classifySubmission: the stored submission has another idempotency key');
  }
  return existing.contentHash === submissionHash(submission) ? 'replay' : 'conflict';
}

/**
 * Every problem of a submission (403 first), empty when it can be stored.
 *
 * 403 for a point not assigned to the inspector: nothing they could change in the
 * request makes it theirs. 422 for the rest: a malformed key, time or position; an
 * empty checklist; an answer given twice; an answer for a standard not on the
 * checklist of the point's type (named, since the phone probably cached another
 * type's list); an invalid answer or score; a fail without any photo (the answer or
 * the inspection must carry one: a fail becomes a case, and the case workflow
 * refuses inspection cases without evidence); and a standard left unanswered.
 *
 * Missing answers are refused, not read as "not applicable": a blank cannot be told
 * from a skipped fail, and skipping fails would inflate 得分率. The checklist cannot
 * drift under a queued inspection because a campaign pins a published version, which
 * never changes; so the phone can always make the list complete (na is one tap) and
 * the inspector fixes a refused item in the queue.
 *
 * The position is not checked against the point here: a far position is flagged
 * (positionFlag), never refused.
 */
export function checkSubmission(s: InspectionSubmission, ctx: SubmissionContext): SubmissionProblem[] {
  const out: SubmissionProblem[] = [];
  const assigned = new Set([...ctx.assignedPointIds].map(String));
  if (!assigned.has(String(s.pointId))) {
    out.push({
      status: 403,
      code: 'point_not_assigned',
      message: `check point ${String(s.pointId)} is not assigned to you`,
      field: 'pointId',
    });
  }
  if (!isIdempotencyKey(s.idempotencyKey))
    out.push({ status: 422, code: 'bad_idempotency_key', message: 'idempotencyKey must be a UUID', field: 'idempotencyKey' });
  if (typeof s.recordedAt !== 'string' || Number.isNaN(Date.parse(s.recordedAt))) {
    out.push({ status: 422, code: 'bad_time', message: 'recordedAt must be an ISO instant', field: 'recordedAt' });
  }
  if (s.position) {
    const { lon, lat, accuracy } = s.position;
    const okCoord = Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
    const okAcc = accuracy === undefined || accuracy === null || (Number.isFinite(accuracy) && accuracy >= 0);
    if (!okCoord || !okAcc)
      out.push({
        status: 422,
        code: 'bad_position',
        message: 'position must be a longitude/latitude with a non-negative accuracy',
        field: 'position',
      });
  }
  if (s.answers.length === 0) out.push({ status: 422, code: 'no_answers', message: 'the inspection has no answers', field: 'answers' });

  const checklist = new Map(ctx.standardsOfType.map((st) => [st.code, st] as const));
  const seen = new Set<string>();
  for (const a of s.answers) {
    const code = a.standardCode;
    if (seen.has(code)) {
      out.push({
        status: 422,
        code: 'duplicate_answer',
        message: `standard ${code} is answered more than once`,
        field: 'answers',
        standardCode: code,
      });
      continue;
    }
    seen.add(code);
    const standard = checklist.get(code);
    if (!standard) {
      out.push({
        status: 422,
        code: 'standard_not_for_type',
        message: `standard ${code} is not on the checklist of ${ctx.pointType} points`,
        field: 'answers',
        standardCode: code,
      });
      continue;
    }
    const r = scoreAnswer(standard, a, { pointType: ctx.pointType });
    if (!r.ok)
      out.push({ status: 422, code: 'invalid_answer', message: r.message, field: 'answers', standardCode: code, answerProblem: r.code });
    else if (a.answer === 'fail' && (a.photoIds ?? []).length === 0 && (s.photoIds ?? []).length === 0) {
      out.push({
        status: 422,
        code: 'photo_required',
        message: `the failed standard ${code} needs a photo`,
        field: 'answers',
        standardCode: code,
      });
    }
  }
  if (s.answers.length > 0) {
    for (const st of ctx.standardsOfType) {
      if (!seen.has(st.code))
        out.push({
          status: 422,
          code: 'missing_answer',
          message: `standard ${st.code} has no answer`,
          field: 'answers',
          standardCode: st.code,
        });
    }
  }
  return out.sort((a, b) => a.status - b.status);
}

/** The HTTP status for a list of problems: 403 over 422; null when there are none. */
export function submissionStatus(problems: readonly SubmissionProblem[]): 403 | 422 | null {
  if (problems.length === 0) return null;
  return problems.some((p) => p.status === 403) ? 403 : 422;
}
