import { lazy, Suspense, useState } from 'react';
import { Card, Col, DatePicker, Flex, InputNumber, Row, Segmented, Select, Spin, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ProjectRollup, ProjectRollupSummary } from '../../../../src/shared/contracts/project-rollups.contract.js';
import type { RollupDimension } from '../../../../src/shared/project-rollup-enums.js';
import { batchTitle } from '../../../../src/shared/project-names.js';
import { projectRollupsApi } from '../../api/project-rollups.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { beijingToday, pickerDay } from '../../components/time.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { useI18n } from '../../i18n/i18n.js';
import { fmtInvestment, fmtRate } from './money.js';
import { ProjectMap } from './ProjectMap.js';
import { RatesTable } from './RatesTable.js';
import { groupLabel } from './rollupLabels.js';

const RollupChart = lazy(() => import('./RollupChart.js'));
const TABLE_DIMENSIONS: RollupDimension[] = ['county', 'chain', 'team', 'level', 'category', 'size', 'stage', 'batch'];

/**
 * 重大项目总览 (issue 14 point 7): the projects the viewer may see as of a day (today in Beijing
 * unless picked), for the city or one county — headline figures (totals, 今年以来新签约亿元以上,
 * 在建工业项目 and their investment against the annual plan, the latest batch's rates), charts by
 * chain, county, stage and size band, a table by any dimension, a period table and the map.
 */
