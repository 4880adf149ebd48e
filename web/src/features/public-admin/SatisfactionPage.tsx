import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Alert, Button, DatePicker, Flex, Form, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { satisfactionApi } from '../../api/satisfaction.js';
import { PageHeader } from '../../components/PageHeader.js';
import { beijingToday, pickerDay, shiftDate } from '../../components/time.js';
import { useApi } from '../../components/useApi.js';
import { useMe } from '../../auth/session.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { SATISFACTION_LABELS, type SatisfactionReview } from '../../../../src/shared/public-enums.js';
import type { SatisfactionReviewItem, UnitSatisfaction } from '../../../../src/shared/contracts/public.contract.js';

/** Colours of the three ratings. */
export const RATING_COLORS = { satisfied: 'green', basically_satisfied: 'blue', dissatisfied: 'red' } as const;

/**
 * 回访复核 (issue 15 point 3): HQ reviews the 不满意 ratings — reopen the case (back to the
 * unit that handled it, fresh deadline) or decline with the reason — and reads the
 * satisfaction rate per unit. Leaders see only the unit table.
 */
export default function SatisfactionPage() {
  const { t } = useI18n();
  const me = useMe();
  const isHq = me.permissions.includes('case.configure');
  const [tab, setTab] = useState(isHq ? 'pending' : 'units');
  const items = [
    ...(isHq
      ? [
          { key: 'pending', label: t('sat.pending'), children: <ReviewTable state="pending" /> },
          { key: 'done', label: t('sat.done'), children: <ReviewTable state="done" /> },
        ]
      : []),
    { key: 'units', label: t('sat.units'), children: <UnitTable /> },
  ];
  return (
    <div data-testid="page-satisfaction">
      <PageHeader title={t('sat.title')} />
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyInactiveTabPane />
    </div>
  );
}

