import { lazy, Suspense } from 'react';
import { Card, Empty, Radio, Space, Spin, Typography } from 'antd';
import { TREND_BUCKETS, TREND_GROUPS, type TrendBucket, type TrendGroup } from '../../../../src/shared/evaluation-enums.js';
import { useI18n } from '../../i18n/i18n.js';
import type { TrendView } from '../../../../src/shared/contracts/results.contract.js';

// echarts stays out of every other chunk.
const TrendChart = lazy(() => import('./TrendChart.js'));

/**
 * The 得分率 trend: week or month, per district, per item or for the whole city. With
 * `fitToData` (the default period) the chart starts at the first bucket with any data,
 * instead of a long empty stretch before the first inspection.
 */
export function TrendCard(props: {
  view: TrendView | undefined;
  loading: boolean;
  fitToData?: boolean;
  bucket: TrendBucket;
  groupBy: TrendGroup;
  onBucket: (b: TrendBucket) => void;
  onGroupBy: (g: TrendGroup) => void;
}) {
  const { t, locale } = useI18n();
  const { view } = props;
  // Series with no data at all would only add empty legend entries.
  const series = (view?.series ?? []).filter((s) => s.cells.some((c) => c.rate !== null));
  const firsts = series.map((s) => s.cells.findIndex((c) => c.rate !== null));
  const start = props.fitToData && firsts.length ? Math.min(...firsts) : 0;
  const lines = series.map((s) => ({
    name: view?.groupBy === 'all' ? t('eval.res.city') : view?.groupBy === 'item' ? `${s.code} ${s.name}` : s.name,
    values: s.cells.slice(start).map((c) => c.rate),
  }));
  const labels = (view?.buckets ?? []).slice(start).map((b) => (view?.bucket === 'month' ? b.start.slice(0, 7) : b.start.slice(5)));

  return (
    <Card
      size="small"
      title={t('eval.res.trend')}
      style={{ marginBottom: 12 }}
      extra={
        <Space wrap>
          <Radio.Group
            size="small"
            optionType="button"
            value={props.bucket}
            onChange={(e) => props.onBucket(e.target.value as TrendBucket)}
            options={TREND_BUCKETS.map((b) => ({ value: b, label: t(`eval.res.bucket.${b}`) }))}
            data-testid="trend-bucket"
          />
          <Radio.Group
            size="small"
            optionType="button"
            value={props.groupBy}
            onChange={(e) => props.onGroupBy(e.target.value as TrendGroup)}
            options={TREND_GROUPS.map((g) => ({ value: g, label: t(`eval.res.trendBy.${g}`) }))}
            data-testid="trend-group"
          />
        </Space>
      }
      data-testid="results-trend"
    >
      {lines.length === 0 ? (
        <Empty description={props.loading ? t('common.loading') : t('common.noData')} />
      ) : (
        <Suspense fallback={<Spin />}>
          <TrendChart key={locale} labels={labels} lines={lines} />
        </Suspense>
      )}
      {props.bucket === 'week' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('eval.res.weekNote')}
        </Typography.Text>
      )}
    </Card>
  );
}
