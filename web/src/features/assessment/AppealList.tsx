import { Button, List, Space, Tag, Typography } from 'antd';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import type { AssessmentAppeal } from '../../../../src/shared/contracts/assessment.contract.js';
import { APPEAL_STATUS_LABELS, type AppealStatus } from '../../../../src/shared/assessment-enums.js';

export const APPEAL_COLORS: Record<AppealStatus, string> = { pending: 'orange', accepted: 'green', rejected: 'red' };

/** Appeals with their items, reason, status and HQ's answer (a unit's own, on 我的考核). */
export function AppealList({
  appeals,
  loading,
  onOpenRun,
}: {
  appeals: AssessmentAppeal[];
  loading: boolean;
  onOpenRun?: (runId: number) => void;
}) {
  const { t, label } = useI18n();
  return (
    <List<AssessmentAppeal>
      loading={loading}
      dataSource={appeals}
      locale={{ emptyText: t('assess.appeal.empty') }}
      renderItem={(a) => (
        <List.Item data-testid={`appeal-item-${a.id}`} data-status={a.status}>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap>
              <Tag color={APPEAL_COLORS[a.status]}>{label(APPEAL_STATUS_LABELS[a.status])}</Tag>
              <Typography.Text type="secondary">{`${a.createdByName ?? ''} ${fmtTime(a.createdAt)}`}</Typography.Text>
            </Space>
            <Typography.Text>
              {t('assess.appeal.items')}：{a.items.map((i) => i.label).join('；')}
            </Typography.Text>
            <Typography.Text>
              {t('assess.appeal.reason')}：{a.reason}
            </Typography.Text>
            {a.status !== 'pending' && (
              <Typography.Text type={a.status === 'accepted' ? 'success' : 'danger'} data-testid="appeal-answer">
                {t('assess.appeal.answer', { who: a.decidedByName ?? '', at: fmtTime(a.decidedAt) })}
                {a.decisionReason ?? ''}
              </Typography.Text>
            )}
            {a.correctedRunId !== null && onOpenRun && (
              <Button
                size="small"
                type="link"
                style={{ padding: 0 }}
                onClick={() => onOpenRun(a.correctedRunId!)}
                data-testid="appeal-corrected"
              >
                {t('assess.appeal.seeCorrected')}
              </Button>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}
