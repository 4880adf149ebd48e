import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App as AntApp, Button, Card, DatePicker, Flex, Popconfirm, Spin, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { projectsApi } from '../../api/projects.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { beijingToday, pickerDay } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import { useMe } from '../../auth/session.js';
import type { ProjectBatchDetail, ProjectBatchItem } from '../../../../src/shared/contracts/projects.contract.js';
import { BATCH_ROLES, BATCH_ROLE_LABELS, PROJECT_STAGE_LABELS, PROJECT_STATUS_LABELS } from '../../../../src/shared/project-enums.js';
import { fmtInvestment } from './money.js';
import { BatchMembersCard } from './BatchMembersCard.js';
import { RatesTable } from './RatesTable.js';

/**
 * A "三个一批" batch: its projects by role (签约 / 开工 / 投产) and the four rates, count-based
 * and investment-weighted, as of a day (today in Beijing unless picked).
 */
export default function BatchPage() {
  const { id } = useParams();
  const batchId = Number(id);
  const { t, label } = useI18n();
  const [asOf, setAsOf] = useState(beijingToday());
  const { message } = AntApp.useApp();
  const canManage = useMe().permissions.includes('project.manage');
  const batch = useApi(() => projectsApi.getBatch(batchId), batchId);
  const rates = useApi(() => projectsApi.batchRates(batchId, asOf), { batchId, asOf });
  // A reply of a membership change replaces the loaded batch; the rates are read again.
  const [fresh, setFresh] = useState<ProjectBatchDetail | null>(null);
  const b = fresh?.id === batchId ? fresh : batch.data;
  if (!b) return <Spin />;
  const changed = (next: ProjectBatchDetail) => {
    setFresh(next);
    rates.reload();
  };

  async function remove(item: ProjectBatchItem) {
    try {
      changed(await projectsApi.removeFromBatch(batchId, item.projectId));
      void message.success(t('batch.removed', { name: item.name }));
    } catch {
      // toasted by the client
    }
  }

  return (
    <div data-testid="page-batch">
      <PageHeader
        title={b.name}
        extra={
          <Flex gap={8} align="center">
            <Typography.Text>{t('batch.asOf')}</Typography.Text>
            <DatePicker allowClear={false} value={dayjs(asOf)} onChange={(d) => d && setAsOf(pickerDay(d))} data-testid="batch-as-of" />
          </Flex>
        }
      >
        <Typography.Text type="secondary">
          {b.countyName} · {t('batch.seqN', { n: b.seq })} · {t('batch.eventDate')} {b.eventDate} ·{' '}
          {t('batch.summary', { n: b.projectCount, inv: fmtInvestment(b.totalInvestment, t) })}
        </Typography.Text>
      </PageHeader>
      <Card title={t('batch.rates')} size="small" style={{ marginBottom: 16 }} loading={rates.loading && !rates.data}>
        {rates.data && (
          <RatesTable testId="batch-rates" columns={[{ key: 'batch', title: `${t('batch.asOf')} ${asOf}`, rates: rates.data }]} />
        )}
      </Card>
      {canManage && <BatchMembersCard batch={b} onChanged={changed} />}
      {BATCH_ROLES.map((role) => {
        const items = b.items.filter((i) => i.role === role);
        if (items.length === 0) return null;
        return (
          <Card
            key={role}
            size="small"
            style={{ marginBottom: 16 }}
            title={`${label(BATCH_ROLE_LABELS[role])}${t('common.paren', { x: items.length })}`}
            data-testid={`batch-role-${role}`}
          >
            <Table<ProjectBatchItem>
              size="small"
              rowKey="projectId"
              pagination={false}
              dataSource={items}

              columns={[
                { title: t('project.code'), dataIndex: 'code', key: 'code', width: 120, responsive: ['md'] },
                {
                  title: t('project.name'),
                  key: 'name',
                  render: (_, i) => <Link to={`/projects/${i.projectId}`}>{i.name}</Link>,
                },
                {
                  title: t('project.stage'),
                  key: 'stage',
                  width: 150,
                  render: (_, i) =>
                    i.status === 'terminated' ? (
                      <Tag>{label(PROJECT_STATUS_LABELS.terminated)}</Tag>
                    ) : (
                      <>
                        <Tag color="blue">{label(PROJECT_STAGE_LABELS[i.currentStage])}</Tag>
                        {i.currentStageDate ?? ''}
                      </>
                    ),
                },
                {
                  title: t('project.totalInvestment'),
                  key: 'inv',
                  width: 130,
                  align: 'right',
                  render: (_, i) => fmtInvestment(i.totalInvestment, t),
                },
                ...(canManage
                  ? [
                      {
                        title: '',
                        key: 'remove',
                        width: 70,
                        render: (_: unknown, i: ProjectBatchItem) => (
                          <Popconfirm title={t('batch.removeConfirm', { name: i.name })} onConfirm={() => void remove(i)}>
                            <Button size="small" type="link" danger data-testid={`batch-remove-${i.projectId}`}>
                              {t('batch.remove')}
                            </Button>
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        );
      })}
    </div>
  );
}
