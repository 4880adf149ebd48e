import { Link } from 'react-router-dom';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { PROJECT_RATE_LABELS, PROJECT_RATES } from '../../../../src/shared/project-enums.js';
import { batchTitle } from '../../../../src/shared/project-names.js';
import { projectRollupsApi } from '../../api/project-rollups.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';
import { fmtInvestment, fmtRate } from './money.js';

/**
 * The projects block of the leader's cockpit: projects and their investment, the latest
 * "三个一批" batch's rates (count-based), 在建工业项目 and their completion against the annual plan
 * (shown once monthly investment reports exist). One GET of /api/project-rollups/summary.
 */
export function ProjectsCockpitTile() {
  const { t, label } = useI18n();
  const s = useApi(() => projectRollupsApi.summary(), 'cockpit');
  const v = s.data;
  const iuc = v?.industrialUnderConstruction;
  return (
    <Card
      size="small"
      title={t('rollup.tile')}
      extra={<Link to="/projects/dashboard">{t('rollup.tile.open')}</Link>}
      loading={s.loading && !v}
      style={{ marginBottom: 12 }}
      data-testid="cockpit-projects"
    >
      {v && iuc && (
        <Row gutter={[12, 12]}>
          <Col xs={12} md={6}>
            <Statistic title={t('rollup.total')} value={t('rollup.count', { n: v.total.count })} />
            <Typography.Text type="secondary">{fmtInvestment(v.total.investment, t)}</Typography.Text>
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('rollup.industrial')} value={t('rollup.count', { n: iuc.count })} />
            <Typography.Text type="secondary">
              {iuc.investmentReports ? `${t('rollup.completionRate')} ${fmtRate(iuc.completionRate)}` : t('rollup.noReports')}
            </Typography.Text>
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text strong>
              {v.latestBatch
                ? t('rollup.latestBatch', {
                    name: batchTitle(v.latestBatch.batch.countyName, v.latestBatch.batch.name),
                    date: v.latestBatch.batch.eventDate,
                  })
                : t('rollup.noBatch')}
            </Typography.Text>
            {v.latestBatch && (
              <Row gutter={8} style={{ marginTop: 4 }}>
                {PROJECT_RATES.map((rate) => (
                  <Col key={rate} span={6}>
                    <Statistic
                      title={label(PROJECT_RATE_LABELS[rate])}
                      value={fmtRate(v.latestBatch!.rates.rates.find((r) => r.rate === rate)?.value ?? null)}
                      valueStyle={{ fontSize: 18 }}
                    />
                  </Col>
                ))}
              </Row>
            )}
          </Col>
        </Row>
      )}
    </Card>
  );
}
