/**
 * The escalation ladder (督查督办, DOMAIN.md §3.4): the rungs of official letters a
 * campaign's HQ issues when cases are not handled — 提醒函 → 督办函 → 问责函, more rungs
 * allowed — each with the triggers that fire it, its recipient, the reply deadline
 * it sets and its issuer with the 机关代字 its numbers carry.
 *
 * The ladder is configuration typed in by HQ, so {@link checkLadder} is written
 * defensively against any JSON and names the offending field, ready for a 422.
 */

import type { HandLetters, Issuer, Ladder, Recipient, Rung, Trigger } from '../../shared/contracts/letters.contract.js';
import { ACCOUNTABILITY_RUNG, rungNeedsApproval } from '../../shared/letter-approval.js';

// The ladder's shapes are wire shapes (HQ edits the ladder through the API), defined once
// in the letters contract; this module holds their rules.
export type { HandLetters, Issuer, Ladder, Recipient, Rung, Trigger };

/** One of the trigger kinds. */
export type TriggerKind = Trigger['kind'];

/** Every trigger kind, in the order the admin UI lists them. */
export const TRIGGER_KINDS: readonly TriggerKind[] = ['overdue', 'open_after_previous', 'unsigned_previous', 'repeat_at_point', 'reopened'];

/** Triggers that refer to the previous rung's letter, hence meaningless on the first rung. */
export const CHAINED_TRIGGER_KINDS: readonly TriggerKind[] = ['open_after_previous', 'unsigned_previous'];

/** Every recipient kind. */
export const RECIPIENT_KINDS: readonly Recipient['kind'][] = ['unit_head', 'leader_in_charge', 'office'];

/** A configuration error: the field path (e.g. `rungs[1].recipient`) and what is wrong. */
export interface LadderProblem {
  field: string;
  message: string;
}

// Upper bounds only catch typos (an extra zero); they are far beyond any real use.
const MAX_WORKING_DAYS = 250;
const MAX_WINDOW_DAYS = 366;
const MAX_MIN_CASES = 1000;
const MAX_TIMES = 100;
const MAX_REPLY_WORKING_DAYS = 60;
const MAX_RUNGS = 10;
const KEY_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;
// A 机关代字 is printed as `代字〔2026〕7号`: brackets, digits, 号 or white space in it
// would make the number ambiguous to read and to parse back.
const CODE_FORBIDDEN = /[\s〔〕[\]()（）0-9号]/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Problem with a whole-number setting, or null. */
function countProblem(v: unknown, min: number, max: number): string | null {
  if (typeof v !== 'number' || !Number.isInteger(v)) return `must be a whole number, got ${JSON.stringify(v) ?? String(v)}`;
  if (v < min) return v < 0 ? `must not be negative, got ${v}` : `must be at least ${min}, got ${v}`;
  if (v > max) return `must be at most ${max}, got ${v}`;
  return null;
}

function checkTrigger(t: unknown, path: string, firstRung: boolean, out: LadderProblem[]): void {
  const add = (field: string, message: string | null): void => {
    if (message !== null) out.push({ field: `${path}${field}`, message });
  };
  if (!isObject(t)) return add('', 'must be an object with a kind');
  const kind = t.kind;
  if (typeof kind !== 'string' || !(TRIGGER_KINDS as readonly string[]).includes(kind)) {
    return add('.kind', `unknown trigger kind ${JSON.stringify(kind) ?? String(kind)}; expected one of ${TRIGGER_KINDS.join(', ')}`);
  }
  if (firstRung && (CHAINED_TRIGGER_KINDS as readonly string[]).includes(kind)) {
    add('.kind', `${kind} refers to the previous rung's letter and cannot be used on the first rung`);
  }
  switch (kind as TriggerKind) {
    case 'overdue':
      // 0 is allowed: "as soon as the deadline has passed".
      return add('.workingDays', countProblem(t.workingDays, 0, MAX_WORKING_DAYS));
    case 'open_after_previous':
      // 0 would escalate at the very next sweep after the previous letter, without
      // giving the unit any time to act on it.
      return add('.workingDays', countProblem(t.workingDays, 1, MAX_WORKING_DAYS));
    case 'unsigned_previous':
      return;
    case 'repeat_at_point':
      // "Repeated" needs at least two cases; one case at a point is no pattern.
      add('.minCases', countProblem(t.minCases, 2, MAX_MIN_CASES));
      return add('.windowDays', countProblem(t.windowDays, 1, MAX_WINDOW_DAYS));
    case 'reopened':
      return add('.times', countProblem(t.times, 1, MAX_TIMES));
  }
}

