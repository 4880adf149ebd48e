import { Link } from 'react-router-dom';
import { Badge, Button, Card, Flex, List, Space, Typography } from 'antd';
import { BankOutlined, CameraOutlined, CheckCircleOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { WhoAmI } from '../../components/WhoAmI.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { StateTag } from '../cases/caseUi.js';
import { useCaseList } from '../cases/useCaseList.js';

const BIG = { height: 64, fontSize: 18 } as const;
const MINE = { mine: true, pageSize: 5 };
const TO_VERIFY = { state: 'rectified', pageSize: 1 };

/** Phone-first: one column, large touch targets, nothing that needs a mouse. */
export default function InspectHome() {
  const { t } = useI18n();
  const mine = useCaseList(MINE);
  const toVerify = useCaseList(TO_VERIFY);
  return (
    <div data-testid="home-inspect" style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={3}>{t('inspect.title')}</Typography.Title>
      <WhoAmI />
      <Flex vertical gap={16}>
        <Link to="/cases/new">
          <Button size="large" type="primary" block icon={<CameraOutlined />} style={BIG} data-testid="report-problem">
            {t('inspect.report')}
          </Button>
        </Link>
        <Link to="/inspect/today">
          <Button size="large" block icon={<UnorderedListOutlined />} style={BIG} data-testid="go-inspect-today">
            {t('insp.todayTitle')}
          </Button>
        </Link>
        <Link to="/verify">
          <Button size="large" block icon={<CheckCircleOutlined />} style={BIG} data-testid="go-verify">
            <Space>
              {t('inspect.verifyQueue')}
              <Badge count={toVerify.data?.total ?? 0} />
            </Space>
          </Button>
        </Link>
        <Card title={t('inspect.myReports')} size="small" data-testid="my-reports">
          <List
            size="small"
            loading={mine.loading}
            dataSource={mine.data?.items ?? []}
            locale={{ emptyText: t('common.noData') }}
            renderItem={(c) => (
              <List.Item>
                <Space wrap>
                  <Link to={`/cases/${c.id}`}>{c.number}</Link>
                  <StateTag state={c.state} />
                  <Typography.Text type="secondary">{fmtTime(c.createdAt)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
        <Link to="/units">
          <Button size="large" block icon={<BankOutlined />} style={BIG}>
            {t('dispatch.openUnits')}
          </Button>
        </Link>
      </Flex>
    </div>
  );
}
