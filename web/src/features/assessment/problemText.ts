import type { AssessmentProblem } from '../../../../src/shared/contracts/assessment.contract.js';
import { MODEL_PROBLEM_CODES, SCORE_PART_LABELS, type ModelProblemCode } from '../../../../src/shared/assessment-enums.js';
import { UNIT_KIND_LABELS } from '../../../../src/shared/labels.js';
import type { LabelFunction, TFunction } from '../../i18n/keys.js';
import type { MessageKey } from '../../i18n/zh-CN.js';

/**
 * A problem the server named (422 `details.problems`): the field path, the code and params
 * to say it in the UI's language, and the English message. Code and params are optional: a
 * 422 without problems is shown by its message alone.
 */
export type Problem = Pick<AssessmentProblem, 'field' | 'message'> & { code?: string; params?: AssessmentProblem['params'] };

/** The i18n functions (useI18n), from the plain-TypeScript keys module so node tests can import this. */
type Translate = TFunction;
type Label = LabelFunction;

/** What turns a problem's params into words: the i18n functions and the names of groups and units. */
export interface ProblemTextContext {
  t: Translate;
  label: Label;
  /** The name of the model's group at a 0-based index, as HQ sees it. */
  groupName: (index: number) => string;
  unitName: (id: number) => string;
}

const isCode = (code: string | undefined): code is ModelProblemCode =>
  code !== undefined && (MODEL_PROBLEM_CODES as readonly string[]).includes(code);

/** The message key of a problem code. */
export const problemKey = (code: ModelProblemCode): MessageKey => `assess.problem.${code}`;

/** A `kind` param in words: a unit kind or a component by its label; an unknown kind (JSON-quoted) as given. */
function kindText(code: ModelProblemCode, kind: string, label: Label): string {
  if (code === 'unit_kind_taken') return label(UNIT_KIND_LABELS[kind as keyof typeof UNIT_KIND_LABELS], kind);
  if (code === 'duplicate_component') return label(SCORE_PART_LABELS[kind as keyof typeof SCORE_PART_LABELS], kind);
  return kind;
}

/**
 * A problem in the UI's language: `assess.problem.<code>` with its params, the kinds it
 * names as labels, groups and units by name and item indexes counted from 1. A code this
 * web does not know (a newer server) falls back to the server's English message.
 */
export function problemText(p: Problem, ctx: ProblemTextContext): string {
  if (!isCode(p.code)) return p.message;
  const vars: Record<string, string | number> = { ...p.params };
  if (typeof vars.kind === 'string') vars.kind = kindText(p.code, vars.kind, ctx.label);
  if (typeof vars.group === 'number') vars.group = ctx.groupName(vars.group);
  if (typeof vars.unit === 'number') vars.unit = ctx.unitName(vars.unit);
  if (typeof vars.other === 'number') vars.other = vars.other + 1;
  return ctx.t(problemKey(p.code), vars);
}
