import { Tag } from 'antd';
import {
  FRAMEWORK_STATUS_LABELS,
  METHOD_LABELS,
  PLAN_REASON_LABELS,
  POINT_TYPE_LABELS,
  type FrameworkStatus,
  type Method,
  type PlanReason,
  type PointType,
} from '../../../../src/shared/evaluation-enums.js';
import { useI18n } from '../../i18n/i18n.js';

const STATUS_COLORS: Record<FrameworkStatus, string> = { draft: 'orange', published: 'green', archived: 'default' };
const REASON_COLORS: Record<PlanReason, string> = { must_check: 'red', new: 'blue', weak: 'volcano', sampled: 'default' };

/** Label helpers for the evaluation enums (never redefined here). */
export function useEvalText() {
  const { label } = useI18n();
  return {
    pointType: (code: string) => label(POINT_TYPE_LABELS[code as PointType], code),
    method: (code: string | undefined) => (code ? label(METHOD_LABELS[code as Method], code) : ''),
    status: (s: FrameworkStatus) => label(FRAMEWORK_STATUS_LABELS[s], s),
    reason: (r: PlanReason) => label(PLAN_REASON_LABELS[r], r),
  };
}

export function StatusTag({ status }: { status: FrameworkStatus }) {
  const text = useEvalText();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={`fw-status-${status}`}>
      {text.status(status)}
    </Tag>
  );
}

export function ReasonTag({ reason }: { reason: PlanReason }) {
  const text = useEvalText();
  return (
    <Tag color={REASON_COLORS[reason]} data-reason={reason}>
      {text.reason(reason)}
    </Tag>
  );
}
