import { Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ANNUAL_PART_LABELS, ANNUAL_PARTS } from '../../../../src/shared/evaluation-enums.js';
import { useI18n } from '../../i18n/i18n.js';
import type { DistrictIndexRow, IndexView } from '../../../../src/shared/contracts/results.contract.js';
import { pct, score } from './format.js';

type Row = DistrictIndexRow & { rowKey: string };

/**
 * The district ranking: simulated index (with the weight it covers when items are
 * missing), 得分率, 年度分 and its three parts, the whole city last; each row expands
 * to the items' 得分率.
 */
export function DistrictRanking({ view, loading }: { view: IndexView | undefined; loading: boolean }) {
  const { t, label, locale } = useI18n();
  const sep = locale === 'zh-CN' ? '、' : ', ';
  const rows: Row[] = view
    ? [...view.districts.map((d) => ({ ...d, rowKey: String(d.districtId) })), { ...view.city, rowKey: 'city' }]
    : [];
  const itemName = new Map((view?.items ?? []).map((i) => [i.code, i.name]));

  const columns: ColumnsType<Row> = [
    { title: t('eval.res.rank'), dataIndex: 'rank', width: 64, render: (r: number | null, d) => (d.districtId === null ? '' : (r ?? '—')) },
    {
      title: t('eval.res.district'),
      dataIndex: 'name',
      width: 140,
      render: (n: string, d) => (d.districtId === null ? <strong>{t('eval.res.city')}</strong> : n),
    },
    {
      title: t('eval.res.index'),
      dataIndex: 'index',
      width: 190,
      render: (v: number | null, d) => (
        <span data-testid="ranking-index" data-value={v ?? ''}>
          <strong>{score(v)}</strong>
          {v !== null && d.coveredWeight < 100 - 1e-9 && (
            <Tooltip title={t('eval.res.missingItems', { items: d.missingItems.map((c) => `${c} ${itemName.get(c) ?? ''}`).join(sep) })}>
              <Tag color="orange" style={{ marginLeft: 6 }}>
                {t('eval.res.coverage', { w: Math.round(d.coveredWeight * 10) / 10 })}
              </Tag>
            </Tooltip>
          )}
        </span>
      ),
    },
    { title: t('eval.res.rate'), dataIndex: 'rate', width: 90, render: (r: number | null) => pct(r) },
    {
      title: t('eval.res.annual'),
      key: 'annual',
      width: 190,
      render: (_: unknown, d) => (
        <span data-testid="ranking-annual" data-value={d.annual.score ?? ''}>
          <strong>{score(d.annual.score)}</strong>
          {d.annual.score !== null && d.annual.coveredWeight < 100 - 1e-9 && (
            <Tooltip title={d.annual.missingParts.map((p) => label(ANNUAL_PART_LABELS[p], p)).join(sep)}>
              <Tag color="orange" style={{ marginLeft: 6 }}>
                {t('eval.res.coverage', { w: Math.round(d.annual.coveredWeight * 10) / 10 })}
              </Tag>
            </Tooltip>
          )}
        </span>
      ),
    },
    ...ANNUAL_PARTS.map((p) => ({
      title: `${label(ANNUAL_PART_LABELS[p], p)}${view ? ` (${view.annualWeights[p]})` : ''}`,
      key: `part-${p}`,
      width: 120,
      render: (_: unknown, d: Row) => pct(d.annual.parts[p].rate),
    })),
  ];

  return (
    <>
      <Table<Row>
        rowKey="rowKey"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        columns={columns}
        scroll={{ x: 900 }}
        onRow={(d) =>
          ({ 'data-testid': d.districtId === null ? 'ranking-city' : `ranking-row-${d.districtId}`, 'data-rank': d.rank ?? '' }) as object
        }
        expandable={{
          expandedRowRender: (d) => (
            <Typography.Text type="secondary">
              {t('eval.res.itemRates')}:{' '}
              {(view?.items ?? []).map((i) => `${i.code} ${i.name} ${pct(d.items[i.code]?.rate)}`).join(locale === 'zh-CN' ? '；' : '; ')}
            </Typography.Text>
          ),
        }}
        data-testid="results-ranking"
      />
      {view && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          {t(view.weightsSource === 'campaign' ? 'eval.res.weights.campaign' : 'eval.res.weights.framework')}
          {locale === 'zh-CN' ? '：' : ': '}
          {view.items.map((i) => `${i.code} ${i.name} ${i.weight}`).join(sep)}
          {locale === 'zh-CN' ? '。' : '. '}
          {t('eval.res.annualRule', view.annualWeights)}
        </Typography.Paragraph>
      )}
    </>
  );
}
