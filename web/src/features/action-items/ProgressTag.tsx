import { Tag } from 'antd';
import { useI18n } from '../../i18n/i18n.js';
import { ACTION_ITEM_PROGRESS_LABELS, type ActionItemProgress } from '../../../../src/shared/action-item-enums.js';

const COLORS: Record<ActionItemProgress, string> = { done: 'green', overdue: 'red', in_progress: 'blue' };

/** 完成 / 逾期 / 进行中 as a coloured tag. */
export function ProgressTag({ progress }: { progress: ActionItemProgress }) {
  const { label } = useI18n();
  return (
    <Tag color={COLORS[progress]} data-testid={`progress-${progress}`}>
      {label(ACTION_ITEM_PROGRESS_LABELS[progress])}
    </Tag>
  );
}
