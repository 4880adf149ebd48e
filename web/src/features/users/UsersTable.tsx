import { useState } from 'react';
import { App as AntApp, Button, Grid, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '../../../../src/shared/enums.js';
import { ROLE_LABELS } from '../../../../src/shared/labels.js';
import { usersApi, type User } from '../../api/users.js';
import { useMe } from '../../auth/session.js';
import { ImportExportButtons } from '../../components/ImportExport.js';
import { PageHeader } from '../../components/PageHeader.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useApi } from '../../components/useApi.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { isPendingRequest } from '../admin-requests/pending.js';
import { ResetPasswordModal, RolesModal, UserFormModal } from './UserModals.js';

interface Filters {
  q: string;
  unitId: number | null;
  role: Role | null;
  page: number;
  pageSize: number;
}

/**
 * The user list behind /admin/users (accounts: create, edit, roles) and
 * /admin/security (credentials: lock, unlock, reset password, roles).
 */
export function UsersTable({ mode, testId, title }: { mode: 'admin' | 'security'; testId: string; title: string }) {
  const me = useMe();
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const canWrite = me.permissions.includes('user.write');
  const canSecure = me.permissions.includes('user.security');
  const [filters, setFilters] = useState<Filters>({ q: '', unitId: null, role: null, page: 1, pageSize: 20 });
  const list = useApi(
    () =>
      usersApi.list({
        q: filters.q || undefined,
        unitId: filters.unitId ?? undefined,
        role: filters.role ?? undefined,
        page: filters.page,
        pageSize: filters.pageSize,
      }),
    filters,
  );
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [rolesOf, setRolesOf] = useState<User | null>(null);
  const [resetOf, setResetOf] = useState<User | null>(null);

  const patch = (p: Partial<Filters>) => setFilters((f) => ({ ...f, page: 1, ...p }));

  async function setLocked(u: User, lock: boolean) {
    try {
      const res = await (lock ? usersApi.lock(u.id) : usersApi.unlock(u.id));
      if (isPendingRequest(res)) void message.info(t('adminRequest.pending'));
      else void message.success(lock ? t('user.lockedDone', { name: u.displayName }) : t('user.unlockedDone', { name: u.displayName }));
      list.reload();
    } catch {
      // Shown by the client.
    }
  }

  const roleTags = (u: User) =>
    u.roles.map((r) => (
      <Tooltip key={`${r.role}-${r.unitId}`} title={r.unitName}>
        <Tag color="blue">{label(ROLE_LABELS[r.role], r.role)}</Tag>
      </Tooltip>
    ));
  const statusTags = (u: User) => (
    <Space size={2} wrap>
      {u.system && (
        <Tooltip title={t('user.systemHint')}>
          <Tag color="purple" data-testid={`user-system-${u.username}`}>
            {t('user.system')}
          </Tag>
        </Tooltip>
      )}
      {u.locked && (
        <Tooltip title={fmtTime(u.lockedAt)}>
          <Tag color="red">{t('user.locked')}</Tag>
        </Tooltip>
      )}
      {!u.active && !u.system && <Tag>{t('user.inactive')}</Tag>}
      {u.active && !u.locked && <Tag color="green">{t('user.normal')}</Tag>}
    </Space>
  );

  // On a phone a row is the person (name, account, unit, roles, status, one under the other)
  // beside the stacked actions: nothing scrolls sideways and nothing lies over anything.
  const phone = Grid.useBreakpoint().md === false;
  const data: ColumnsType<User> = phone
    ? [
        {
          title: t('user.displayName'),
          key: 'who',
          render: (_, u) => (
            <div data-testid={`user-who-${u.username}`}>
              <div>{u.displayName}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {u.username}
                {u.unitName ? ` · ${u.unitName}` : ''}
              </Typography.Text>
              <div style={{ marginTop: 4 }}>
                {roleTags(u)}
                {statusTags(u)}
              </div>
            </div>
          ),
        },
      ]
    : [
        { title: t('user.username'), dataIndex: 'username', width: 130 },
        { title: t('user.displayName'), dataIndex: 'displayName', width: 110 },
        { title: t('user.unit'), dataIndex: 'unitName', width: 160, render: (v: string | null) => v ?? '—' },
        { title: t('user.roles'), key: 'roles', width: 190, render: (_, u) => roleTags(u) },
        { title: t('user.phone'), dataIndex: 'phone', width: 120, render: (v: string | null) => v ?? '' },
        { title: t('user.status'), key: 'status', width: 90, render: (_, u) => statusTags(u) },
        { title: t('common.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtTime(v) },
      ];
  const columns: ColumnsType<User> = [
    ...data,
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      width: phone ? (mode === 'security' ? 96 : 72) : mode === 'security' ? 200 : 160,
      // A system account is shown for what it is and offers nothing: the server refuses every change.
      render: (_, u) =>
        u.system ? (
          <span style={{ color: 'rgba(0,0,0,0.45)' }}>—</span>
        ) : (
          <Space size={0} wrap direction={phone ? 'vertical' : 'horizontal'} align={phone ? 'start' : undefined}>
            {canWrite && (
              <Button type="link" size="small" onClick={() => setEditing(u)} data-testid={`user-edit-${u.username}`}>
                {t('common.edit')}
              </Button>
            )}
            {/* 三员分立: roles are granted by the security administrator only. */}
            {canSecure && (
              <Button type="link" size="small" onClick={() => setRolesOf(u)} data-testid={`user-roles-${u.username}`}>
                {t('user.roles')}
              </Button>
            )}
            {canSecure &&
              (u.locked ? (
                <Button type="link" size="small" onClick={() => void setLocked(u, false)} data-testid={`user-unlock-${u.username}`}>
                  {t('user.unlock')}
                </Button>
              ) : (
                <Popconfirm title={t('user.lockConfirm', { name: u.displayName })} onConfirm={() => void setLocked(u, true)}>
                  <Button type="link" size="small" danger disabled={u.id === me.user.id} data-testid={`user-lock-${u.username}`}>
                    {t('user.lock')}
                  </Button>
                </Popconfirm>
              ))}
            {canSecure && (
              <Button type="link" size="small" onClick={() => setResetOf(u)} data-testid={`user-reset-${u.username}`}>
                {t('user.resetPassword')}
              </Button>
            )}
          </Space>
        ),
    },
  ];

  const extra = (
    <>
      <ImportExportButtons resource="users" canImport={mode === 'admin' && canWrite} canExport onImported={list.reload} />
      {mode === 'admin' && canWrite && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
          {t('user.create')}
        </Button>
      )}
    </>
  );

  return (
    <div data-testid={testId}>
      <PageHeader title={title} extra={extra} />
      <WhoAmI />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('user.searchPlaceholder')}
          onSearch={(q) => patch({ q })}
          style={{ width: 240 }}
          data-testid="user-filter-q"
        />
        <UnitTreeSelect value={filters.unitId} onChange={(unitId) => patch({ unitId })} style={{ width: 240 }} />
        <Select<Role>
          allowClear
          placeholder={t('user.role')}
          value={filters.role ?? undefined}
          onChange={(role) => patch({ role: role ?? null })}
          options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))}
          style={{ width: 200 }}
          data-testid="user-filter-role"
        />
      </Space>
      <Table<User>
        rowKey="id"
        size="middle"
        data-testid="users-table"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        // As wide as its columns: narrower, and the pinned 操作 column would lie over 创建时间.
        scroll={phone ? undefined : { x: columns.reduce((sum, c) => sum + Number(c.width ?? 120), 0) }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { n }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        }}
      />
      <UserFormModal
        open={editing !== null}
        user={editing === 'new' || editing === null ? undefined : editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
      <RolesModal
        user={rolesOf}
        onClose={() => setRolesOf(null)}
        onSaved={() => {
          setRolesOf(null);
          list.reload();
        }}
      />
      <ResetPasswordModal user={resetOf} onClose={() => setResetOf(null)} />
    </div>
  );
}
