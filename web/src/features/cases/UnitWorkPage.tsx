import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Col, Row, Statistic } from 'antd';
import { UnorderedListOutlined } from '@ant-design/icons';
import type { CaseListItem } from '../../../../src/shared/contracts/cases.contract.js';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Act } from './actions/ActionDialog.js';
import { CaseActions } from './actions/CaseActions.js';
import { CaseTable } from './CaseTable.js';
import { dueOf } from './caseUi.js';
import { useCaseList } from './useCaseList.js';

const INBOX = { state: 'dispatched,acknowledged', orderBy: 'deadline' as const, pageSize: 200 };
const RECTIFIED = { state: 'rectified', orderBy: 'deadline' as const, pageSize: 100 };

/** What the unit may do with a case in its inbox (the server still checks scope and guards). */
function unitActions(c: CaseListItem): Act[] {
  const first: Act[] = c.state === 'dispatched' ? ['acknowledge'] : ['rectify'];
  return [...first, 'return', ...(c.pendingExtension ? [] : (['request_extension'] as Act[]))];
}

/** A responsible unit's desk: the inbox by deadline, and what waits for verification. */
export default function UnitWorkPage() {
  const { t } = useI18n();
  const inbox = useCaseList(INBOX);
  const rectified = useCaseList(RECTIFIED);
  const items = useMemo(() => inbox.data?.items ?? [], [inbox.data]);
  const stats = useMemo(
    () => ({
      toAck: items.filter((c) => c.state === 'dispatched').length,
      inProgress: items.filter((c) => c.state === 'acknowledged').length,
      overdue: items.filter((c) => dueOf(c) === 'overdue').length,
      soon: items.filter((c) => dueOf(c) === 'soon').length,
    }),
    [items],
  );

  return (
    <div data-testid="home-unit-work">
      <PageHeader
        title={t('unitWork.title')}
        extra={
          <Link to="/cases">
            <Button icon={<UnorderedListOutlined />}>{t('nav.cases')}</Button>
          </Link>
        }
      />
      <WhoAmI />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('queue.toAcknowledge')} value={stats.toAck} data-testid="stat-to-ack" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('queue.inProgress')} value={stats.inProgress} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('queue.overdue')} value={stats.overdue} valueStyle={stats.overdue ? { color: '#cf1322' } : undefined} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('case.dueSoon')} value={stats.soon} valueStyle={stats.soon ? { color: '#d46b08' } : undefined} />
          </Card>
        </Col>
      </Row>
      <Card title={t('queue.inbox')} style={{ marginBottom: 16 }}>
        <Alert type="info" showIcon message={t('unitWork.inboxHint')} style={{ marginBottom: 12 }} />
        <CaseTable
          data-testid="unit-inbox"
          items={items}
          loading={inbox.loading}
          columns={['number', 'state', 'deadline', 'category', 'description', 'address', 'reportedAt']}
          actions={(c) => <CaseActions target={c} actions={unitActions(c)} onDone={() => undefined} />}
        />
      </Card>
      <Card title={t('unitWork.awaitingVerify')}>
        <CaseTable
          data-testid="unit-rectified"
          items={rectified.data?.items ?? []}
          loading={rectified.loading}
          columns={['number', 'state', 'category', 'description', 'address', 'updatedAt']}
        />
      </Card>
    </div>
  );
}
