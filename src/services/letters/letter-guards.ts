import type { Executor } from '../../db/database.js';
import { letterRepository, type LetterRow } from '../../db/repositories/letter.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { isValidDay } from '../../domain/calendar/work-calendar.js';
import { rungNeedsApproval, type HandLetters, type Ladder, type Rung, isNamedApprover } from '../../domain/letters/ladder.js';
import type { UnitRow } from '../../db/schema.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import type { Permission } from '../../shared/enums.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';

/**
 * Who may do what with a letter, and the checks of what HQ writes into one: each refusal
 * is the 401/403/404/409/422 the API answers, naming the field.
 */

/** The actor, if they hold `permission` somewhere (401 without a session, 403 without it). */
export function actorWith(ctx: RequestContext, permission: Permission): Actor {
  if (!ctx.actor) throw unauthorized();
  if (!can(ctx.actor, permission)) throw forbidden();
  return ctx.actor;
}

/** A unit by id, or a 422 naming `field`. */
export async function unitOf(db: Executor, id: number, field = 'unitId') {
  const unit = await unitRepository.byId(db, id);
  if (!unit) throw invalid(field, `unit ${id} not found`);
  return unit;
}

/**
 * The letter if the actor may see it (404 otherwise, like cases): HQ anywhere in scope,
 * a unit the letters about it, the office a letter is addressed to that letter, the
 * approver the letters awaiting approval in scope. `sign` is the unit that signs for it.
 */
export async function visibleLetter(
  db: Executor,
  ctx: RequestContext,
  id: number,
): Promise<{ row: LetterRow; actor: Actor; unitPath: string; sign: { id: number; path: string } }> {
  const actor = actorWith(ctx, 'letter.read');
  const row = await letterRepository.byId(db, id);
  const unit = row ? await unitRepository.byId(db, row.unit_id) : undefined;
  const signUnit = row?.sign_unit_id ? await unitRepository.byId(db, row.sign_unit_id) : unit;
  if (!row || !unit || !signUnit) throw notFound('letter', id);
  if (!can(actor, 'letter.read', unit.path) && !can(actor, 'letter.read', signUnit.path)) throw notFound('letter', id);
  // Drafts are HQ's working papers, and a letter awaiting approval is HQ's and the
  // approver's; a unit sees a letter once it is issued.
  if (row.status === 'draft' && !can(actor, 'letter.manage', unit.path)) throw notFound('letter', id);
  if (row.status === 'pending_approval' && !can(actor, 'letter.manage', unit.path) && !can(actor, 'letter.approve', unit.path))
    throw notFound('letter', id);
  return { row, actor, unitPath: unit.path, sign: { id: signUnit.id, path: signUnit.path } };
}

/** Whether the actor may see a letter in a list (the same rules as {@link visibleLetter}). */
export function listable(actor: Actor, row: LetterRow, units: Map<number, UnitRow>): boolean {
  const unit = units.get(row.unit_id);
  if (!unit) return false;
  if (row.status === 'draft') return can(actor, 'letter.manage', unit.path);
  if (row.status === 'pending_approval') return can(actor, 'letter.manage', unit.path) || can(actor, 'letter.approve', unit.path);
  return true;
}

/** What a letter's view says beyond its row (see LetterViewExtras): names, and what the actor may do now. */
export function letterExtras(row: LetterRow, units: Map<number, UnitRow>, ladder: Ladder | null, actor: Actor | null) {
  const unit = units.get(row.unit_id);
  const signUnit = units.get(row.sign_unit_id ?? row.unit_id);
  const pending = row.status === 'pending_approval';
  // Without a configured ladder, the letter's own rung key and type say it (as for a stored rung without the field).
  const rung: Pick<Rung, 'key' | 'type' | 'approval'> | null = row.rung_key
    ? (ladder?.rungs.find((r) => r.key === row.rung_key) ?? { key: row.rung_key, type: row.type })
    : null;
  return {
    signUnitName: signUnit?.name ?? null,
    needsApproval: pending || (row.status === 'draft' && rungNeedsApproval(rung)),
    canApprove: pending && actor !== null && unit !== undefined && can(actor, 'letter.approve', unit.path) && isNamedApprover(rung, actor),
    // The recipient that signs for and replies to it (whether it still has to is in its times).
    canSign: row.status === 'issued' && actor !== null && signUnit !== undefined && can(actor, 'letter.sign', signUnit.path),
  };
}

/** A draft HQ may edit or issue: 409 when it is no draft any more, or when `version` is not current. */
export async function editableDraft(db: Executor, ctx: RequestContext, id: number, version?: number): Promise<LetterRow> {
  actorWith(ctx, 'letter.manage');
  const { row } = await visibleLetter(db, ctx, id);
  if (row.status !== 'draft')
    throw new AppError(409, 'letter_not_draft', `letter ${id} is ${row.status}; only drafts can be edited or issued`);
  if (version !== undefined && version !== row.version)
    throw new AppError(409, 'version_conflict', `letter ${id} was changed by someone else (version ${row.version})`, {
      version: row.version,
    });
  return row;
}

/** The rung a key names in the ladder (422 when unknown); null for no key. */
export function rungOf(ladder: Ladder, key: string | null | undefined): Rung | null {
  if (key === undefined || key === null) return null;
  const rung = ladder.rungs.find((r) => r.key === key);
  if (!rung) throw invalid('rungKey', `no rung ${key} in the escalation ladder`);
  return rung;
}

/**
 * The issuer and series of a hand letter whose type is no rung; a 422 naming `type`
 * when the ladder configures none (a rung's 代字 would give it a rung's numbers).
 */
export function handLettersOf(ladder: Ladder, type: string): HandLetters {
  if (!ladder.handLetters) {
    throw invalidSaid('type', {
      zh: `“${type}”不是督办阶梯中的函件，阶梯也未设置其他函件的发文机关和代字：请选择阶梯中的函件，或先在督办阶梯中设置`,
      en: `${type} is no rung of the escalation ladder, and the ladder names no issuer and 代字 for other letters (handLetters); choose a rung or configure handLetters`,
    });
  }
  return ladder.handLetters;
}

/** Checks the cases of a letter: at least one, none twice, they exist, and lie in the recipient unit's subtree. */
export async function checkCases(db: Executor, caseIds: number[], unitPath: string): Promise<void> {
  if (caseIds.length === 0) throw invalidSaid('caseIds', { zh: '函件须至少涉及一件案卷', en: 'a letter must cover at least one case' });
  if (new Set(caseIds).size !== caseIds.length) throw invalid('caseIds', 'lists a case twice');
  const found = await letterRepository.casesForLetter(db, caseIds);
  const byId = new Map(found.map((c) => [c.id, c]));
  for (const id of caseIds) {
    const c = byId.get(id);
    if (!c) throw invalid('caseIds', `case ${id} not found`);
    if (!c.assigned_unit_path || !c.assigned_unit_path.startsWith(unitPath))
      throw invalidSaid('caseIds', { zh: `案卷 ${c.number} 不由该单位办理`, en: `case ${c.number} is not with this unit` });
  }
}

/** Checks a reply date HQ sets (a China day), if one is given. */
export function checkReplyBy(replyBy: string | null | undefined): void {
  if (replyBy !== undefined && replyBy !== null && !isValidDay(replyBy)) throw invalid('replyBy', 'must be a YYYY-MM-DD date');
}
