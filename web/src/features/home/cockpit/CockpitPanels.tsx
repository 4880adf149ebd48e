import { lazy, Suspense, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Card, Empty, Spin, Table } from 'antd';
import { pct, score } from '../../evaluation/format.js';
import { useI18n } from '../../../i18n/i18n.js';
import type { RankedUnitView } from '../../../../../src/shared/contracts/dashboard.contract.js';
import type { NamedRateCell } from '../../../../../src/shared/contracts/results.contract.js';
import { casesLink, resultsLink } from './periods.js';
import { TREND_WEEKS, type Cockpit } from './useCockpit.js';

// echarts stays out of every other chunk (the results page's chart, reused).
const TrendChart = lazy(() => import('../../evaluation/TrendChart.js'));

const RANKED = 10;
const LISTED = 8;

/** Disposal, on-time disposal and the city's evaluation 得分率 over the last weeks. */
export function CockpitTrend({ c }: { c: Cockpit }) {
  const { t, locale } = useI18n();
  const weeks = c.weeks ?? [];
  const cases = c.caseTrend.data;
  const evalCells = c.evalTrend.data?.series[0]?.cells;
  const all = cases
    ? [
        { name: t('cockpit.trend.disposal'), values: cases.map((w) => w.indicators.disposalRate) },
        { name: t('cockpit.trend.onTime'), values: cases.map((w) => w.indicators.onTimeDisposalRate) },
        ...(evalCells ? [{ name: t('cockpit.trend.eval'), values: weeks.map((_, i) => evalCells[i]?.rate ?? null) }] : []),
      ]
    : [];
  // Like the results page: start at the first week with any figure, not on an empty stretch.
  const firsts = all.map((l) => l.values.findIndex((v) => v !== null)).filter((i) => i >= 0);
  const start = firsts.length ? Math.min(...firsts) : 0;
  const lines = firsts.length ? all.map((l) => ({ ...l, values: l.values.slice(start) })) : [];
  return (
    <Card size="small" title={t('cockpit.trend', { n: TREND_WEEKS })} data-testid="cockpit-trend" style={{ height: '100%' }}>
      {lines.length === 0 ? (
        <Empty description={c.caseTrend.loading ? t('common.loading') : t('cockpit.none')} />
      ) : (
        <Suspense fallback={<Spin />}>
          <TrendChart key={locale} labels={weeks.slice(start).map((w) => w.from.slice(5))} lines={lines} height={280} />
        </Suspense>
      )}
    </Card>
  );
}

/** The dashboard ranking of the period: the best ten by composite, names linking to their cases. */
export function CockpitRanking({ c }: { c: Cockpit }) {
  const { t } = useI18n();
  const items = (c.ranking.data?.items ?? []).slice(0, RANKED);
  return (
    <Card
      size="small"
      title={t('cockpit.ranking')}
      extra={<Link to={casesLink(c.pair?.current ?? null)}>{t('cockpit.more')}</Link>}
      data-testid="cockpit-ranking"
      style={{ height: '100%' }}
    >
      <Table<RankedUnitView>
        size="small"
        rowKey="unitId"
        pagination={false}
        loading={c.ranking.loading}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        // Ties share a rank, so the test id names the unit and the rank is an attribute.
        onRow={(r) => ({ 'data-testid': `cockpit-rank-${r.unitId}`, 'data-rank': r.rank }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '#', dataIndex: 'rank', width: 40 },
          {
            title: t('cockpit.ranking.unit'),
            dataIndex: 'name',
            render: (name: string, r) => <Link to={casesLink(c.pair?.current ?? null, { unitId: String(r.unitId) })}>{name}</Link>,
          },
          {
            title: t('cockpit.ranking.composite'),
            align: 'right',
            render: (_, r) => score(r.indicators.composite),
          },
          {
            title: t('cockpit.tile.onTimeDisposalRate'),
            align: 'right',
            // Left out on a phone, where the name, score and overdue count fill the width.
            responsive: ['sm'],
            render: (_, r) => pct(r.indicators.onTimeDisposalRate),
          },
          { title: t('cockpit.ranking.overdue'), align: 'right', render: (_, r) => overdueOf(r) },
        ]}
      />
    </Card>
  );
}

/** Overdue cases a unit owes now: those of the period's cohort plus its older backlog. */
const overdueOf = (r: RankedUnitView) => r.overduePending + r.backlog.overdue;

/** Units owing the most overdue cases now, from the ranking (the maintained aggregates, no case scan). */
export function CockpitOverdueUnits({ c }: { c: Cockpit }) {
  const { t } = useI18n();
  const rows = useMemo(
    () =>
      (c.ranking.data?.items ?? [])
        .map((r) => ({ unitId: r.unitId, name: r.name, n: overdueOf(r) }))
        .filter((r) => r.n > 0)
        .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name, 'zh-CN'))
        .slice(0, LISTED),
    [c.ranking.data],
  );
  return (
    <Card
      size="small"
      title={t('cockpit.overdue')}
      extra={<Link to={casesLink(null, { overdue: 'true' })}>{t('cockpit.more')}</Link>}
      data-testid="cockpit-overdue-units"
      style={{ height: '100%' }}
    >
      <Table
        size="small"
        rowKey="unitId"
        pagination={false}
        loading={c.ranking.loading}
        dataSource={rows}
        columns={[
          {
            title: t('cockpit.ranking.unit'),
            dataIndex: 'name',
            render: (name: string, r) => <Link to={casesLink(null, { overdue: 'true', unitId: String(r.unitId) })}>{name}</Link>,
          },
          { title: t('cockpit.overdue.count'), dataIndex: 'n', align: 'right', width: 90 },
        ]}
      />
    </Card>
  );
}

/** The check points with the lowest 得分率 in the period (points with nothing applicable left out). */
export function CockpitWeakPoints({ c }: { c: Cockpit }) {
  const { t } = useI18n();
  const rows = useMemo(
    () =>
      (c.weakPoints.data?.cells ?? [])
        .filter((x) => x.rate !== null)
        .sort((a, b) => a.rate! - b.rate!)
        .slice(0, LISTED),
    [c.weakPoints.data],
  );
  const link = c.pair ? resultsLink(c.pair.current, { groupBy: 'point' }) : '/evaluation/results?groupBy=point';
  return (
    <Card
      size="small"
      title={t('cockpit.weak')}
      extra={<Link to={link}>{t('cockpit.more')}</Link>}
      data-testid="cockpit-weak-points"
      style={{ height: '100%' }}
    >
      <Table<NamedRateCell>
        size="small"
        rowKey="key"
        pagination={false}
        loading={c.weakPoints.loading}
        dataSource={rows}
        columns={[
          { title: t('cockpit.weak.point'), dataIndex: 'name', render: (name: string) => <Link to={link}>{name}</Link> },
          { title: t('cockpit.weak.rate'), dataIndex: 'rate', align: 'right', width: 90, render: (r: number | null) => pct(r) },
        ]}
      />
    </Card>
  );
}

/** The slot of the 红黑榜: filled once the assessment module publishes results. */
export function CockpitRedBlack() {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('cockpit.redBlack')} data-testid="cockpit-red-black" style={{ height: '100%' }}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cockpit.redBlack.pending')} />
    </Card>
  );
}
