import { useState } from 'react';
import { App as AntApp, Button, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  ADMIN_CHANGE_LABELS,
  ADMIN_REQUEST_STATUS_LABELS,
  ADMIN_REQUEST_STATUSES,
  type AdminRequestStatus,
} from '../../../../src/shared/admin-requests.js';
import { ROLE_LABELS } from '../../../../src/shared/labels.js';
import { adminRequestsApi, type AdminRequest } from '../../api/adminRequests.js';
import { useMe } from '../../auth/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { textOf } from '../../../../src/shared/text.js';

const STATUS_COLORS: Record<AdminRequestStatus, string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  cancelled: 'default',
  expired: 'default',
};

/**
 * /admin/requests — changes to administrator accounts waiting for a second administrator
 * (三员分立). Another administrator approves or rejects; the requester may cancel.
 */
export default function AdminRequestsPage() {
  const me = useMe();
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<AdminRequestStatus | 'all'>('pending');
  const [page, setPage] = useState(1);
  const query = { status: status === 'all' ? undefined : status, page, pageSize: 20 };
  const list = useApi(() => adminRequestsApi.list(query), query);

  async function act(r: AdminRequest, verb: 'approve' | 'reject' | 'cancel') {
    try {
      await adminRequestsApi[verb](r.id);
      void message.success(t(`adminRequest.${verb}Done`));
    } catch {
      // Shown by the client (expired, decided meanwhile…).
    }
    list.reload();
  }

  const describe = (r: AdminRequest) => {
    const d = r.details;
    const parts: string[] = [];
    if (d.username) parts.push(`${d.displayName ?? ''}${t('common.paren', { x: d.username })}`);
    if (d.roles)
      parts.push(
        d.roles.length ? d.roles.map((g) => label(ROLE_LABELS[g.role], g.role)).join(t('common.listSep')) : t('adminRequest.noRoles'),
      );
    if (d.changes)
      for (const [k, v] of Object.entries(d.changes))
        parts.push(
          `${t(`adminRequest.field.${k}` as 'adminRequest.field.active')}: ${k === 'active' ? (v ? t('adminRequest.yes') : t('adminRequest.no')) : textOf(v ?? '—')}`,
        );
    return parts.join(t('common.clauseSep'));
  };

  const columns: ColumnsType<AdminRequest> = [
    { title: t('adminRequest.kind'), key: 'kind', width: 140, render: (_, r) => label(ADMIN_CHANGE_LABELS[r.kind], r.kind) },
    {
      title: t('adminRequest.target'),
      key: 'target',
      width: 140,
      render: (_, r) => (r.target ? `${r.target.displayName}${t('common.paren', { x: r.target.username })}` : t('adminRequest.newAccount')),
    },
    { title: t('adminRequest.details'), key: 'details', width: 220, render: (_, r) => describe(r) },
    { title: t('adminRequest.requestedBy'), key: 'requestedBy', width: 120, render: (_, r) => r.requestedBy.displayName },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => fmtTime(v) },
    { title: t('adminRequest.expiresAt'), dataIndex: 'expiresAt', width: 150, render: (v: string) => fmtTime(v) },
    {
      title: t('adminRequest.status'),
      key: 'status',
      width: 140,
      render: (_, r) => (
        <Space size={2} wrap>
          <Tag color={STATUS_COLORS[r.status]}>{label(ADMIN_REQUEST_STATUS_LABELS[r.status], r.status)}</Tag>
          {r.decidedBy && <Typography.Text type="secondary">{r.decidedBy.displayName}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, r) => {
        if (r.status !== 'pending') return null;
        if (r.requestedBy.id === me.user.id) {
          return (
            <Popconfirm title={t('adminRequest.cancelConfirm')} onConfirm={() => void act(r, 'cancel')}>
              <Button type="link" size="small" data-testid={`admin-request-cancel-${r.id}`}>
                {t('adminRequest.cancel')}
              </Button>
            </Popconfirm>
          );
        }
        if (r.target?.id === me.user.id) return <Typography.Text type="secondary">{t('adminRequest.aboutYou')}</Typography.Text>;
        return (
          <Space size={0}>
            <Popconfirm title={t('adminRequest.approveConfirm')} onConfirm={() => void act(r, 'approve')}>
              <Button type="link" size="small" data-testid={`admin-request-approve-${r.id}`}>
                {t('adminRequest.approve')}
              </Button>
            </Popconfirm>
            <Popconfirm title={t('adminRequest.rejectConfirm')} onConfirm={() => void act(r, 'reject')}>
              <Button type="link" size="small" danger data-testid={`admin-request-reject-${r.id}`}>
                {t('adminRequest.reject')}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  return (
    <div data-testid="home-admin-requests">
      <PageHeader title={t('nav.adminRequests')} />
      <Typography.Paragraph type="secondary">{t('adminRequest.intro')}</Typography.Paragraph>
      <Segmented<AdminRequestStatus | 'all'>
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage(1);
        }}
        options={[
          ...ADMIN_REQUEST_STATUSES.map((s) => ({ value: s, label: label(ADMIN_REQUEST_STATUS_LABELS[s], s) })),
          { value: 'all' as const, label: t('adminRequest.all') },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="admin-request-filter"
      />
      <Table<AdminRequest>
        rowKey="id"
        size="middle"
        data-testid="admin-requests-table"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => t('common.total', { n }),
        }}
      />
    </div>
  );
}