function checkRecipient(r: unknown, path: string, out: LadderProblem[]): void {
  if (!isObject(r)) {
    out.push({ field: path, message: 'a rung needs a recipient (unit_head, leader_in_charge or office)' });
    return;
  }
  if (typeof r.kind !== 'string' || !(RECIPIENT_KINDS as readonly string[]).includes(r.kind)) {
    out.push({
      field: `${path}.kind`,
      message: `unknown recipient kind ${JSON.stringify(r.kind) ?? String(r.kind)}; expected one of ${RECIPIENT_KINDS.join(', ')}`,
    });
    return;
  }
  if (r.kind === 'office') {
    if (!hasText(r.unitCode)) out.push({ field: `${path}.unitCode`, message: 'an office recipient needs the unit code of that office' });
    if (!hasText(r.name)) out.push({ field: `${path}.name`, message: 'an office recipient needs its name as printed on the letter' });
  }
}

function checkIssuer(i: unknown, path: string, out: LadderProblem[]): void {
  if (!isObject(i)) {
    out.push({ field: path, message: 'a rung needs an issuer with a name and a 机关代字' });
    return;
  }
  if (!hasText(i.name)) out.push({ field: `${path}.name`, message: 'the issuer name must not be empty' });
  if (!hasText(i.code)) out.push({ field: `${path}.code`, message: 'the 机关代字 must not be empty' });
  else if (CODE_FORBIDDEN.test(i.code))
    out.push({ field: `${path}.code`, message: 'the 机关代字 must not contain spaces, digits, brackets or 号' });
}

/** Problems with the issuer of hand letters: a valid issuer whose 代字 no rung uses, a reply time. */
function checkHandLetters(h: unknown, rungs: unknown[], out: LadderProblem[]): void {
  if (!isObject(h)) {
    out.push({ field: 'handLetters', message: 'must be an object with an issuer and replyWorkingDays' });
    return;
  }
  checkIssuer(h.issuer, 'handLetters.issuer', out);
  const rp = countProblem(h.replyWorkingDays, 1, MAX_REPLY_WORKING_DAYS);
  if (rp !== null) out.push({ field: 'handLetters.replyWorkingDays', message: rp });
  if (!isObject(h.issuer) || !hasText(h.issuer.code)) return;
  const code = h.issuer.code;
  const i = rungs.findIndex((r) => isObject(r) && isObject(r.issuer) && r.issuer.code === code);
  if (i >= 0) {
    const type = (rungs[i] as { type?: unknown }).type;
    out.push({
      field: 'handLetters.issuer.code',
      message: `机关代字 ${code} is already used for ${String(type)} (rungs[${i}]); letters of other types need a 代字 of their own or numbers would repeat`,
    });
  }
}

/**
 * Every problem with a ladder, empty when it can be saved. Checks, each naming its
 * field path: at least one rung; per rung a unique key, a type, a unique level with
 * the levels exactly 1..n, known triggers with whole non-negative counts (and the
 * minimum each needs), no `open_after_previous` / `unsigned_previous` on the first
 * rung, a recipient, `replyWorkingDays` ≥ 1, an issuer name and 机关代字; and no
 * 机关代字 shared by two different letter types, because numbers run per code, type
 * and year and `周创指督〔2026〕1号` would then exist twice; the same for the optional
 * `handLetters` issuer, whose 代字 must be no rung's.
 *
 * @param ladder untrusted input, typed as a ladder for the caller's convenience.
 */
