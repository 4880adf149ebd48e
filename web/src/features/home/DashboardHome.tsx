import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, Row, Segmented, Space, Typography } from 'antd';
import { CASE_STATES, TERMINAL_CASE_STATES, type DashboardPeriod } from '../../../../src/shared/case-enums.js';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { CaseMap } from '../cases/map/CaseMap.js';
import { CockpitTiles } from './cockpit/CockpitTiles.js';
import { CockpitOverdueUnits, CockpitRanking, CockpitRedBlack, CockpitTrend, CockpitWeakPoints } from './cockpit/CockpitPanels.js';
import { useCockpit } from './cockpit/useCockpit.js';
import { useMe } from '../../auth/session.js';
import { ProjectsCockpitTile } from '../projects/ProjectsCockpitTile.js';

/** Every state a case can still move on from: the map shows what is open (overdue ones flagged). */
const OPEN_STATES = CASE_STATES.filter((s) => !TERMINAL_CASE_STATES.includes(s)).join(',');

/**
 * 领导驾驶舱, the leader's (and HQ's) landing: this week or month against the one
 * before, the trend, the unit ranking, who owes the most overdue work, the weakest
 * check points and the map of open cases. Every figure links to the list behind it.
 * One GET of /api/dashboard/cockpit (maintained aggregates) plus the unit ranking; the
 * 红黑榜 card shows the latest published assessment results.
 */
export default function DashboardHome() {
  const { t } = useI18n();
  const [period, setPeriod] = useState<DashboardPeriod>('week');
  const c = useCockpit(period);
  const v = c.cockpit.data;
  const span = v?.current;
  const me = useMe();

  return (
    <div data-testid="home-dashboard">
      <PageHeader title={t('dashboard.title')} />
      <WhoAmI />
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<DashboardPeriod>
          value={period}
          onChange={setPeriod}
          options={[
            { value: 'week', label: t('cockpit.period.week') },
            { value: 'month', label: t('cockpit.period.month') },
          ]}
          data-testid="cockpit-period"
        />
        {span && (
          <Typography.Text type="secondary" data-testid="cockpit-span">
            {t(`cockpit.current.${period}`)} {t('cockpit.span', { from: span.from, to: span.to })}
          </Typography.Text>
        )}
        {v && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('cockpit.asOf', { time: fmtTime(v.asOf) })}
          </Typography.Text>
        )}
      </Space>
      <CockpitTiles c={c} period={period} />
      {me.permissions.includes('project.read') && <ProjectsCockpitTile />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} xl={14}>
          <CockpitTrend c={c} />
        </Col>
        <Col xs={24} xl={10}>
          <CockpitRedBlack c={c} />
        </Col>
        <Col xs={24} xl={14}>
          <CockpitRanking c={c} />
        </Col>
        <Col xs={24} xl={10}>
          <CockpitOverdueUnits c={c} />
        </Col>
        <Col xs={24} xl={10}>
          <CockpitWeakPoints c={c} />
        </Col>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={t('cockpit.map')}
            extra={<Link to={`/cases/map?state=${OPEN_STATES}`}>{t('cockpit.map.open')}</Link>}
            data-testid="cockpit-map"
          >
            <CaseMap filter={{ state: OPEN_STATES }} height={400} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
