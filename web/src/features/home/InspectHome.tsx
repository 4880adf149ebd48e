import { Link } from 'react-router-dom';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { CameraOutlined, CarryOutOutlined, BankOutlined } from '@ant-design/icons';
import { WhoAmI } from '../../components/WhoAmI.js';
import { useI18n } from '../../i18n/i18n.js';

const BIG = { height: 64, fontSize: 18 } as const;

/** Phone-first: one column, large touch targets, nothing that needs a mouse. */
export default function InspectHome() {
  const { t } = useI18n();
  return (
    <div data-testid="home-inspect" style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={3}>{t('inspect.title')}</Typography.Title>
      <WhoAmI />
      <Flex vertical gap={16}>
        <Card title={t('inspect.today')} data-testid="inspect-today">
          <Alert type="info" showIcon message={t('inspect.todayLater')} />
        </Card>
        <Button size="large" type="primary" block icon={<CarryOutOutlined />} style={BIG} disabled>
          {t('inspect.start')}
        </Button>
        <Button size="large" block icon={<CameraOutlined />} style={BIG} disabled>
          {t('inspect.report')}
        </Button>
        <Link to="/units">
          <Button size="large" block icon={<BankOutlined />} style={BIG}>
            {t('dispatch.openUnits')}
          </Button>
        </Link>
      </Flex>
    </div>
  );
}