export function checkLadder(ladder: Ladder): LadderProblem[] {
  const out: LadderProblem[] = [];
  const input: unknown = ladder;
  if (!isObject(input) || !Array.isArray(input.rungs)) return [{ field: 'rungs', message: 'a ladder needs a list of rungs' }];
  const rungs: unknown[] = input.rungs;
  if (rungs.length === 0) return [{ field: 'rungs', message: 'a ladder needs at least one rung' }];
  if (rungs.length > MAX_RUNGS) return [{ field: 'rungs', message: `a ladder has at most ${MAX_RUNGS} rungs` }];
  if (input.handLetters !== undefined) checkHandLetters(input.handLetters, rungs, out);

  const levels = rungs.map((r) => (isObject(r) ? r.level : undefined));
  const validLevels = levels.filter((l): l is number => typeof l === 'number' && Number.isInteger(l) && l >= 1);
  const lowest = validLevels.length ? Math.min(...validLevels) : 1;
  const keys = new Map<string, number>();
  const levelSeen = new Map<number, number>();
  const codeTypes = new Map<string, { type: string; index: number }>();

  rungs.forEach((r, i) => {
    const path = `rungs[${i}]`;
    if (!isObject(r)) {
      out.push({ field: path, message: 'a rung must be an object' });
      return;
    }
    if (typeof r.key !== 'string' || !KEY_PATTERN.test(r.key)) {
      out.push({ field: `${path}.key`, message: 'the key must be 1–40 lower-case letters, digits, _ or -, starting with a letter' });
    } else if (keys.has(r.key)) {
      out.push({ field: `${path}.key`, message: `duplicate key ${r.key} (also rungs[${keys.get(r.key)}])` });
    } else keys.set(r.key, i);

    if (!hasText(r.type)) out.push({ field: `${path}.type`, message: 'the letter type (e.g. 提醒函) must not be empty' });

    const lp = countProblem(r.level, 1, MAX_RUNGS);
    if (lp !== null) out.push({ field: `${path}.level`, message: lp });
    else if (levelSeen.has(r.level as number))
      out.push({ field: `${path}.level`, message: `duplicate level ${String(r.level)} (also rungs[${levelSeen.get(r.level as number)}])` });
    else {
      levelSeen.set(r.level as number, i);
      if ((r.level as number) > rungs.length)
        out.push({ field: `${path}.level`, message: `levels must be 1..${rungs.length} without gaps, got ${String(r.level)}` });
    }

    if (!Array.isArray(r.triggers))
      out.push({ field: `${path}.triggers`, message: 'triggers must be a list (empty for a rung issued only by hand)' });
    else r.triggers.forEach((t: unknown, j: number) => checkTrigger(t, `${path}.triggers[${j}]`, r.level === lowest, out));

    checkRecipient(r.recipient, `${path}.recipient`, out);

    const rp = countProblem(r.replyWorkingDays, 1, MAX_REPLY_WORKING_DAYS);
    if (rp !== null) out.push({ field: `${path}.replyWorkingDays`, message: rp });

    checkIssuer(r.issuer, `${path}.issuer`, out);
    if (r.approval !== undefined && (!isObject(r.approval) || typeof r.approval.required !== 'boolean'))
      out.push({ field: `${path}.approval.required`, message: 'approval must be { required: true | false }' });
    else if (isObject(r.approval) && r.approval.approver !== undefined) {
      if (!hasText(r.approval.approver))
        out.push({ field: `${path}.approval.approver`, message: "must be the approving leader's username (or left out)" });
      else if (r.approval.required !== true)
        out.push({ field: `${path}.approval.approver`, message: 'names an approver for a rung whose letters need no approval' });
    }
    if (isObject(r.issuer) && hasText(r.issuer.code) && hasText(r.type)) {
      const seen = codeTypes.get(r.issuer.code);
      if (seen === undefined) codeTypes.set(r.issuer.code, { type: r.type, index: i });
      else if (seen.type !== r.type) {
        out.push({
          field: `${path}.issuer.code`,
          message: `机关代字 ${r.issuer.code} is already used for ${seen.type} (rungs[${seen.index}]); each letter type needs its own 代字 or numbers would repeat`,
        });
      }
    }
  });
  return out;
}

// The approval rule is in src/shared so that the web shows a rung as the server treats it.
export { ACCOUNTABILITY_RUNG, rungNeedsApproval };

/**
 * Whether `actor` may decide on a letter of `rung` as far as the rung is concerned: the
 * leader it names, or (naming none) anyone — the permission on the unit is checked apart.
 */
export function isNamedApprover(rung: { approval?: Rung['approval'] } | null, actor: { username: string }): boolean {
  const named = rung?.approval?.approver;
  return named === undefined || named === actor.username;
}

/** Rungs ordered by level, lowest first. Assumes a ladder that passed {@link checkLadder}. */
export function rungsByLevel(ladder: Ladder): Rung[] {
  return [...ladder.rungs].sort((a, b) => a.level - b.level);
}

