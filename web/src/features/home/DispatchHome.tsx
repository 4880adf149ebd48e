import { Link } from 'react-router-dom';
import { Alert, Button, Card, Col, Row, Statistic } from 'antd';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { useI18n } from '../../i18n/i18n.js';
import { useUnits } from '../units/unitsStore.js';
import type { MessageKey } from '../../i18n/zh-CN.js';

const CASE_CARDS: MessageKey[] = ['dispatch.toAccept', 'dispatch.toDispatch', 'dispatch.inProgress', 'dispatch.overdue'];

/** HQ dispatcher's workbench. Case handling is not built yet; the page says so. */
export default function DispatchHome() {
  const { t } = useI18n();
  const { units, loading } = useUnits();
  return (
    <div data-testid="home-dispatch">
      <PageHeader title={t('dispatch.title')} />
      <WhoAmI />
      <Alert type="info" showIcon message={t('dispatch.casesLater')} style={{ marginBottom: 16 }} />
      <Row gutter={[16, 16]}>
        {CASE_CARDS.map((k) => (
          <Col xs={12} md={6} key={k}>
            <Card>
              <Statistic title={t(k)} value="—" />
              <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{t('common.comingSoon')}</div>
            </Card>
          </Col>
        ))}
        <Col xs={24} md={12}>
          <Card title={t('dispatch.unitsCard')} loading={loading}>
            <Statistic title={t('dashboard.unitsTotal')} value={units.length} />
            <Link to="/units">
              <Button type="link" style={{ paddingLeft: 0 }} data-testid="link-units">
                {t('dispatch.openUnits')}
              </Button>
            </Link>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
