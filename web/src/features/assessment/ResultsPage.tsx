import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Descriptions, Drawer, Empty, Flex, Radio, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CalculatorOutlined, FileExcelOutlined, SendOutlined } from '@ant-design/icons';
import { assessmentApi } from '../../api/assessment.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useMe } from '../../auth/session.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import type {
  AssessmentRun,
  AssessmentRunGroup,
  AssessmentRunItem,
  AssessmentRunSummary,
} from '../../../../src/shared/contracts/assessment.contract.js';
import { PERIOD_KINDS, RUN_STATUS_LABELS, type PeriodKind, type RunStatus } from '../../../../src/shared/assessment-enums.js';
import { AdjustmentsPanel } from './AdjustmentsPanel.js';
import { CampaignSelect, usePeriodLabel, ListTag, RankMoveText, useCampaignChoice } from './assessUi.js';
import { lastCompleteKey } from './periodKeys.js';
import { PeriodPicker } from './PeriodPicker.js';
import { RedBlackLists } from './RedBlackLists.js';
import { ScoreBreakdown } from './ScoreBreakdown.js';

const RUN_COLORS: Record<RunStatus, string> = { draft: 'orange', published: 'green', superseded: 'default' };

/** Run status tag. */
export function RunStatusTag({ status }: { status: RunStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={RUN_COLORS[status]} data-testid="run-status" data-status={status}>
      {label(RUN_STATUS_LABELS[status])}
    </Tag>
  );
}

/**
 * 考核结果: a campaign's results per period (周 / 月 / 季度 / 年度). HQ (`assessment.manage`)
 * computes a draft with the model in force, reviews it group by group (rank, score, move
 * against the previous period, 红黑榜) and publishes it; leaders read. A unit's score opens in
 * a drawer (`?unit=`) into its parts and lines. The versions of a period are listed (a
 * corrected version after an appeal says why; the first is kept), Excel downloads the run,
 * and the 加减分 panel below lets HQ propose and a leader decide.
 */