/** The rung one level below `rung`, or null for the first rung. */
export function previousRung(ladder: Ladder, rung: Rung): Rung | null {
  return ladder.rungs.find((r) => r.level === rung.level - 1) ?? null;
}

/** An issuer left blank, for the city to fill in: {@link checkLadder} names both fields as missing. */
const UNCONFIGURED_ISSUER: Issuer = { name: '', code: '' };

/**
 * The product's default ladder, in force until a campaign configures its own: the
 * three rungs of DOMAIN.md §3.4 with their triggers, recipients and reply times, but
 * no city's names. The issuers (name and 机关代字) and the office 问责函 go to are left
 * blank, so {@link checkLadder} names exactly what each city must configure, and no
 * letter is issued or drafted under it ({@link ladderNotConfigured}). The demo city's
 * configured ladder is in src/demo/demo-ladder.ts.
 *
 * - 提醒函 (level 1, to the unit head): fires when a case is overdue by one whole working
 *   day — one day of grace so a case rectified on the deadline day but verified the next
 *   morning is not chased — or when ≥ 3 cases were raised at one check point in 30 days
 *   (a point that keeps failing needs the head's attention even before any deadline
 *   passes). Reply in 2 working days: a reminder asks only for a short 情况说明, and an
 *   unsigned reminder should escalate before the 3-day "still open" rule of the next rung.
 * - 督办函 (level 2, to the leader in charge): the case is still open 3 working days after
 *   the 提醒函, or the 提醒函 was not signed for by its deadline. Reply in 3 working days
 *   (the "hard deadline" of §3.4).
 * - 问责函 (level 3, to an office such as the 纪检监察组 stationed with the city): still open
 *   5 working days after the 督办函 (more time than the previous step, since by now the
 *   work is usually substantial), or the 督办函 unsigned by its deadline, or the case
 *   reopened (返工) twice — a unit that twice reports false rectification is held to
 *   account without waiting for the chain. Reply in 5 working days. It needs the leader's
 *   approval (`approval.required`): no city sends an accountability letter on its own.
 *
 * Hand-drafted letters of other types (工作联系函, 通报…) reply in a week (5 working days).
 */
export const DEFAULT_LADDER: Ladder = {
  rungs: [
    {
      key: 'reminder',
      type: '提醒函',
      level: 1,
      triggers: [
        { kind: 'overdue', workingDays: 1 },
        { kind: 'repeat_at_point', minCases: 3, windowDays: 30 },
      ],
      recipient: { kind: 'unit_head' },
      replyWorkingDays: 2,
      issuer: UNCONFIGURED_ISSUER,
    },
    {
      key: 'supervision',
      type: '督办函',
      level: 2,
      triggers: [{ kind: 'open_after_previous', workingDays: 3 }, { kind: 'unsigned_previous' }],
      recipient: { kind: 'leader_in_charge' },
      replyWorkingDays: 3,
      issuer: UNCONFIGURED_ISSUER,
    },
    {
      key: 'accountability',
      type: '问责函',
      level: 3,
      triggers: [{ kind: 'open_after_previous', workingDays: 5 }, { kind: 'unsigned_previous' }, { kind: 'reopened', times: 2 }],
      recipient: { kind: 'office', unitCode: '', name: '' },
      replyWorkingDays: 5,
      issuer: UNCONFIGURED_ISSUER,
      approval: { required: true },
    },
  ],
  handLetters: { issuer: UNCONFIGURED_ISSUER, replyWorkingDays: 5 },
};

/**
 * What a ladder in force lacks before letters can be issued under it, as one message
 * naming every field (e.g. `rungs[0].issuer.name`), or null when it is complete. Any
 * ladder a campaign stores passed {@link checkLadder}; this catches the product's
 * {@link DEFAULT_LADDER}, whose issuers each city configures.
 */
export function ladderNotConfigured(ladder: Ladder): { message: string; problems: LadderProblem[] } | null {
  const problems = checkLadder(ladder);
  if (problems.length === 0) return null;
  return {
    message: `the escalation ladder is not configured: ${problems.map((p) => `ladder.${p.field} (${p.message})`).join('; ')}; set the campaign's ladder (PUT /api/campaigns/{id}/ladder)`,
    problems: problems.map((p) => ({ ...p, field: `ladder.${p.field}` })),
  };
}
