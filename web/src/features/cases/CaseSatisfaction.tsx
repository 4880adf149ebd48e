import { useState } from 'react';
import { App as AntApp, Button, Card, Flex, Input, Radio, Space, Tag, Typography } from 'antd';
import { satisfactionApi } from '../../api/satisfaction.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { SATISFACTION_LABELS, SATISFACTION_RATINGS, type SatisfactionRating } from '../../../../src/shared/public-enums.js';
import type { CaseDetail } from '../../../../src/shared/contracts/cases.contract.js';

const COLORS: Record<SatisfactionRating, string> = { satisfied: 'green', basically_satisfied: 'blue', dissatisfied: 'red' };

/**
 * Issue 15 on the case page: the reporter's 回访 rating (and HQ's review of a 不满意), or, for
 * the logged-in reporter of a closed case not yet rated, the form to rate it.
 */
export function CaseSatisfaction({ d, onDone }: { d: CaseDetail; onDone: () => void }) {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const [rating, setRating] = useState<SatisfactionRating>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const s = d.satisfaction;

  if (s) {
    return (
      <Card title={t('sat.caseRating')} style={{ marginBottom: 16 }} data-testid="case-satisfaction">
        <Flex gap={8} wrap align="center">
          <Tag color={COLORS[s.rating]} data-testid="case-satisfaction-rating" data-rating={s.rating}>
            {label(SATISFACTION_LABELS[s.rating])}
          </Tag>
          <Typography.Text type="secondary">{fmtTime(s.ratedAt)}</Typography.Text>
          {s.review && (
            <Tag color={s.review === 'reopened' ? 'orange' : 'default'}>
              {t('sat.caseReviewed', { review: t(`sat.review.${s.review}`) })}
            </Tag>
          )}
        </Flex>
        {s.comment && <Typography.Paragraph style={{ margin: '8px 0 0', overflowWrap: 'anywhere' }}>{s.comment}</Typography.Paragraph>}
        {s.reviewNote && (
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', overflowWrap: 'anywhere' }}>
            {t('sat.reviewNote')}
            {t('common.colon')}
            {s.reviewNote}
          </Typography.Paragraph>
        )}
      </Card>
    );
  }
  if (!d.canRate) return null;

  async function submit() {
    if (!rating) return;
    setBusy(true);
    try {
      await satisfactionApi.rateOwn(d.id, { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      void message.success(t('sat.rateOwnDone'));
      onDone();
    } catch {
      // Shown by the client.
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title={t('sat.rateOwn')} style={{ marginBottom: 16 }} data-testid="case-rate-own">
      <Typography.Paragraph type="secondary">{t('sat.rateOwnHelp')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={rating}
          onChange={(e) => setRating(e.target.value as SatisfactionRating)}
          optionType="button"
          buttonStyle="solid"
        >
          {SATISFACTION_RATINGS.map((r) => (
            <Radio.Button key={r} value={r} data-testid={`rate-${r}`}>
              {label(SATISFACTION_LABELS[r])}
            </Radio.Button>
          ))}
        </Radio.Group>
        <Input.TextArea
          rows={2}
          maxLength={500}
          showCount
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={t('sat.commentPlaceholder')}
        />
        <Button type="primary" disabled={!rating} loading={busy} onClick={() => void submit()} data-testid="rate-submit">
          {t('sat.rateOwnSubmit')}
        </Button>
      </Space>
    </Card>
  );
}
