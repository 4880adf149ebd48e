import { Link } from 'react-router-dom';
import { Button, Card, List, Space, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { StateTag } from '../cases/caseUi.js';
import { useCaseList } from '../cases/useCaseList.js';

const MINE = { mine: true, pageSize: 20 };

/** 随手拍: report a problem, follow my reports. */
export default function CitizenHome() {
  const { t } = useI18n();
  const mine = useCaseList(MINE);
  return (
    <div data-testid="home-citizen" style={{ maxWidth: 720 }}>
      <PageHeader title={t('citizen.title')} />
      <WhoAmI />
      <Link to="/cases/new">
        <Button
          type="primary"
          size="large"
          block
          icon={<CameraOutlined />}
          style={{ height: 56, marginBottom: 16 }}
          data-testid="report-problem"
        >
          {t('nav.caseNew')}
        </Button>
      </Link>
      <Card title={t('inspect.myReports')} size="small">
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
    </div>
  );
}
