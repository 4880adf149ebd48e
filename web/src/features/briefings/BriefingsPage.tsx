import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App as AntApp, Button, DatePicker, Descriptions, Drawer, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { pickerDay } from '../../components/time.js';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { briefingsApi } from '../../api/briefings.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useMe } from '../../auth/session.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import type { Briefing, BriefingSummary } from '../../../../src/shared/contracts/briefings.contract.js';
import type { ActionItemProgress } from '../../../../src/shared/action-item-enums.js';
import { ActionItemsPanel } from '../action-items/ActionItemsPanel.js';
import { ProgressTag } from '../action-items/ProgressTag.js';
import { fmtDeadline } from '../action-items/deadline.js';
import {
  BRIEFING_PERIOD_KINDS,
  BRIEFING_PERIOD_LABELS,
  BRIEFING_STATUS_LABELS,
  type BriefingPeriodKind,
} from '../../../../src/shared/briefing-enums.js';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/**
 * 周例会通报: the list of briefings; HQ (`briefing.manage`) generates a draft for a week
 * (default the last full one) or chosen days, edits 形势分析 and 下步工作, and publishes it
 * as 第N期; everyone who may read opens one (drawer at `?id=`) and downloads DOCX or PDF.
 */
export default function BriefingsPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const canManage = me.permissions.includes('briefing.manage');
  const list = useApi(() => briefingsApi.list(), 'briefings');
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const [kind, setKind] = useState<BriefingPeriodKind>('week');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setBusy(true);
    try {
      const b = await briefingsApi.generate({
        periodKind: kind,
        from: from || undefined,
        to: kind === 'custom' ? to || undefined : undefined,
      });
      list.reload();
      setParams({ id: String(b.id) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="page-briefings">
      <PageHeader title={t('briefing.title')}>
        {canManage && (
          <Flex gap={8} wrap align="center">
            <Select
              data-testid="briefing-kind"
              value={kind}
              onChange={setKind}
              style={{ width: 110 }}
              options={BRIEFING_PERIOD_KINDS.map((k) => ({ value: k, label: label(BRIEFING_PERIOD_LABELS[k]) }))}
            />
            <DatePicker
              data-testid="briefing-from"
              value={from ? dayjs(from) : null}
              onChange={(d: Dayjs | null) => setFrom(d ? pickerDay(d) : '')}
              placeholder={t('briefing.from')}
              style={{ width: 160 }}
            />
            {kind === 'custom' && (
              <DatePicker
                data-testid="briefing-to"
                value={to ? dayjs(to) : null}
                onChange={(d: Dayjs | null) => setTo(d ? pickerDay(d) : '')}
                placeholder={t('briefing.to')}
                style={{ width: 160 }}
              />
            )}
            <Button type="primary" icon={<PlusOutlined />} loading={busy} onClick={() => void generate()} data-testid="briefing-generate">
              {t('briefing.generate')}
            </Button>
            <Typography.Text type="secondary">{t('briefing.lastWeek')}</Typography.Text>
          </Flex>
        )}
      </PageHeader>
      <Table<BriefingSummary>
        rowKey="id"
        scroll={{ x: 720 }}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('briefing.empty') }}
        pagination={false}
        columns={[
          {
            title: t('briefing.number'),
            dataIndex: 'numberText',
            width: 140,
            render: (n: string | null, b) => (
              <a onClick={() => setParams({ id: String(b.id) })} data-testid={`briefing-open-${b.id}`}>
                {n ?? t('briefing.draft')}
              </a>
            ),
          },
          { title: t('briefing.subject'), dataIndex: 'title' },
          { title: t('briefing.period'), key: 'period', width: 200, render: (_, b) => `${b.from} ~ ${b.to}` },
          {
            title: t('briefing.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: BriefingSummary['status']) => (
              <Tag color={s === 'published' ? 'green' : 'default'}>{label(BRIEFING_STATUS_LABELS[s])}</Tag>
            ),
          },
          { title: t('briefing.publishedAt'), dataIndex: 'publishedAt', width: 170, render: (x: string | null) => (x ? fmtTime(x) : '') },
        ]}
      />
      <Drawer
        open={openId !== null}
        width={Math.min(900, window.innerWidth)}
        onClose={() => setParams({})}
        destroyOnClose
        title={t('briefing.title')}
      >
        {openId !== null && <BriefingDetail id={openId} canManage={canManage} onChanged={list.reload} />}
      </Drawer>
    </div>
  );
}

