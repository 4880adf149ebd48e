import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Select, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/session.js';
import { projectsApi } from '../../api/projects.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ProjectBatch } from '../../../../src/shared/contracts/projects.contract.js';
import { fmtInvestment } from './money.js';
import { BatchForm } from './BatchForm.js';
import { PeriodsCard } from './PeriodsCard.js';

/**
 * 三个一批: the batches in the caller's scope, per county (the county in the address), and
 * several periods of a county side by side ("前四期").
 */
export default function BatchesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const countyUnitId = Number(params.get('countyUnitId')) || undefined;
  const all = useApi(() => projectsApi.listBatches(), 'all');
  const items = (all.data?.items ?? []).filter((b) => !countyUnitId || b.countyUnitId === countyUnitId);
  const counties = [...new Map((all.data?.items ?? []).map((b) => [b.countyUnitId, b.countyName])).entries()].map(([value, label]) => ({
    value,
    label,
  }));
  const county = countyUnitId ?? (counties.length === 1 ? counties[0]!.value : undefined);
  const canManage = useMe().permissions.includes('project.manage');
  const [creating, setCreating] = useState(false);
  const nextSeq = (c: number) => 1 + Math.max(0, ...(all.data?.items ?? []).filter((b) => b.countyUnitId === c).map((b) => b.seq));

  return (
    <div data-testid="home-projects-batches">
      <PageHeader
        title={t('batch.list')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="batch-new">
              {t('batch.new')}
            </Button>
          )
        }
      >
        {counties.length > 1 && (
          <Select
            allowClear
            placeholder={t('project.county')}
            value={countyUnitId}
            onChange={(v?: number) => {
              const next = new URLSearchParams(params);
              if (v) next.set('countyUnitId', String(v));
              else next.delete('countyUnitId');
              setParams(next);
            }}
            style={{ width: 160 }}
            options={counties}
            data-testid="batches-county"
          />
        )}
      </PageHeader>
      <Table<ProjectBatch>
        rowKey="id"
        size="middle"
        loading={all.loading}
        dataSource={items}
        pagination={false}

        locale={{ emptyText: t('batch.empty') }}
        data-testid="batches-table"
        columns={[
          {
            title: t('batch.name'),
            key: 'name',
            render: (_, b) => (
              <Link to={`/projects/batches/${b.id}`} data-testid={`batch-link-${b.id}`}>
                {b.name}
              </Link>
            ),
          },
          { title: t('project.county'), dataIndex: 'countyName', key: 'county', width: 110, responsive: ['md'] },
          { title: t('batch.seq'), key: 'seq', width: 80, render: (_, b) => t('batch.seqN', { n: b.seq }) },
          { title: t('batch.eventDate'), dataIndex: 'eventDate', key: 'date', width: 120, responsive: ['md'] },
          { title: t('batch.projects'), dataIndex: 'projectCount', key: 'n', width: 80, align: 'right' },
          {
            title: t('project.totalInvestment'),
            key: 'inv',
            width: 130,
            align: 'right',
            render: (_, b) => fmtInvestment(b.totalInvestment, t),
          },
        ]}
      />
      {county !== undefined && (
        <PeriodsCard countyUnitId={county} batches={(all.data?.items ?? []).filter((b) => b.countyUnitId === county)} />
      )}
      {creating && <BatchForm open onClose={() => setCreating(false)} nextSeq={nextSeq} />}
    </div>
  );
}
