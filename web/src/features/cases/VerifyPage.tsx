import { Link } from 'react-router-dom';
import { Alert, Card, Empty, Flex, Skeleton, Space, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { CaseActions } from './actions/CaseActions.js';
import { categoryTitle, StateTag, useCategories } from './caseUi.js';
import { useCaseList } from './useCaseList.js';

const FILTER = { state: 'rectified', orderBy: 'deadline' as const, pageSize: 100 };

/** Phone-first verification queue: one card per rectified case, close or reopen on site. */
export default function VerifyPage() {
  const { t } = useI18n();
  const { byCode } = useCategories();
  const list = useCaseList(FILTER);
  const items = list.data?.items ?? [];

  return (
    <div data-testid="page-verify" style={{ maxWidth: 640, margin: '0 auto' }}>
      <Typography.Title level={3}>{t('verify.title')}</Typography.Title>
      <Alert type="info" showIcon message={t('verify.hint')} style={{ marginBottom: 12 }} />
      {list.loading && !list.data && <Skeleton active />}
      {list.data && items.length === 0 && <Empty description={t('queue.empty')} />}
      <Flex vertical gap={12}>
        {items.map((c) => (
          <Card
            key={c.id}
            size="small"
            data-testid={`verify-card-${c.id}`}
            data-number={c.number}
            title={
              <Space wrap>
                <Link to={`/cases/${c.id}`}>{c.number}</Link>
                <StateTag state={c.state} />
              </Space>
            }
          >
            <Typography.Text strong>{categoryTitle(c.categoryCode, byCode)}</Typography.Text>
            <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ margin: '4px 0' }}>
              {c.description}
            </Typography.Paragraph>
            {c.address && (
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                <EnvironmentOutlined /> {c.address}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
              {c.assignedUnitName ?? '—'} · {t('verify.rectifiedAt')} {fmtTime(c.updatedAt)}
            </Typography.Text>
            <CaseActions target={c} actions={['verify_close', 'verify_reopen']} onDone={() => undefined} size="large" />
          </Card>
        ))}
      </Flex>
    </div>
  );
}