function ReviewTable({ state }: { state: 'pending' | 'done' }) {
  const { t, label } = useI18n();
  const list = useApi(() => satisfactionApi.reviews({ state, pageSize: 200 }), state);
  const [deciding, setDeciding] = useState<{ item: SatisfactionReviewItem; decision: SatisfactionReview } | null>(null);
  return (
    <>
      <Table<SatisfactionReviewItem>
        data-testid={`sat-${state}`}
        rowKey="caseId"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t(state === 'pending' ? 'sat.emptyPending' : 'sat.emptyDone') }}
        onRow={(r) => ({ 'data-testid': `sat-row-${r.number}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('sat.number'),
            dataIndex: 'number',
            render: (_: unknown, r) => <Link to={`/cases/${r.caseId}`}>{r.number}</Link>,
          },
          { title: t('sat.category'), dataIndex: 'categoryName' },
          { title: t('sat.unit'), dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
          {
            title: t('sat.rating'),
            dataIndex: 'rating',
            render: (_: unknown, r) => <Tag color={RATING_COLORS[r.rating]}>{label(SATISFACTION_LABELS[r.rating])}</Tag>,
          },
          {
            title: t('sat.comment'),
            dataIndex: 'comment',
            render: (v: string | null) => <div style={{ overflowWrap: 'anywhere', minWidth: 160, maxWidth: 320 }}>{v ?? '—'}</div>,
          },
          { title: t('sat.ratedAt'), dataIndex: 'ratedAt', render: (v: string) => fmtTime(v) },
          ...(state === 'pending'
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, r: SatisfactionReviewItem) => (
                    <Space wrap>
                      <Button
                        size="small"
                        type="primary"
                        danger
                        onClick={() => setDeciding({ item: r, decision: 'reopened' })}
                        data-testid={`sat-reopen-${r.number}`}
                      >
                        {t('sat.reopen')}
                      </Button>
                      <Button
                        size="small"
                        onClick={() => setDeciding({ item: r, decision: 'declined' })}
                        data-testid={`sat-decline-${r.number}`}
                      >
                        {t('sat.decline')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : [
                {
                  title: t('sat.review'),
                  dataIndex: 'review',
                  render: (v: SatisfactionReview | null) =>
                    v ? <Tag color={v === 'reopened' ? 'orange' : 'default'}>{t(`sat.review.${v}`)}</Tag> : '—',
                },
                {
                  title: t('sat.reviewNote'),
                  dataIndex: 'reviewNote',
                  render: (v: string | null) => <div style={{ overflowWrap: 'anywhere', minWidth: 160, maxWidth: 320 }}>{v ?? '—'}</div>,
                },
                { title: t('sat.reviewedBy'), dataIndex: 'reviewedBy', render: (v: string | null) => v ?? '—' },
                { title: t('sat.reviewedAt'), dataIndex: 'reviewedAt', render: (v: string | null) => fmtTime(v) || '—' },
              ]),
        ]}
      />
      {deciding && (
        <DecisionModal
          item={deciding.item}
          decision={deciding.decision}
          onClose={(saved) => {
            setDeciding(null);
            if (saved) list.reload();
          }}
        />
      )}
    </>
  );
}

/** Reopen or decline, with the note the review keeps (and the reopening's reason). */
function DecisionModal({
  item,
  decision,
  onClose,
}: {
  item: SatisfactionReviewItem;
  decision: SatisfactionReview;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const reopen = decision === 'reopened';
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await satisfactionApi.review(item.caseId, { decision, note: v.note.trim() });
      void message.success(t(reopen ? 'sat.reopened' : 'sat.declined'));
      onClose(true);
    } catch {
      // Shown by the client.
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t(reopen ? 'sat.reopenTitle' : 'sat.declineTitle', { number: item.number })}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okText={t(reopen ? 'sat.reopen' : 'sat.decline')}
      okButtonProps={{ danger: reopen, ...({ 'data-testid': 'sat-decision-ok' } as Record<`data-${string}`, string>) }}
      confirmLoading={busy}
    >
      <Alert
        type={reopen ? 'warning' : 'info'}
        showIcon
        message={t(reopen ? 'sat.reopenHelp' : 'sat.declineHelp')}
        style={{ marginBottom: 12 }}
      />
      {item.comment && (
        <Typography.Paragraph type="secondary" style={{ overflowWrap: 'anywhere' }}>
          {t('sat.comment')}
          {t('common.colon')}
          {item.comment}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('sat.note')} rules={[{ required: true, whitespace: true, message: t('sat.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="sat-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function UnitTable() {
  const { t } = useI18n();
  // Days are Beijing days whatever the browser's zone (the server counts by China dates too).
  const today = beijingToday();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(shiftDate(today, -89)), dayjs(today)]);
  const q = { from: pickerDay(range[0]), to: pickerDay(range[1]) };
  const list = useApi(() => satisfactionApi.units(q), q);
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <span>{t('sat.period')}</span>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          data-testid="sat-range"
        />
      </Flex>
      <Typography.Paragraph type="secondary">{t('sat.rateHelp')}</Typography.Paragraph>
      <Table<UnitSatisfaction>
        data-testid="sat-units"
        rowKey="unitId"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('sat.emptyUnits') }}
        columns={[
          { title: t('sat.unit'), dataIndex: 'unitName' },
          { title: t('sat.rated'), dataIndex: 'rated', align: 'right' },
          { title: t('sat.satisfied'), dataIndex: 'satisfied', align: 'right' },
          { title: t('sat.basically'), dataIndex: 'basicallySatisfied', align: 'right' },
          { title: t('sat.dissatisfied'), dataIndex: 'dissatisfied', align: 'right' },
          {
            title: t('sat.rate'),
            dataIndex: 'rate',
            align: 'right',
            render: (v: number | null) => (
              <Typography.Text strong type={v !== null && v < 0.8 ? 'danger' : undefined}>
                {pct(v)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
