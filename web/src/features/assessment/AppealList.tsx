import { Button, List, Space, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { assessmentApi } from '../../api/assessment.js';
import type { AssessmentAppeal } from '../../../../src/shared/contracts/assessment-appeals.contract.js';
import { APPEAL_STATUS_LABELS, type AppealStatus } from '../../../../src/shared/assessment-enums.js';

export const APPEAL_COLORS: Record<AppealStatus, string> = { pending: 'orange', accepted: 'green', rejected: 'red' };

/** An appeal's evidence files as links (each opens in a new tab; PDFs in the browser's viewer). */
export function AppealFiles({ appeal, labelled = true }: { appeal: AssessmentAppeal; labelled?: boolean }) {
  const { t } = useI18n();
  return (
    <Space wrap size={4} data-testid={`appeal-files-${appeal.id}`}>
      {labelled && <Typography.Text>{t('assess.appeal.attachments')}：</Typography.Text>}
      {appeal.files.map((f, i) => (
        <Typography.Link key={f.id} href={assessmentApi.appealFileUrl(appeal.id, f.id)} target="_blank" rel="noopener">
          <PaperClipOutlined /> {f.name ?? `${t('assess.appeal.attachments')}${i + 1}`}
        </Typography.Link>
      ))}
    </Space>
  );
}

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
              {t('assess.appeal.items')}
              {t('common.colon')}
              {a.items.map((i) => i.label).join(t('common.clauseSep'))}
            </Typography.Text>
            <Typography.Text>
              {t('assess.appeal.reason')}
              {t('common.colon')}
              {a.reason}
            </Typography.Text>
            {a.files.length > 0 && <AppealFiles appeal={a} />}
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
