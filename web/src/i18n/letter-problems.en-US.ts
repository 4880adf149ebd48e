import type { LadderProblemCode } from '../../../src/shared/letter-enums.js';

/**
 * English text of each problem the server finds in an escalation ladder, merged into
 * letters.en-US.ts (see letter-problems.zh-CN.ts). Worded for HQ's editor, not for
 * integrators (the server's `message` is theirs).
 */
export const ladderProblemsEnUS: Record<`letter.problem.${LadderProblemCode}`, string> = {
  'letter.problem.not_whole': 'Must be a whole number (got {value})',
  'letter.problem.negative': 'Must not be negative (got {value})',
  'letter.problem.below_min': 'Must be at least {min} (got {value})',
  'letter.problem.above_max': 'Must be at most {max} (got {value})',
  'letter.problem.rungs_missing': 'The ladder needs a list of rungs',
  'letter.problem.rungs_empty': 'The ladder needs at least one rung',
  'letter.problem.rungs_too_many': 'At most {max} rungs',
  'letter.problem.rung_not_object': 'The rung is malformed',
  'letter.problem.key_invalid': 'The key must be 1–40 lower-case letters, digits, _ or -, starting with a letter',
  'letter.problem.duplicate_key': 'The key {key} is already used by “{rung}”',
  'letter.problem.type_missing': 'The letter type (e.g. 提醒函) must not be empty',
  'letter.problem.duplicate_level': 'Level {level} is already used by “{rung}”',
  'letter.problem.level_gap': 'Levels must run from 1 to {max} without gaps, got {value}',
  'letter.problem.triggers_not_list': 'Triggers must be a list (empty for a letter drafted only by hand)',
  'letter.problem.approval_invalid': 'The approval setting must say whether approval is required',
  'letter.problem.approver_invalid': "The approver must be the approving leader's username (or left out)",
  'letter.problem.approver_without_approval': 'Letters of this rung need no approval, so no approver can be named',
  'letter.problem.code_taken':
    'The issuer code {code} is already used for {type}; each letter type needs its own code or numbers would repeat',
  'letter.problem.trigger_not_object': 'The trigger is malformed',
  'letter.problem.trigger_kind_unknown': 'Unknown trigger {kind}',
  'letter.problem.trigger_needs_previous': '“{kind}” depends on the previous letter and cannot be used on the first rung',
  'letter.problem.recipient_missing': 'Choose a recipient (head of the unit, leader in charge or an office)',
  'letter.problem.recipient_kind_unknown': 'Unknown recipient {kind}',
  'letter.problem.office_code_missing': 'An office recipient needs the unit code of that office',
  'letter.problem.office_name_missing': 'An office recipient needs its name as printed on the letter',
  'letter.problem.office_not_found': 'No unit has the code {code}',
  'letter.problem.issuer_missing': 'Set the issuer and its issuer code (机关代字)',
  'letter.problem.issuer_name_missing': 'The issuer name must not be empty',
  'letter.problem.issuer_code_missing': 'The issuer code (机关代字) must not be empty',
  'letter.problem.issuer_code_invalid': 'The issuer code must not contain spaces, digits, brackets or 号',
  'letter.problem.hand_letters_not_object': 'The settings for letters of other types need an issuer and a reply time',
  'letter.problem.hand_code_taken':
    'The issuer code {code} is already used for {type}; letters of other types need a code of their own or numbers would repeat',
};
