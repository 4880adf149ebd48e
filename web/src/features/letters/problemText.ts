import type { LadderProblem } from '../../../../src/shared/contracts/letters.contract.js';
import { LADDER_PROBLEM_CODES, TRIGGER_KIND_LABELS, type LadderProblemCode } from '../../../../src/shared/letter-enums.js';
import type { LabelFunction, TFunction } from '../../i18n/keys.js';
import type { MessageKey } from '../../i18n/zh-CN.js';

/**
 * A problem the server named in a ladder (422 `details.problems`): the field path, the code
 * and params to say it in the UI's language, and the English message. Code and params are
 * optional: a 422 without problems, or a problem the web finds itself (bad JSON), is shown by
 * its message alone.
 */
export type Problem = Pick<LadderProblem, 'field' | 'message'> & { code?: string; params?: LadderProblem['params'] };

/** The i18n functions (useI18n), from the plain-TypeScript keys module so node tests can import this. */
type Translate = TFunction;
type Label = LabelFunction;

/** What turns a problem's params into words: the i18n functions and the names of the rungs. */
export interface LadderProblemTextContext {
  t: Translate;
  label: Label;
  /** The name of the ladder's rung at a 0-based index, as HQ typed it (see {@link rungNames}). */
  rungName: (index: number) => string;
}

const isCode = (code: string | undefined): code is LadderProblemCode =>
  code !== undefined && (LADDER_PROBLEM_CODES as readonly string[]).includes(code);

/** The message key of a problem code. */
export const ladderProblemKey = (code: LadderProblemCode): MessageKey => `letter.problem.${code}`;

/**
 * A problem in the UI's language: `letter.problem.<code>` with its params, a trigger kind by
 * its name and another rung by its letter type. A code this web does not know (a newer
 * server) falls back to the server's English message.
 */
export function ladderProblemText(p: Problem, ctx: LadderProblemTextContext): string {
  if (!isCode(p.code)) return p.message;
  const vars: Record<string, string | number> = { ...p.params };
  // Only a known kind is named; an unknown one (JSON-quoted) is quoted as typed.
  if (p.code === 'trigger_needs_previous' && typeof vars.kind === 'string')
    vars.kind = ctx.label(TRIGGER_KIND_LABELS[vars.kind as keyof typeof TRIGGER_KIND_LABELS], vars.kind);
  if (typeof vars.rung === 'number') vars.rung = ctx.rungName(vars.rung);
  return ctx.t(ladderProblemKey(p.code), vars);
}

/**
 * Where in the ladder a problem is, in words: the rung its field is in (by letter type), the
 * letters of other types (`handLetters`), or null for the ladder as a whole or an unknown path.
 */
export function ladderProblemPlace(field: string, ctx: Pick<LadderProblemTextContext, 't' | 'rungName'>): string | null {
  const rung = /^(?:ladder\.)?rungs\[(\d+)\]/.exec(field);
  if (rung) return ctx.rungName(Number(rung[1]));
  if (/^(?:ladder\.)?handLetters(?:\.|$)/.test(field)) return ctx.t('letter.ladder.handLetters');
  return null;
}

/**
 * The rung names of a ladder as sent (any JSON): a rung by its letter type, or by its
 * position (from 1) while it has none.
 */
export function rungNames(sent: unknown, t: Translate): (index: number) => string {
  const rungs: unknown = typeof sent === 'object' && sent !== null ? (sent as { rungs?: unknown }).rungs : undefined;
  return (i) => {
    const r: unknown = Array.isArray(rungs) ? rungs[i] : undefined;
    const type: unknown = typeof r === 'object' && r !== null ? (r as { type?: unknown }).type : undefined;
    return typeof type === 'string' && type.trim() ? type.trim() : t('letter.ladder.rungN', { n: i + 1 });
  };
}
