import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Card, DatePicker, Empty, Select, Space, Spin, Table } from 'antd';
import dayjs from 'dayjs';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useI18n, type TFunction } from '../../i18n/i18n.js';
import { useUnits } from '../units/unitsStore.js';
import { pct, RESULT_GROUPS, type FrameworkDetail, type FrameworkVersion, type RateCell, type ResultGroup, type Results } from './api.js';
import { useEvalText } from './evalUi.js';

// echarts stays out of every other chunk.
const RateBarChart = lazy(() => import('./RateBarChart.js'));

const groupLabel = (t: TFunction, g: ResultGroup) => t(`eval.res.group.${g}` as Parameters<TFunction>[0]);

/** 得分率 for a period, grouped by district / unit / point type / item …: a bar chart and a table. */
export default function ResultsPage() {
  const { t } = useI18n();
  const text = useEvalText();
  const [params, setParams] = useSearchParams();
  const frameworks = useApi<{ items: FrameworkVersion[] }>('/api/frameworks');
  const usable = useMemo(() => (frameworks.data?.items ?? []).filter((f) => f.status !== 'draft'), [frameworks.data]);
  const frameworkId = Number(params.get('frameworkId')) || usable[0]?.id || null;
  const groupBy = ((RESULT_GROUPS as readonly string[]).includes(params.get('groupBy') ?? '') ? params.get('groupBy') : 'district') as ResultGroup;
  const from = params.get('from') ?? dayjs().subtract(90, 'day').format('YYYY-MM-DD');
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');

  const results = useApi<Results>(frameworkId ? '/api/inspections/results' : null, {
    frameworkId: frameworkId ?? undefined,
    groupBy,
    from: dayjs(from).startOf('day').toISOString(),
    to: dayjs(to).endOf('day').toISOString(),
  });
  const needsFramework = groupBy === 'item' || groupBy === 'indicator' || groupBy === 'standard';
  const fw = useApi<FrameworkDetail>(frameworkId && needsFramework ? `/api/frameworks/${frameworkId}` : null);
  const { units } = useUnits(groupBy === 'district' || groupBy === 'unit');
  const unitName = useMemo(() => new Map(units.map((u) => [String(u.id), u.name])), [units]);
  const nodeName = useMemo(() => new Map((fw.data?.nodes ?? []).map((n) => [n.code, n.name])), [fw.data]);

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

  const name = (key: string): string => {
    if (groupBy === 'district' || groupBy === 'unit') return unitName.get(key) ?? `#${key}`;
    if (groupBy === 'pointType') return text.pointType(key);
    if (needsFramework) return nodeName.has(key) ? `${key} ${nodeName.get(key)}` : key;
    if (groupBy === 'all') return t('eval.res.group.all');
    return key;
  };
  const cells = useMemo(() => [...(results.data?.cells ?? [])].sort((a, b) => (a.rate ?? -1) - (b.rate ?? -1)), [results.data]);
  const rows = cells.map((c) => ({ ...c, label: name(c.key) }));
  const chartRows = rows.slice(0, 40);

  return (
    <div data-testid="page-eval-results" data-loading={results.loading ? 'true' : 'false'}>
      <PageHeader title={t('eval.res.title')}>
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
              next.set('from', r[0].format('YYYY-MM-DD'));
              next.set('to', r[1].format('YYYY-MM-DD'));
              setParams(next, { replace: true });
            }}
            data-testid="results-period"
          />
          <Select<ResultGroup>
            style={{ width: 160 }}
            value={groupBy}
            onChange={(v) => set('groupBy', v)}
            options={RESULT_GROUPS.map((g) => ({ value: g, label: `${t('eval.res.groupBy')}: ${groupLabel(t, g)}` }))}
            data-testid="results-group"
          />
        </Space>
      </PageHeader>
      {!frameworks.loading && usable.length === 0 && <Alert type="info" showIcon message={t('eval.res.noFramework')} />}
      {results.data && results.data.rejected > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('eval.res.rejected', { n: results.data.rejected })} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        {rows.length === 0 ? (
          <Empty description={results.loading ? t('common.loading') : t('common.noData')} />
        ) : (
          <Suspense fallback={<Spin />}>
            <RateBarChart labels={chartRows.map((r) => r.label)} values={chartRows.map((r) => r.rate)} />
          </Suspense>
        )}
      </Card>
      <Table<RateCell & { label: string }>
        rowKey="key"
        size="small"
        loading={results.loading}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50 } : false}
        onRow={(r) => ({ 'data-testid': `results-row-${r.key}`, 'data-rate': r.rate ?? '' }) as object}
        columns={[
          { title: groupLabel(t, groupBy), dataIndex: 'label' },
          { title: t('eval.res.rate'), dataIndex: 'rate', width: 110, sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1), render: (r: number | null) => pct(r) },
          { title: t('eval.res.earned'), dataIndex: 'earned', width: 100, render: (n: number) => Math.round(n * 100) / 100 },
          { title: t('eval.res.possible'), dataIndex: 'possible', width: 100, render: (n: number) => Math.round(n * 100) / 100 },
          { title: t('eval.res.answered'), dataIndex: 'answered', width: 100 },
          { title: t('eval.res.na'), dataIndex: 'na', width: 90 },
        ]}
      />
    </div>
  );
}
