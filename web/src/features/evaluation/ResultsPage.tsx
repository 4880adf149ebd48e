import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Empty, Select, Space, Spin, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { beijingToday, pickerDay, shiftDate } from '../../components/time.js';
import {
  TREND_BUCKETS,
  TREND_GROUPS,
  type ResultGroup,
  type TrendBucket,
  type TrendGroup,
} from '../../../../src/shared/evaluation-enums.js';
import { frameworksApi } from '../../api/evaluation.js';
import { resultsApi } from '../../api/results.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useI18n, type TFunction } from '../../i18n/i18n.js';
import { pct, RESULT_GROUPS } from './format.js';
import { DistrictRanking } from './DistrictRanking.js';
import { useEvalText } from './evalUi.js';
import type { NamedRateCell } from '../../../../src/shared/contracts/results.contract.js';
import { TrendCard } from './TrendCard.js';

// echarts stays out of every other chunk.
const RateBarChart = lazy(() => import('./RateBarChart.js'));

const groupLabel = (t: TFunction, g: ResultGroup) => t(`eval.res.group.${g}` as Parameters<TFunction>[0]);
const oneOf = <T extends string>(list: readonly T[], v: string | null, fallback: T): T =>
  (list as readonly string[]).includes(v ?? '') ? (v as T) : fallback;

/**
 * 测评结果 for a period: the district ranking by simulated index with the annual
 * score, the 得分率 trend, and 得分率 grouped by district / unit / point type / item …
 * (bar chart and table); everything exports to one Excel workbook.
 */
