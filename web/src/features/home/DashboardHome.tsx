import { useMemo } from 'react';
import { Alert, Card, Col, Row, Statistic } from 'antd';
import { UNIT_KINDS } from '../../../../src/shared/enums.js';
import { UNIT_KIND_LABELS } from '../../../../src/shared/labels.js';
import { usersApi } from '../../api/users.js';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';
import { useUnits } from '../../components/unitsStore.js';
import { KindBarChart } from './KindBarChart.js';

/** City leader's read-only overview. Until cases exist it counts the organisation. */
export default function DashboardHome() {
  const { t, label } = useI18n();
  const { units, loading } = useUnits();
  const users = useApi(() => usersApi.list({ page: 1, pageSize: 1 }));

  const byKind = useMemo(() => {
    const counts = new Map<string, number>();
    for (const u of units) counts.set(u.kind, (counts.get(u.kind) ?? 0) + 1);
    return UNIT_KINDS.filter((k) => counts.has(k)).map((k) => ({ kind: k, count: counts.get(k) ?? 0 }));
  }, [units]);
  const chartLabels = useMemo(() => byKind.map((k) => label(UNIT_KIND_LABELS[k.kind])), [byKind, label]);
  const chartValues = useMemo(() => byKind.map((k) => k.count), [byKind]);

  return (
    <div data-testid="home-dashboard">
      <PageHeader title={t('dashboard.title')} />
      <WhoAmI />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card loading={loading}>
            <Statistic title={t('dashboard.unitsTotal')} value={units.length} data-testid="stat-units" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={users.loading}>
            <Statistic title={t('dashboard.usersTotal')} value={users.data?.total ?? '—'} data-testid="stat-users" />
          </Card>
        </Col>
      </Row>
      <Card title={t('dashboard.unitsByKind')} style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          {byKind.map((k) => (
            <Col xs={8} md={4} xl={2} key={k.kind}>
              <Statistic title={label(UNIT_KIND_LABELS[k.kind])} value={k.count} data-testid={`stat-kind-${k.kind}`} />
            </Col>
          ))}
        </Row>
        <KindBarChart labels={chartLabels} values={chartValues} />
      </Card>
      <Alert type="info" showIcon message={t('dashboard.later')} />
    </div>
  );
}
