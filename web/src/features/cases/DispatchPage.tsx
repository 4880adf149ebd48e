import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge, Button, Card, Col, Row, Statistic, Tabs } from 'antd';
import { PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { CaseListItem, CaseQuery } from '../../../../src/shared/contracts/cases.contract.js';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/zh-CN.js';
import type { Act } from './actions/ActionDialog.js';
import { CaseActions } from './actions/CaseActions.js';
import { CaseTable } from './CaseTable.js';
import { useCaseList } from './useCaseList.js';

type QueueKey = 'reported' | 'accepted' | 'returned' | 'extensions' | 'overdue' | 'suspended';

interface Queue {
  key: QueueKey;
  label: MessageKey;
  filter: CaseQuery;
  /** Client-side narrowing where the API has no filter for it. */
  keep?: (c: CaseListItem) => boolean;
  actions: (c: CaseListItem) => Act[];
}

const withExtension = (c: CaseListItem): Act[] => (c.pendingExtension ? ['approve_extension', 'deny_extension'] : []);

const QUEUES: Queue[] = [
  { key: 'reported', label: 'queue.reported', filter: { state: 'reported', pageSize: 100 }, actions: () => ['accept', 'reject', 'merge'] },
  {
    key: 'accepted',
    label: 'queue.accepted',
    filter: { state: 'accepted', pageSize: 100 },
    actions: () => ['dispatch', 'merge', 'suspend'],
  },
  { key: 'returned', label: 'queue.returned', filter: { state: 'returned', pageSize: 100 }, actions: () => ['redispatch', 'suspend'] },
  {
    key: 'extensions',
    label: 'queue.extensions',
    // GET /api/cases has no "pending extension" filter: take the working cases and keep those with one.
    filter: { state: 'dispatched,acknowledged', orderBy: 'deadline', pageSize: 500 },
    keep: (c) => c.pendingExtension !== null,
    actions: withExtension,
  },
  {
    key: 'overdue',
    label: 'queue.overdue',
    filter: { overdue: true, orderBy: 'deadline', pageSize: 100 },
    actions: (c) => [...withExtension(c), 'suspend'],
  },
  { key: 'suspended', label: 'queue.suspended', filter: { state: 'suspended', pageSize: 100 }, actions: () => ['resume'] },
];

function useQueue(q: Queue) {
  const r = useCaseList(q.filter);
  const items = useMemo(() => (r.data?.items ?? []).filter(q.keep ?? (() => true)), [r.data, q.keep]);
  return { items, total: q.keep ? items.length : (r.data?.total ?? 0), loading: r.loading };
}

/** HQ dispatcher's workbench: every queue that waits for HQ, each row with its actions. */
export default function DispatchPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<QueueKey>('reported');
  const data = {
    reported: useQueue(QUEUES[0]!),
    accepted: useQueue(QUEUES[1]!),
    returned: useQueue(QUEUES[2]!),
    extensions: useQueue(QUEUES[3]!),
    overdue: useQueue(QUEUES[4]!),
    suspended: useQueue(QUEUES[5]!),
  } satisfies Record<QueueKey, ReturnType<typeof useQueue>>;

  return (
    <div data-testid="home-dispatch">
      <PageHeader
        title={t('dispatch.title')}
        extra={
          <>
            <Link to="/cases/new">
              <Button icon={<PlusOutlined />}>{t('nav.caseNew')}</Button>
            </Link>
            <Link to="/cases">
              <Button icon={<UnorderedListOutlined />}>{t('nav.cases')}</Button>
            </Link>
          </>
        }
      />
      <WhoAmI />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {QUEUES.map((q) => (
          <Col xs={12} sm={8} lg={4} key={q.key}>
            <Card size="small" hoverable onClick={() => setTab(q.key)} data-testid={`stat-${q.key}`}>
              <Statistic
                title={t(q.label)}
                value={data[q.key].total}
                loading={data[q.key].loading && !data[q.key].total}
                valueStyle={q.key === 'overdue' && data.overdue.total ? { color: '#cf1322' } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as QueueKey)}
          items={QUEUES.map((q) => ({
            key: q.key,
            label: (
              <span data-testid={`tab-${q.key}`}>
                {t(q.label)} <Badge count={data[q.key].total} showZero={false} color={q.key === 'overdue' ? 'red' : 'blue'} />
              </span>
            ),
            children: (
              <CaseTable
                data-testid={`queue-${q.key}`}
                items={data[q.key].items}
                loading={data[q.key].loading}
                columns={
                  q.key === 'reported' || q.key === 'accepted'
                    ? ['number', 'state', 'category', 'severity', 'source', 'description', 'address', 'reportedAt']
                    : ['number', 'state', 'category', 'description', 'unit', 'deadline']
                }
                actions={(c) => <CaseActions target={c} actions={q.actions(c)} onDone={() => undefined} />}
              />
            ),
          }))}
        />
      </Card>
    </div>
  );
}
