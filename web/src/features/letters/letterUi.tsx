import { Tag } from 'antd';
import { useI18n, type TFunction } from '../../i18n/i18n.js';
import type { Recipient, Trigger } from '../../../../src/shared/contracts/letters.contract.js';
import { LETTER_STATE_LABELS, type LetterStateValue } from '../../../../src/shared/letter-enums.js';

/** Tag colours of letter states: open ones blue, done green, overdue red, the rest grey. */
const STATE_COLORS: Record<LetterStateValue, string> = {
  draft: 'default',
  pending_approval: 'orange',
  issued: 'blue',
  delivered: 'geekblue',
  signed: 'cyan',
  replied: 'green',
  overdue: 'red',
  withdrawn: 'default',
};

export function LetterStateTag({ state }: { state: LetterStateValue }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="letter-state" data-state={state}>
      {label(LETTER_STATE_LABELS[state], state)}
    </Tag>
  );
}

/** A trigger of the ladder in words, e.g. 超期满 1 个工作日. */
export function triggerText(tr: Trigger, t: TFunction): string {
  switch (tr.kind) {
    case 'overdue':
      return tr.workingDays === 0 ? t('letter.trigger.overdue0') : t('letter.trigger.overdue', { n: tr.workingDays });
    case 'open_after_previous':
      return t('letter.trigger.openAfterPrevious', { n: tr.workingDays });
    case 'unsigned_previous':
      return t('letter.trigger.unsignedPrevious');
    case 'repeat_at_point':
      return t('letter.trigger.repeatAtPoint', { n: tr.minCases, d: tr.windowDays });
    case 'reopened':
      return t('letter.trigger.reopened', { n: tr.times });
    default:
      // A kind added on the server before the web knows it: show it raw rather than nothing.
      return JSON.stringify(tr);
  }
}

/** Who a rung's letters go to, in words. */
export function recipientText(r: Recipient, t: TFunction): string {
  switch (r.kind) {
    case 'unit_head':
      return t('letter.recipient.unitHead');
    case 'leader_in_charge':
      return t('letter.recipient.leaderInCharge');
    case 'office':
      return `${r.name}${t('common.paren', { x: r.unitCode })}`;
    default:
      return JSON.stringify(r);
  }
}