export default function ResultsPage() {
  const { t } = useI18n();
  const pl = usePeriodLabel();
  const { message, modal } = AntApp.useApp();
  const me = useMe();
  const canManage = me.permissions.includes('assessment.manage');
  const { campaigns, campaignId, setCampaignId } = useCampaignChoice();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind') as PeriodKind | null;
  const kind: PeriodKind = kindParam && (PERIOD_KINDS as readonly string[]).includes(kindParam) ? kindParam : 'month';
  const periodKey = params.get('period') ?? lastCompleteKey(kind);
  const set = (patch: Record<string, string | null>) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const [k, v] of Object.entries(patch))
        if (v === null) next.delete(k);
        else next.set(k, v);
      return next;
    });

  const known = useApi(campaignId ? () => assessmentApi.listRuns({ campaignId, periodKind: kind }) : null, [campaignId, kind]);
  const runs = useApi(campaignId ? () => assessmentApi.listRuns({ campaignId, periodKind: kind, periodKey }) : null, [
    campaignId,
    kind,
    periodKey,
  ]);
  const versions = useMemo(() => [...(runs.data?.items ?? [])].sort((a, b) => b.version - a.version || b.id - a.id), [runs.data]);
  const runId = Number(params.get('run')) || null;
  const shownSummary = versions.find((r) => r.id === runId) ?? versions[0];
  const run = useApi(shownSummary ? () => assessmentApi.getRun(shownSummary.id) : null, shownSummary?.id);
  const shown = run.data && run.data.id === shownSummary?.id ? run.data : undefined;
  const knownKeys = useMemo(() => [...new Set((known.data?.items ?? []).map((r) => r.period.key))], [known.data]);
  const [busy, setBusy] = useState(false);

  const reloadAll = () => {
    runs.reload();
    known.reload();
    run.reload();
  };

  async function compute() {
    if (!campaignId) return;
    setBusy(true);
    try {
      const r = await assessmentApi.compute({ campaignId, periodKey });
      set({ run: String(r.id) });
      reloadAll();
      void message.success(t('assess.result.computed'));
    } catch {
      // toasted by the client (e.g. no model in force)
    } finally {
      setBusy(false);
    }
  }

  function publish(r: AssessmentRunSummary) {
    modal.confirm({
      title: t('assess.result.publish'),
      content: t('assess.result.publishConfirm', { period: pl(r.period.key) }),
      okButtonProps: { 'data-testid': 'run-publish-ok' },
      onOk: async () => {
        await assessmentApi.publishRun(r.id);
        reloadAll();
        void message.success(t('assess.result.published'));
      },
    });
  }

  const unitParam = Number(params.get('unit')) || null;
  const openItem = shown?.groups.flatMap((g) => g.items).find((i) => i.unitId === unitParam);

  return (
    <div data-testid="page-assess-results">
      <PageHeader
        title={t('assess.result.title')}
        extra={
          <>
            <CampaignSelect campaigns={campaigns} value={campaignId} onChange={setCampaignId} />
            {canManage && (
              <Button icon={<CalculatorOutlined />} loading={busy} onClick={() => void compute()} data-testid="run-compute">
                {shownSummary?.status === 'draft' ? t('assess.result.recompute') : t('assess.result.compute')}
              </Button>
            )}
            {canManage && shownSummary?.status === 'draft' && (
              <Button type="primary" icon={<SendOutlined />} onClick={() => publish(shownSummary)} data-testid="run-publish">
                {t('assess.result.publish')}
              </Button>
            )}
            {shownSummary && (
              <Button icon={<FileExcelOutlined />} onClick={() => void assessmentApi.runXlsx(shownSummary.id)} data-testid="run-xlsx">
                {t('assess.result.excel')}
              </Button>
            )}
          </>
        }
      >
        <PeriodPicker
          kind={kind}
          periodKey={periodKey}
          known={knownKeys}
          defaultKey={(k) => lastCompleteKey(k)}
          onChange={(k, key) => set({ kind: k, period: key, run: null, unit: null })}
        />
      </PageHeader>

      {versions.length > 1 && (
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('assess.result.versions')}</Typography.Text>
          <Radio.Group
            value={shownSummary?.id}
            onChange={(e) => set({ run: String(e.target.value), unit: null })}
            size="small"
            data-testid="run-versions"
          >
            {versions.map((v) => (
              <Radio.Button key={v.id} value={v.id}>
                <span data-testid={`run-version-${v.version}`}>
                  V{v.version} · <RunStatusLabel status={v.status} />
                </span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Flex>
      )}

      {!shownSummary ? (
        !runs.loading && (
          <Empty description={canManage ? t('assess.result.noneHq') : t('assess.result.none')} style={{ margin: '32px 0' }} />
        )
      ) : (
        <RunHeader run={shownSummary} onPick={(id) => set({ run: String(id), unit: null })} />
      )}

      {shown && (
        <Tabs
          data-testid="run-groups"
          items={[
            ...shown.groups.map((g) => ({
              key: g.key,
              label: g.name,
              children: <GroupTable group={g} onOpen={(id) => set({ unit: String(id) })} />,
            })),
            { key: '__lists', label: t('assess.result.lists'), children: <RedBlackLists groups={shown.groups} /> },
          ]}
        />
      )}

      {campaignId && (
        <div style={{ marginTop: 16 }}>
          <AdjustmentsPanel campaignId={campaignId} periodKey={periodKey} run={shown} onChanged={runs.reload} />
        </div>
      )}

      <Drawer
        open={unitParam !== null && Boolean(openItem)}
        onClose={() => set({ unit: null })}
        width={Math.min(720, window.innerWidth)}
        title={openItem ? `${openItem.unitName} · ${shown ? pl(shown.period.key) : ''}` : ''}
        destroyOnHidden
      >
        {openItem &&
          (openItem.explained ? (
            <ScoreBreakdown score={openItem.score} parts={openItem.parts} />
          ) : (
            <Alert type="info" message={t('assess.result.notExplained')} />
          ))}
      </Drawer>
    </div>
  );
}

/**
 * A deadline that is the end of a day (the next midnight) shown as that day's last minute,
 * `2026-12-09 23:59`, not as the next day's `00:00`.
 */
export function fmtDeadline(iso: string): string {
  return fmtTime(new Date(Date.parse(iso) - 60_000).toISOString());
}

function RunStatusLabel({ status }: { status: RunStatus }) {
  const { label } = useI18n();
  return <>{label(RUN_STATUS_LABELS[status])}</>;
}

/** What a run is: status, model, who computed and published it, its hash, the correction it makes or the one that replaced it. */
export function RunHeader({ run, onPick }: { run: AssessmentRunSummary | AssessmentRun; onPick?: (id: number) => void }) {
  const { t } = useI18n();
  const pl = usePeriodLabel();
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
      {run.correctsRunId !== null && (
        <Alert
          type="info"
          showIcon
          data-testid="run-correction"
          message={t('assess.result.correction', { version: run.version })}
          description={run.correctionReason ?? undefined}
          action={
            onPick && (
              <Button size="small" onClick={() => onPick(run.correctsRunId!)}>
                {t('assess.result.seeFirst')}
              </Button>
            )
          }
        />
      )}
      {run.status === 'superseded' && (
        <Alert
          type="warning"
          showIcon
          data-testid="run-superseded"
          message={t('assess.result.supersededNote')}
          action={
            onPick &&
            run.supersededByRunId !== null && (
              <Button size="small" onClick={() => onPick(run.supersededByRunId!)}>
                {t('assess.result.seeCorrected')}
              </Button>
            )
          }
        />
      )}
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('assess.result.period')}>
          <span data-testid="run-period">{pl(run.period.key)}</span> <RunStatusTag status={run.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('assess.result.model')}>{`V${run.modelVersion} ${run.modelName}`}</Descriptions.Item>
        <Descriptions.Item label={t('assess.result.version')}>{`V${run.version}`}</Descriptions.Item>
        <Descriptions.Item
          label={t('assess.result.computedBy')}
        >{`${run.computedByName ?? ''} ${fmtTime(run.computedAt)}`}</Descriptions.Item>
        {run.publishedAt && (
          <Descriptions.Item
            label={t('assess.result.publishedBy')}
          >{`${run.publishedByName ?? ''} ${fmtTime(run.publishedAt)}`}</Descriptions.Item>
        )}
        {run.appealDeadline && (
          <Descriptions.Item label={t('assess.result.appealDeadline')}>{fmtDeadline(run.appealDeadline)}</Descriptions.Item>
        )}
        {run.hash && (
          <Descriptions.Item label={t('assess.result.hash')}>
            <Typography.Text code copyable={{ text: run.hash }}>
              {run.hash.slice(0, 12)}…
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Space>
  );
}

/** One group's ranking: rank, unit, score, move against the previous period, 红黑榜. */
export function GroupTable({
  group,
  onOpen,
  highlight,
  rankedOnly = false,
}: {
  group: AssessmentRunGroup;
  /** Leave out the units without a score this period (a unit's view of its group). */
  rankedOnly?: boolean;
  onOpen?: (unitId: number) => void;
  highlight?: (i: AssessmentRunItem) => boolean;
}) {
  const { t } = useI18n();
  return (
    <Table<AssessmentRunItem>
      size="small"
      rowKey="unitId"
      pagination={false}
      dataSource={rankedOnly ? group.items.filter((i) => i.rank !== null) : group.items}
      scroll={{ x: 360 }}
      rowClassName={(i) => (highlight?.(i) ? 'ant-table-row-selected' : '')}
      onRow={(i) => ({ 'data-testid': `run-row-${i.unitId}`, 'data-rank': i.rank ?? '', 'data-score': i.score ?? '' }) as object}
      columns={[
        { title: t('assess.result.rank'), dataIndex: 'rank', width: 56, align: 'center', render: (r: number | null) => r ?? '—' },
        {
          title: t('assess.result.unit'),
          dataIndex: 'unitName',
          render: (n: string, i) =>
            onOpen && i.explained ? (
              <a onClick={() => onOpen(i.unitId)} data-testid={`run-open-${i.unitId}`}>
                {n}
              </a>
            ) : (
              n
            ),
        },
        {
          title: t('assess.result.score'),
          dataIndex: 'score',
          width: 80,
          align: 'right',
          render: (s: number | null) => (s === null ? '—' : s.toFixed(2)),
        },
        {
          title: t('assess.result.change'),
          key: 'change',
          width: 72,
          align: 'center',
          render: (_, i) => <RankMoveText change={i.change} />,
        },
        {
          title: t('assess.result.list'),
          dataIndex: 'list',
          width: 72,
          render: (l: AssessmentRunItem['list']) => (l ? <ListTag list={l} /> : null),
        },
      ]}
    />
  );
}