export default function ResultsPage() {
  const { t } = useI18n();
  const text = useEvalText();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const frameworks = useApi(() => frameworksApi.list());
  const usable = useMemo(() => (frameworks.data?.items ?? []).filter((f) => f.status !== 'draft'), [frameworks.data]);
  const frameworkId = Number(params.get('frameworkId')) || usable[0]?.id || null;
  const groupBy = oneOf(RESULT_GROUPS, params.get('groupBy'), 'district');
  const bucket = oneOf<TrendBucket>(TREND_BUCKETS, params.get('bucket'), 'week');
  const trendBy = oneOf<TrendGroup>(TREND_GROUPS, params.get('trendBy'), 'district');
  const today = beijingToday();
  // Without a chosen start the last 90 days are read and the trend starts at its first data point.
  const chosenFrom = params.get('from');
  const from = chosenFrom ?? shiftDate(today, -90);
  const to = params.get('to') ?? today;

  // China dates: the server reads YYYY-MM-DD as 00:00 China time; `to` is exclusive, so the day after.
  const period = frameworkId ? { frameworkId, from, to: shiftDate(to, 1) } : undefined;
  const results = useApi(period ? () => resultsApi.rates({ ...period, groupBy }) : null, { ...period, groupBy });
  const index = useApi(period ? () => resultsApi.index(period) : null, period);
  const trend = useApi(period ? () => resultsApi.trend({ ...period, bucket, groupBy: trendBy }) : null, {
    ...period,
    bucket,
    groupBy: trendBy,
  });
  const loading = results.loading || index.loading || trend.loading;

  function set(k: string, v: string) {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  }
  // Pin the chosen framework in the URL once known, so the link can be shared.
  useEffect(() => {
    if (!params.get('frameworkId') && frameworkId) {
      const next = new URLSearchParams(params);
      next.set('frameworkId', String(frameworkId));
      setParams(next, { replace: true });
    }
  }, [frameworkId, params, setParams]);

  async function exportXlsx() {
    if (!period) return;
    setExporting(true);
    try {
      await resultsApi.downloadExport(period, `results-${from}-${to}.xlsx`);
    } catch {
      // The API client has already shown the error.
    } finally {
      setExporting(false);
    }
  }

  const name = (c: NamedRateCell): string => {
    if (groupBy === 'pointType') return text.pointType(c.key);
    if (groupBy === 'all') return t('eval.res.group.all');
    if (groupBy === 'district' || groupBy === 'unit') return c.name;
    return `${c.code} ${c.name}`;
  };
  const cells = useMemo(() => [...(results.data?.cells ?? [])].sort((a, b) => (a.rate ?? -1) - (b.rate ?? -1)), [results.data]);
  const rows = cells.map((c) => ({ ...c, label: name(c) }));
  const chartRows = rows.slice(0, 40);
  const rejected = results.data?.rejected ?? 0;

  return (
    <div data-testid="page-eval-results" data-loading={loading ? 'true' : 'false'}>
      <PageHeader
        title={t('eval.res.title')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={!period}
            onClick={() => void exportXlsx()}
            data-testid="results-export"
          >
            {t('eval.res.export')}
          </Button>
        }
      >
        <Space wrap>
          <Select
            style={{ minWidth: 240 }}
            placeholder={t('eval.res.framework')}
            value={frameworkId ?? undefined}
            loading={frameworks.loading}
            onChange={(v: number) => set('frameworkId', String(v))}
            options={usable.map((f) => ({ value: f.id, label: `${f.name} v${f.version}` }))}
            data-testid="results-framework"
          />
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(r) => {
              if (!r?.[0] || !r[1]) return;
              const next = new URLSearchParams(params);
              next.set('from', pickerDay(r[0]));
              next.set('to', pickerDay(r[1]));
              setParams(next, { replace: true });
            }}
            data-testid="results-period"
          />
        </Space>
      </PageHeader>
      {!frameworks.loading && usable.length === 0 && <Alert type="info" showIcon message={t('eval.res.noFramework')} />}
      {rejected > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('eval.res.rejected', { n: rejected })} />}

      <Card size="small" title={t('eval.res.ranking')} style={{ marginBottom: 12 }}>
        <DistrictRanking view={index.data} loading={index.loading} />
      </Card>

      <TrendCard
        view={trend.data}
        loading={trend.loading}
        fitToData={chosenFrom === null}
        bucket={bucket}
        groupBy={trendBy}
        onBucket={(b) => set('bucket', b)}
        onGroupBy={(g) => set('trendBy', g)}
      />

      <Card
        size="small"
        title={t('eval.res.rates')}
        extra={
          <Select<ResultGroup>
            size="small"
            style={{ width: 180 }}
            value={groupBy}
            onChange={(v) => set('groupBy', v)}
            options={RESULT_GROUPS.map((g) => ({ value: g, label: `${t('eval.res.groupBy')}: ${groupLabel(t, g)}` }))}
            data-testid="results-group"
          />
        }
      >
        {rows.length === 0 ? (
          <Empty description={results.loading ? t('common.loading') : t('common.noData')} />
        ) : (
          <Suspense fallback={<Spin />}>
            <RateBarChart labels={chartRows.map((r) => r.label)} values={chartRows.map((r) => r.rate)} />
          </Suspense>
        )}
        <Table<NamedRateCell & { label: string }>
          rowKey="key"
          size="small"
          loading={results.loading}
          dataSource={rows}
          pagination={rows.length > 50 ? { pageSize: 50 } : false}
          // Scrolls sideways on a phone instead of squeezing names to one character a line.
          scroll={{ x: 680 }}
          onRow={(r) => ({ 'data-testid': `results-row-${r.key}`, 'data-rate': r.rate ?? '' }) as object}
          columns={[
            { title: groupLabel(t, groupBy), dataIndex: 'label', width: 180 },
            {
              title: t('eval.res.rate'),
              dataIndex: 'rate',
              width: 110,
              sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1),
              render: (r: number | null) => pct(r),
            },
            { title: t('eval.res.earned'), dataIndex: 'earned', width: 100, render: (n: number) => Math.round(n * 100) / 100 },
            { title: t('eval.res.possible'), dataIndex: 'possible', width: 100, render: (n: number) => Math.round(n * 100) / 100 },
            { title: t('eval.res.answered'), dataIndex: 'answered', width: 100 },
            { title: t('eval.res.na'), dataIndex: 'na', width: 90 },
          ]}
        />
      </Card>
    </div>
  );
}
