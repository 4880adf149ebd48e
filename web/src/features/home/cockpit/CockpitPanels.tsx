import { lazy, Suspense } from 'react';
import { Link } from 'react-router-dom';
import { Card, Empty, Flex, Spin, Table, Tag, Typography } from 'antd';
import { pct, score } from '../../evaluation/format.js';
import { useI18n } from '../../../i18n/i18n.js';
import { periodLabel } from '../../assessment/periodKeys.js';
import type { AssessmentRun, AssessmentRunGroup } from '../../../../../src/shared/contracts/assessment.contract.js';
import type { CockpitOverdueUnit, CockpitWeakPoint, RankedUnitView } from '../../../../../src/shared/contracts/dashboard.contract.js';
import { casesLink, cohortLink, resultsLink } from './periods.js';
import { RANKED, TREND_WEEKS, type Cockpit } from './useCockpit.js';

// echarts stays out of every other chunk (the results page's chart, reused).
const TrendChart = lazy(() => import('../../evaluation/TrendChart.js'));

/** Disposal, on-time disposal and the evaluation 得分率 over the last weeks (one series each, from the cockpit answer). */
export function CockpitTrend({ c }: { c: Cockpit }) {
  const { t, locale } = useI18n();
  const weeks = c.cockpit.data?.trend ?? [];
  const all = weeks.length
    ? [
        { name: t('cockpit.trend.disposal'), values: weeks.map((w) => w.disposalRate) },
        { name: t('cockpit.trend.onTime'), values: weeks.map((w) => w.onTimeDisposalRate) },
        ...(weeks.some((w) => w.evalRate !== null) ? [{ name: t('cockpit.trend.eval'), values: weeks.map((w) => w.evalRate) }] : []),
      ]
    : [];
  // Like the results page: start at the first week with any figure, not on an empty stretch.
  const firsts = all.map((l) => l.values.findIndex((v) => v !== null)).filter((i) => i >= 0);
  const start = firsts.length ? Math.min(...firsts) : 0;
  const lines = firsts.length ? all.map((l) => ({ ...l, values: l.values.slice(start) })) : [];
  return (
    <Card size="small" title={t('cockpit.trend', { n: TREND_WEEKS })} data-testid="cockpit-trend" style={{ height: '100%' }}>
      {lines.length === 0 ? (
        <Empty description={c.cockpit.loading ? t('common.loading') : t('cockpit.none')} />
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
      extra={<Link to={cohortLink(c.cockpit.data?.current)}>{t('cockpit.more')}</Link>}
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
            render: (name: string, r) => <Link to={cohortLink(c.cockpit.data?.current, { unitId: String(r.unitId) })}>{name}</Link>,
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

/** Units owing the most overdue cases now (assigned to them), from the owed-deadline index: no case scan. */
export function CockpitOverdueUnits({ c }: { c: Cockpit }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={t('cockpit.overdue')}
      extra={<Link to={casesLink({ overdue: 'true' })}>{t('cockpit.more')}</Link>}
      data-testid="cockpit-overdue-units"
      style={{ height: '100%' }}
    >
      <Table<CockpitOverdueUnit>
        size="small"
        rowKey="unitId"
        pagination={false}
        loading={c.cockpit.loading && !c.cockpit.data}
        dataSource={c.cockpit.data?.overdueUnits ?? []}
        columns={[
          {
            title: t('cockpit.ranking.unit'),
            dataIndex: 'name',
            render: (name: string, r) => <Link to={casesLink({ overdue: 'true', unitId: String(r.unitId) })}>{name}</Link>,
          },
          { title: t('cockpit.overdue.count'), dataIndex: 'overdue', align: 'right', width: 90 },
        ]}
      />
    </Card>
  );
}

/** The check points with the lowest 得分率 in the period (points with nothing applicable left out). */
export function CockpitWeakPoints({ c }: { c: Cockpit }) {
  const { t } = useI18n();
  const cur = c.cockpit.data?.current;
  const link = resultsLink(cur, { groupBy: 'point' });
  return (
    <Card
      size="small"
      title={t('cockpit.weak')}
      extra={<Link to={link}>{t('cockpit.more')}</Link>}
      data-testid="cockpit-weak-points"
      style={{ height: '100%' }}
    >
      <Table<CockpitWeakPoint>
        size="small"
        rowKey="key"
        pagination={false}
        loading={c.cockpit.loading && !c.cockpit.data}
        dataSource={c.cockpit.data?.weakPoints ?? []}
        columns={[
          { title: t('cockpit.weak.point'), dataIndex: 'name', render: (name: string) => <Link to={link}>{name}</Link> },
          { title: t('cockpit.weak.rate'), dataIndex: 'rate', align: 'right', width: 90, render: (r: number) => pct(r) },
        ]}
      />
    </Card>
  );
}

/** The results page of a run (its kind, period and version). */
const runLink = (run: AssessmentRun) =>
  `/assessment/results?${new URLSearchParams({ kind: run.period.kind, period: run.period.key, run: String(run.id) }).toString()}`;

/**
 * The 红黑榜 of each assessment group in the latest published run (month, else week);
 * names link to the results page. A placeholder while nothing is published.
 */
export function CockpitRedBlack({ c }: { c: Cockpit }) {
  // The server's period labels are Chinese; the English UI says 2026-11.
  const { t, locale } = useI18n();
  const run = c.redBlack.data;
  const groups = run?.groups.filter((g) => g.lists.length > 0) ?? [];
  const names = (g: AssessmentRunGroup, kind: 'red' | 'black') =>
    g.lists
      .filter((l) => l.list === kind)
      .map((l) => (
        <Tag
          key={l.unitId}
          color={kind === 'red' ? 'red' : 'default'}
          data-testid={`cockpit-${kind}-${l.unitId}`}
          style={kind === 'black' ? { background: '#262626', color: '#fff' } : undefined}
        >
          <Link to={runLink(run!)} style={{ color: 'inherit' }}>
            {l.unitName} {score(l.score)}
          </Link>
        </Tag>
      ));
  return (
    <Card
      size="small"
      title={run ? t('cockpit.redBlack.of', { period: periodLabel(run.period.key, locale === 'zh-CN') }) : t('cockpit.redBlack')}
      extra={run && <Link to={runLink(run)}>{t('cockpit.more')}</Link>}
      data-testid="cockpit-red-black"
      data-run={run?.id ?? ''}
      style={{ height: '100%' }}
    >
      {groups.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={c.redBlack.loading ? t('common.loading') : t('cockpit.redBlack.pending')}
        />
      ) : (
        <Flex vertical gap={8}>
          {groups.map((g) => (
            <div key={g.key} data-testid={`cockpit-group-${g.key}`}>
              <Typography.Text strong>{g.name}</Typography.Text>
              <div style={{ marginTop: 4 }}>
                <Typography.Text type="secondary" style={{ marginRight: 6 }}>
                  {t('cockpit.redBlack.red')}
                </Typography.Text>
                {names(g, 'red')}
              </div>
              <div style={{ marginTop: 4 }}>
                <Typography.Text type="secondary" style={{ marginRight: 6 }}>
                  {t('cockpit.redBlack.black')}
                </Typography.Text>
                {names(g, 'black')}
              </div>
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}