export default function ProjectsDashboard() {
  const { t } = useI18n();
  const [asOf, setAsOf] = useState(beijingToday());
  const [county, setCounty] = useState<number | undefined>();
  const base = { asOf, county };
  const summary = useApi(() => projectRollupsApi.summary(base), base);
  const counties = useApi(() => projectRollupsApi.rollup({ by: 'county', asOf }), asOf);
  const points = useApi(() => projectRollupsApi.points(base), base);

  return (
    <div data-testid="page-project-dashboard">
      <PageHeader
        title={t('rollup.title')}
        extra={
          <Flex gap={8} align="center" wrap>
            <Select
              allowClear
              style={{ minWidth: 140 }}
              placeholder={t('rollup.allCounties')}
              value={county}
              onChange={(v) => setCounty(v ?? undefined)}
              options={(counties.data?.groups ?? []).map((g) => ({ value: Number(g.key), label: g.name ?? g.key }))}
              data-testid="rollup-county"
            />
            <Typography.Text>{t('rollup.asOf')}</Typography.Text>
            <DatePicker allowClear={false} value={dayjs(asOf)} onChange={(d) => d && setAsOf(pickerDay(d))} data-testid="rollup-as-of" />
          </Flex>
        }
      />
      <WhoAmI />
      {summary.data ? <Headline s={summary.data} /> : <Spin />}
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <ChartCard by="chain" kind="bar" asOf={asOf} county={county} />
        <ChartCard by="county" kind="bar" asOf={asOf} county={county} />
        <ChartCard by="stage" kind="pie" asOf={asOf} county={county} />
        <ChartCard by="size" kind="pie" asOf={asOf} county={county} />
        <Col xs={24}>
          <GroupTable asOf={asOf} county={county} />
        </Col>
        <Col xs={24} xl={12}>
          <PeriodTable asOf={asOf} county={county} />
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('rollup.map')} loading={points.loading && !points.data}>
            {points.data && <ProjectMap points={points.data.items} />}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** The headline figures and the latest batch's rates. */
function Headline({ s }: { s: ProjectRollupSummary }) {
  const { t } = useI18n();
  const iuc = s.industrialUnderConstruction;
  const tile = (testId: string, title: string, value: string, sub?: string) => (
    <Col xs={12} md={8} xl={4}>
      <Card size="small" data-testid={testId}>
        <Statistic title={title} value={value} />
        {sub && <Typography.Text type="secondary">{sub}</Typography.Text>}
      </Card>
    </Col>
  );
  return (
    <>
      <Row gutter={[12, 12]}>
        {tile('rollup-total', t('rollup.total'), t('rollup.count', { n: s.total.count }), fmtInvestment(s.total.investment, t))}
        {tile('rollup-under-construction', t('rollup.underConstruction'), t('rollup.count', { n: s.underConstruction }))}
        {tile('rollup-producing', t('rollup.producing'), t('rollup.count', { n: s.producing }))}
        {tile(
          'rollup-newly-signed',
          t('rollup.newlySigned'),
          t('rollup.count', { n: s.newlySigned.count }),
          fmtInvestment(s.newlySigned.investment, t),
        )}
        {tile('rollup-industrial', t('rollup.industrial'), t('rollup.count', { n: iuc.count }), fmtInvestment(iuc.investment, t))}
        {tile(
          'rollup-completion',
          t('rollup.completionRate'),
          iuc.investmentReports ? fmtRate(iuc.completionRate) : '—',
          iuc.investmentReports && iuc.completedThisYear !== null && iuc.annualPlan !== null
            ? `${t('rollup.completed')} ${fmtInvestment(iuc.completedThisYear, t)} / ${t('rollup.plan')} ${fmtInvestment(iuc.annualPlan, t)}`
            : t('rollup.noReports'),
        )}
      </Row>
      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={
          s.latestBatch
            ? t('rollup.latestBatch', {
                name: batchTitle(s.latestBatch.batch.countyName, s.latestBatch.batch.name),
                date: s.latestBatch.batch.eventDate,
              })
            : t('rollup.noBatch')
        }
        data-testid="rollup-latest-batch"
      >
        {s.latestBatch && (
          <RatesTable testId="rollup-batch-rates" columns={[{ key: 'latest', title: s.asOf, rates: s.latestBatch.rates }]} />
        )}
      </Card>
    </>
  );
}

function useRollup(
  by: RollupDimension,
  asOf: string,
  county: number | undefined,
  extra: Partial<Parameters<typeof projectRollupsApi.rollup>[0]> = {},
) {
  const q = { by, asOf, county, ...extra };
  return useApi(() => projectRollupsApi.rollup(q), q);
}

/** A chart of one dimension. */
function ChartCard({ by, kind, asOf, county }: { by: RollupDimension; kind: 'bar' | 'pie'; asOf: string; county?: number }) {
  const { t, label } = useI18n();
  const r = useRollup(by, asOf, county);
  return (
    <Col xs={24} xl={12}>
      <Card size="small" title={t(`rollup.by.${by}`)} loading={r.loading && !r.data} data-testid={`rollup-chart-${by}`}>
        {r.data && (
          <Suspense fallback={<Spin />}>
            <RollupChart
              kind={kind}
              countName={t('rollup.groupCount')}
              investmentName={t('rollup.groupInvestmentYi')}
              groups={r.data.groups.map((g) => ({ label: groupLabel(by, g, t, label), count: g.count, investment: g.investment }))}
            />
          </Suspense>
        )}
      </Card>
    </Col>
  );
}

/** Groups of a roll-up as a table: name, count, investment, 在建, 投产, and the total. */
function RollupTable({ by, r, testId }: { by: RollupDimension; r: ProjectRollup | undefined; testId: string }) {
  const { t, label } = useI18n();
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      dataSource={r?.groups ?? []}
      columns={[
        {
          title: t('rollup.group'),
          key: 'name',
          render: (_, g) => <span data-testid={`${testId}-row`}>{groupLabel(by, g, t, label)}</span>,
        },
        { title: t('rollup.groupCount'), dataIndex: 'count', align: 'right' },
        { title: t('rollup.groupInvestment'), key: 'inv', align: 'right', render: (_, g) => fmtInvestment(g.investment, t) },
        { title: t('rollup.groupUnderConstruction'), dataIndex: 'underConstruction', align: 'right' },
        { title: t('rollup.groupProducing'), dataIndex: 'producing', align: 'right' },
      ]}
      summary={() =>
        r ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{t('rollup.total')}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <span data-testid={`${testId}-total`}>{r.total.count}</span>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {fmtInvestment(r.total.investment, t)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} />
            <Table.Summary.Cell index={4} />
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}

/** A table by any dimension, picked with a switch. */
function GroupTable({ asOf, county }: { asOf: string; county?: number }) {
  const { t } = useI18n();
  const [by, setBy] = useState<RollupDimension>('county');
  const r = useRollup(by, asOf, county);
  return (
    <Card
      size="small"
      title={
        <Segmented<RollupDimension>
          value={by}
          onChange={setBy}
          options={TABLE_DIMENSIONS.map((d) => ({ value: d, label: t(`rollup.by.${d}`) }))}
          data-testid="rollup-by"
        />
      }
    >
      <RollupTable by={by} r={r.data} testId="rollup-table" />
    </Card>
  );
}

/** 期间统计: projects signed in a period with a minimum size, by county (今年以来新签约亿元以上 by default). */
function PeriodTable({ asOf, county }: { asOf: string; county?: number }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(`${asOf.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(asOf);
  const [min, setMin] = useState<number | null>(10000);
  const r = useRollup('county', asOf, county, { from, to, minInvestment: min ?? undefined });
  return (
    <Card size="small" title={t('rollup.period')} data-testid="rollup-period">
      <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Text>{t('rollup.periodFrom')}</Typography.Text>
        <DatePicker allowClear={false} value={dayjs(from)} onChange={(d) => d && setFrom(pickerDay(d))} />
        <Typography.Text>{t('rollup.periodTo')}</Typography.Text>
        <DatePicker allowClear={false} value={dayjs(to)} onChange={(d) => d && setTo(pickerDay(d))} />
        <Typography.Text>{t('rollup.periodMin')}</Typography.Text>
        <InputNumber min={0} value={min} onChange={(v) => setMin(v)} style={{ width: 120 }} />
      </Flex>
      <RollupTable by="county" r={r.data} testId="rollup-period-table" />
    </Card>
  );
}