function BriefingDetail({ id, canManage, onChanged }: { id: number; canManage: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const { message, modal } = AntApp.useApp();
  const loaded = useApi(() => briefingsApi.get(id), id);
  const [b, setB] = useState<Briefing>();
  const [situation, setSituation] = useState('');
  const [nextSteps, setNextSteps] = useState('');
  // The save button waits for its answer: a second click would send the version just replaced (409).
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!loaded.data) return;
    setB(loaded.data);
    setSituation(loaded.data.commentary.situation.join('\n'));
    setNextSteps(loaded.data.commentary.nextSteps.join('\n'));
  }, [loaded.data]);
  if (!b) return null;
  const draft = b.status === 'draft' && canManage;
  const canAssign = me.permissions.includes('action_item.manage');
  const lines = (s: string) =>
    s
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean);

  const save = async (): Promise<Briefing> => {
    const next = await briefingsApi.edit(b.id, {
      version: b.version,
      commentary: { situation: lines(situation), nextSteps: lines(nextSteps) },
    });
    setB(next);
    onChanged();
    return next;
  };
  const publish = () =>
    modal.confirm({
      content: t('briefing.publishConfirm'),
      onOk: async () => {
        const saved = await save();
        const done = await briefingsApi.publish(saved.id, saved.version);
        setB(done);
        onChanged();
        void message.success(t('briefing.published', { number: done.numberText ?? '' }));
      },
    });

  const h = b.content.headline;
  const figures = [
    ['newCases', h.current.newCases, h.previous.newCases, h.change.newCases],
    ['handled', h.current.handled, h.previous.handled, h.change.handled],
    ['closed', h.current.closed, h.previous.closed, h.change.closed],
    ['处置率', pct(h.current.disposalRate), pct(h.previous.disposalRate), h.change.disposalRate ?? '—'],
    ['按期处置率', pct(h.current.onTimeDisposalRate), pct(h.previous.onTimeDisposalRate), h.change.onTimeDisposalRate ?? '—'],
    ['超期待处置', h.current.overduePending, h.previous.overduePending, h.change.overduePending],
  ].map(([k, cur, prev, ch]) => ({ k: String(k), cur: String(cur), prev: String(prev), ch: String(ch) }));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="briefing-detail">
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="briefing-title">
        {b.title}
      </Typography.Title>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('briefing.number')}>
          <span data-testid="briefing-number">{b.numberText ?? t('briefing.draft')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('briefing.period')}>{`${b.from} ~ ${b.to}`}</Descriptions.Item>
        {b.status === 'published' && <Descriptions.Item label={t('briefing.hash')}>{b.snapshotHash.slice(0, 16)}…</Descriptions.Item>}
      </Descriptions>
      <Space>
        <Button icon={<DownloadOutlined />} onClick={() => void briefingsApi.download(b.id, 'docx')} data-testid="briefing-docx">
          {t('briefing.docx')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => void briefingsApi.download(b.id, 'pdf')} data-testid="briefing-pdf">
          {t('briefing.pdf')}
        </Button>
        {draft && (
          <Button
            loading={saving}
            onClick={() => {
              setSaving(true);
              void save()
                .then(() => message.success(t('briefing.saved')))
                .catch(() => undefined) // toasted by the client
                .finally(() => setSaving(false));
            }}
            data-testid="briefing-save"
          >
            {t('briefing.save')}
          </Button>
        )}
        {draft && (
          <Button type="primary" onClick={() => void publish()} data-testid="briefing-publish">
            {t('briefing.publish')}
          </Button>
        )}
      </Space>
      <Typography.Title level={5}>{t('briefing.headline')}</Typography.Title>
      <Table
        size="small"
        rowKey="k"
        pagination={false}
        dataSource={figures}
        columns={[
          { title: '', dataIndex: 'k' },
          { title: t('briefing.current'), dataIndex: 'cur' },
          { title: t('briefing.previous'), dataIndex: 'prev' },
          { title: t('briefing.change'), dataIndex: 'ch' },
        ]}
      />
      <Typography.Title level={5}>{t('briefing.situation')}</Typography.Title>
      {draft ? (
        <Input.TextArea
          rows={4}
          value={situation}
          onChange={(e) => setSituation(e.target.value)}
          placeholder={t('briefing.paragraphHint')}
          data-testid="briefing-situation"
        />
      ) : (
        b.commentary.situation.map((p, i) => <Typography.Paragraph key={i}>{p}</Typography.Paragraph>)
      )}
      <Typography.Title level={5}>{t('briefing.ranking')}</Typography.Title>
      <Table
        size="small"
        rowKey="unitId"
        pagination={false}
        dataSource={b.content.ranking}
        columns={[
          { title: '#', dataIndex: 'rank', width: 50 },
          { title: '', dataIndex: 'name' },
          { title: 'Σ', dataIndex: 'composite', render: (c: number | null) => (c === null ? '—' : c.toFixed(2)) },
          { title: '处置率', dataIndex: 'disposalRate', render: pct },
          { title: t('briefing.overdue'), dataIndex: 'overdue' },
          {
            title: t('briefing.change'),
            dataIndex: 'change',
            render: (c: number | null) => (c === null ? '—' : c > 0 ? `↑${c}` : c < 0 ? `↓${-c}` : '0'),
          },
        ]}
      />
      {b.content.assessment && (
        <div data-testid="briefing-assessment">
          <Typography.Title level={5}>
            {t('briefing.assessment')} · {b.content.assessment.periodLabel}
          </Typography.Title>
          {b.content.assessment.groups.map((g) => (
            <div key={g.key}>
              <Typography.Paragraph>
                <Typography.Text strong>{g.name}</Typography.Text>
                {`：${t('briefing.redList')} ${g.red.join('、') || '—'}；${t('briefing.blackList')} ${g.black.join('、') || '—'}`}
              </Typography.Paragraph>
              <Table
                size="small"
                rowKey="unitId"
                pagination={false}
                scroll={{ x: 360 }}
                dataSource={g.items}
                columns={[
                  { title: '#', dataIndex: 'rank', width: 50, render: (r: number | null) => r ?? '—' },
                  { title: '', dataIndex: 'unitName' },
                  { title: 'Σ', dataIndex: 'score', render: (x: number | null) => (x === null ? '—' : x.toFixed(2)) },
                  {
                    title: t('briefing.change'),
                    key: 'move',
                    render: (_: unknown, r: (typeof g.items)[number]) =>
                      r.move === 'up'
                        ? `↑${r.places ?? ''}`
                        : r.move === 'down'
                          ? `↓${Math.abs(r.places ?? 0)}`
                          : r.move === 'new'
                            ? '新'
                            : '—',
                  },
                  {
                    title: '',
                    dataIndex: 'list',
                    render: (l: 'red' | 'black' | null) =>
                      l ? (
                        <Tag color={l === 'red' ? 'red' : 'default'}>{t(l === 'red' ? 'briefing.redList' : 'briefing.blackList')}</Tag>
                      ) : null,
                  },
                ]}
              />
            </div>
          ))}
        </div>
      )}
      <Typography.Title level={5}>{t('briefing.letters')}</Typography.Title>
      {b.content.letters.byType.map((l) => (
        <Typography.Paragraph key={l.type}>{`${l.type} ${l.count}：${l.numbers.join('、')}`}</Typography.Paragraph>
      ))}
      <Typography.Title level={5}>{t('actionItem.lastMeeting')}</Typography.Title>
      {b.content.actionItems.length ? (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 640 }}
          dataSource={b.content.actionItems}
          data-testid="briefing-last-items"
          columns={[
            { title: t('actionItem.subject'), dataIndex: 'title', width: 180 },
            { title: t('actionItem.unit'), dataIndex: 'unitName', width: 140 },
            { title: t('actionItem.due'), dataIndex: 'dueAt', width: 150, render: (d: string) => fmtDeadline(d) },
            {
              title: t('actionItem.progress'),
              dataIndex: 'progress',
              width: 80,
              render: (p: ActionItemProgress) => <ProgressTag progress={p} />,
            },
            { title: t('actionItem.doneAt'), dataIndex: 'doneAt', width: 150, render: (d: string | null) => (d ? fmtTime(d) : '') },
          ]}
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('actionItem.lastMeetingNone')}</Typography.Paragraph>
      )}
      <Typography.Title level={5}>{t('briefing.nextSteps')}</Typography.Title>
      {draft ? (
        <Input.TextArea
          rows={4}
          value={nextSteps}
          onChange={(e) => setNextSteps(e.target.value)}
          placeholder={t('briefing.paragraphHint')}
          data-testid="briefing-next-steps"
        />
      ) : (
        b.commentary.nextSteps.map((p, i) => <Typography.Paragraph key={i}>{p}</Typography.Paragraph>)
      )}
      <ActionItemsPanel briefingId={b.id} canManage={canAssign} />
    </Space>
  );
}
