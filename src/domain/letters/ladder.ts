/**
 * The escalation ladder (督查督办, DOMAIN.md §3.4): the rungs of official letters a
 * campaign's HQ issues when cases are not handled — 提醒函 → 督办函 → 问责函, more rungs
 * allowed — each with the triggers that fire it, its recipient, the reply deadline
 * it sets and its issuer with the 机关代字 its numbers carry.
 *
 * The ladder is configuration typed in by HQ, so {@link checkLadder} is written
 * defensively against any JSON and names the offending field, ready for a 422.
 */

import type { HandLetters, Issuer, Ladder, LadderProblem, Recipient, Rung, Trigger } from '../../shared/contracts/letters.contract.js';
import type { LadderProblemCode } from '../../shared/letter-enums.js';
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

/**
 * A configuration error: the field path (e.g. `rungs[1].recipient`), a stable code and the
 * values the message quotes (for clients to say it in their language), and the English message.
 */
export type { LadderProblem };

/** A problem without its field: what is wrong (code, the values it quotes, the English sentence). */
export type ProblemDetail = Omit<LadderProblem, 'field'>;

/**
 * A problem's detail. The code and params are what clients translate; the English message
 * quotes the same params, so both say the same thing.
 */
export function problem(code: LadderProblemCode, message: string, params: LadderProblem['params'] = {}): ProblemDetail {
  return { code, params, message };
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
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** Problem with a whole-number setting, or null. */
function countProblem(v: unknown, min: number, max: number): ProblemDetail | null {
  if (typeof v !== 'number' || !Number.isInteger(v))
    return problem('not_whole', `must be a whole number, got ${show(v)}`, { value: show(v) });
  if (v < min)
    return v < 0
      ? problem('negative', `must not be negative, got ${v}`, { value: v })
      : problem('below_min', `must be at least ${min}, got ${v}`, { min, value: v });
  if (v > max) return problem('above_max', `must be at most ${max}, got ${v}`, { max, value: v });
  return null;
}

type Add = (field: string, detail: ProblemDetail | null) => void;

/** An `Add` that prefixes `path` to the field and skips nulls. */
const adder =
  (path: string, out: LadderProblem[]): Add =>
  (field, detail) => {
    if (detail !== null) out.push({ field: `${path}${field}`, ...detail });
  };

function checkTrigger(t: unknown, path: string, firstRung: boolean, out: LadderProblem[]): void {
  const add = adder(path, out);
  if (!isObject(t)) return add('', problem('trigger_not_object', 'must be an object with a kind'));
  const kind = t.kind;
  if (typeof kind !== 'string' || !(TRIGGER_KINDS as readonly string[]).includes(kind)) {
    return add(
      '.kind',
      problem('trigger_kind_unknown', `unknown trigger kind ${show(kind)}; expected one of ${TRIGGER_KINDS.join(', ')}`, {
        kind: show(kind),
      }),
    );
  }
  if (firstRung && (CHAINED_TRIGGER_KINDS as readonly string[]).includes(kind)) {
    add(
      '.kind',
      problem('trigger_needs_previous', `${kind} refers to the previous rung's letter and cannot be used on the first rung`, { kind }),
    );
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
  const add = adder(path, out);
  if (!isObject(r)) return add('', problem('recipient_missing', 'a rung needs a recipient (unit_head, leader_in_charge or office)'));
  if (typeof r.kind !== 'string' || !(RECIPIENT_KINDS as readonly string[]).includes(r.kind))
    return add(
      '.kind',
      problem('recipient_kind_unknown', `unknown recipient kind ${show(r.kind)}; expected one of ${RECIPIENT_KINDS.join(', ')}`, {
        kind: show(r.kind),
      }),
    );
  if (r.kind === 'office') {
    if (!hasText(r.unitCode)) add('.unitCode', problem('office_code_missing', 'an office recipient needs the unit code of that office'));
    if (!hasText(r.name)) add('.name', problem('office_name_missing', 'an office recipient needs its name as printed on the letter'));
  }
}

function checkIssuer(i: unknown, path: string, out: LadderProblem[]): void {
  const add = adder(path, out);
  if (!isObject(i)) return add('', problem('issuer_missing', 'a rung needs an issuer with a name and a 机关代字'));
  if (!hasText(i.name)) add('.name', problem('issuer_name_missing', 'the issuer name must not be empty'));
  if (!hasText(i.code)) add('.code', problem('issuer_code_missing', 'the 机关代字 must not be empty'));
  else if (CODE_FORBIDDEN.test(i.code))
    add('.code', problem('issuer_code_invalid', 'the 机关代字 must not contain spaces, digits, brackets or 号'));
}

/** Problems with the issuer of hand letters: a valid issuer whose 代字 no rung uses, a reply time. */
function checkHandLetters(h: unknown, rungs: unknown[], out: LadderProblem[]): void {
  const add = adder('handLetters', out);
  if (!isObject(h)) return add('', problem('hand_letters_not_object', 'must be an object with an issuer and replyWorkingDays'));
  checkIssuer(h.issuer, 'handLetters.issuer', out);
  add('.replyWorkingDays', countProblem(h.replyWorkingDays, 1, MAX_REPLY_WORKING_DAYS));
  if (!isObject(h.issuer) || !hasText(h.issuer.code)) return;
  const code = h.issuer.code;
  const i = rungs.findIndex((r) => isObject(r) && isObject(r.issuer) && r.issuer.code === code);
  if (i >= 0) {
    const type = String((rungs[i] as { type?: unknown }).type);
    add(
      '.issuer.code',
      problem(
        'hand_code_taken',
        `机关代字 ${code} is already used for ${type} (rungs[${i}]); letters of other types need a 代字 of their own or numbers would repeat`,
        { code, type, rung: i },
      ),
    );
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
 * `handLetters` issuer, whose 代字 must be no rung's. Each problem carries a code from
 * LADDER_PROBLEM_CODES and the values it quotes.
 *
 * @param ladder untrusted input, typed as a ladder for the caller's convenience.
 */
export function checkLadder(ladder: Ladder): LadderProblem[] {
  const out: LadderProblem[] = [];
  const top = (detail: ProblemDetail): LadderProblem[] => [{ field: 'rungs', ...detail }];
  const input: unknown = ladder;
  if (!isObject(input) || !Array.isArray(input.rungs)) return top(problem('rungs_missing', 'a ladder needs a list of rungs'));
  const rungs: unknown[] = input.rungs;
  if (rungs.length === 0) return top(problem('rungs_empty', 'a ladder needs at least one rung'));
  if (rungs.length > MAX_RUNGS) return top(problem('rungs_too_many', `a ladder has at most ${MAX_RUNGS} rungs`, { max: MAX_RUNGS }));
  if (input.handLetters !== undefined) checkHandLetters(input.handLetters, rungs, out);

  const levels = rungs.map((r) => (isObject(r) ? r.level : undefined));
  const validLevels = levels.filter((l): l is number => typeof l === 'number' && Number.isInteger(l) && l >= 1);
  const lowest = validLevels.length ? Math.min(...validLevels) : 1;
  const keys = new Map<string, number>();
  const levelSeen = new Map<number, number>();
  const codeTypes = new Map<string, { type: string; index: number }>();

  rungs.forEach((r, i) => {
    const path = `rungs[${i}]`;
    const add = adder(path, out);
    if (!isObject(r)) return add('', problem('rung_not_object', 'a rung must be an object'));
    const otherKey = keys.get(r.key as string);
    if (typeof r.key !== 'string' || !KEY_PATTERN.test(r.key))
      add('.key', problem('key_invalid', 'the key must be 1–40 lower-case letters, digits, _ or -, starting with a letter'));
    else if (otherKey !== undefined)
      add('.key', problem('duplicate_key', `duplicate key ${r.key} (also rungs[${otherKey}])`, { key: r.key, rung: otherKey }));
    else keys.set(r.key, i);

    if (!hasText(r.type)) add('.type', problem('type_missing', 'the letter type (e.g. 提醒函) must not be empty'));

    const lp = countProblem(r.level, 1, MAX_RUNGS);
    const otherLevel = levelSeen.get(r.level as number);
    if (lp !== null) add('.level', lp);
    else if (otherLevel !== undefined)
      add(
        '.level',
        problem('duplicate_level', `duplicate level ${String(r.level)} (also rungs[${otherLevel}])`, {
          level: r.level as number,
          rung: otherLevel,
        }),
      );
    else {
      levelSeen.set(r.level as number, i);
      if ((r.level as number) > rungs.length)
        add(
          '.level',
          problem('level_gap', `levels must be 1..${rungs.length} without gaps, got ${String(r.level)}`, {
            max: rungs.length,
            value: r.level as number,
          }),
        );
    }

    if (!Array.isArray(r.triggers))
      add('.triggers', problem('triggers_not_list', 'triggers must be a list (empty for a rung issued only by hand)'));
    else r.triggers.forEach((t: unknown, j: number) => checkTrigger(t, `${path}.triggers[${j}]`, r.level === lowest, out));

    checkRecipient(r.recipient, `${path}.recipient`, out);

    add('.replyWorkingDays', countProblem(r.replyWorkingDays, 1, MAX_REPLY_WORKING_DAYS));

    checkIssuer(r.issuer, `${path}.issuer`, out);
    if (r.approval !== undefined && (!isObject(r.approval) || typeof r.approval.required !== 'boolean'))
      add('.approval.required', problem('approval_invalid', 'approval must be { required: true | false }'));
    else if (isObject(r.approval) && r.approval.approver !== undefined) {
      if (!hasText(r.approval.approver))
        add('.approval.approver', problem('approver_invalid', "must be the approving leader's username (or left out)"));
      else if (r.approval.required !== true)
        add('.approval.approver', problem('approver_without_approval', 'names an approver for a rung whose letters need no approval'));
    }
    if (isObject(r.issuer) && hasText(r.issuer.code) && hasText(r.type)) {
      const code = r.issuer.code;
      const seen = codeTypes.get(code);
      if (seen === undefined) codeTypes.set(code, { type: r.type, index: i });
      else if (seen.type !== r.type) {
        add(
          '.issuer.code',
          problem(
            'code_taken',
            `机关代字 ${code} is already used for ${seen.type} (rungs[${seen.index}]); each letter type needs its own 代字 or numbers would repeat`,
            { code, type: seen.type, rung: seen.index },
          ),
        );
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
