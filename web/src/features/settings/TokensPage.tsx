import { useState } from 'react';
import { App as AntApp, Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { PERMISSION_LABELS } from '../../../../src/shared/labels.js';
import type { Permission } from '../../../../src/shared/enums.js';
import { authApi, type ApiToken } from '../../api/auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';

interface CreateForm {
  name: string;
  scopes: Permission[];
  expiresInDays: number;
}

/**
 * /settings/tokens — personal API tokens for integrations. The owner picks the scopes (from
 * their own permissions) and the lifetime; the secret is shown once.
 */
export default function TokensPage() {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const list = useApi(authApi.tokens);
  const options = useApi(authApi.tokenOptions);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<CreateForm>();
  const scopeLabel = (p: Permission) => label(PERMISSION_LABELS[p], p);

  function open() {
    form.setFieldsValue({ name: '', scopes: [], expiresInDays: options.data?.defaultDays ?? 90 });
    setCreating(true);
  }

  async function create() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await authApi.createToken({ name: v.name.trim(), scopes: v.scopes, expiresInDays: v.expiresInDays });
      setCreating(false);
      form.resetFields();
      setSecret(r.token);
      list.reload();
    } catch {
      // Shown by the client.
    } finally {
      setBusy(false);
    }
  }

  async function revoke(tk: ApiToken) {
    try {
      await authApi.revokeToken(tk.id);
      void message.success(t('tokens.revoked'));
      list.reload();
    } catch {
      // Shown by the client.
    }
  }

  const maxDays = options.data?.maxDays ?? 365;
  return (
    <div data-testid="page-tokens">
      <PageHeader
        title={t('nav.tokens')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={open} disabled={!options.data} data-testid="token-create">
            {t('tokens.create')}
          </Button>
        }
      />
      <Alert type="info" showIcon message={t('tokens.help')} style={{ marginBottom: 12 }} />
      <Table<ApiToken>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name' },
          { title: t('tokens.prefix'), dataIndex: 'prefix', render: (v?: string) => (v ? <code>{v}…</code> : '') },
          {
            title: t('tokens.scopes'),
            dataIndex: 'scopes',
            render: (v: Permission[] = []) => (
              <Space size={[0, 4]} wrap>
                {v.map((p) => (
                  <Tag key={p}>{scopeLabel(p)}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v?: string) => fmtTime(v) },
          { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: (v?: string | null) => fmtTime(v) || '—' },
          { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', render: (v?: string | null) => fmtTime(v) || t('tokens.neverUsed') },
          {
            title: t('user.status'),
            key: 'status',
            render: (_, tk) =>
              tk.status === 'revoked' ? (
                <Tag>{t('tokens.statusRevoked')}</Tag>
              ) : tk.status === 'expired' ? (
                <Tag color="orange">{t('tokens.statusExpired')}</Tag>
              ) : (
                <Tag color="green">{t('tokens.statusActive')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, tk) =>
              tk.status === 'active' && (
                <Popconfirm title={t('tokens.revokeConfirm', { name: tk.name })} onConfirm={() => void revoke(tk)}>
                  <Button type="link" danger size="small" data-testid={`token-revoke-${tk.id}`}>
                    {t('tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('tokens.create')}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        confirmLoading={busy}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={64} placeholder={t('tokens.namePlaceholder')} data-testid="token-name" />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t('tokens.scopes')}
            extra={t('tokens.scopesHelp')}
            rules={[{ required: true, type: 'array', min: 1, message: t('tokens.scopesRequired') }]}
          >
            <Checkbox.Group
              data-testid="token-scopes"
              style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: 4 }}
            >
              {(options.data?.scopes ?? []).map((p) => (
                <Checkbox key={p} value={p} data-testid={`token-scope-${p}`}>
                  {scopeLabel(p)}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
          <Form.Item
            name="expiresInDays"
            label={t('tokens.expiresInDays')}
            extra={t('tokens.expiresHelp', { max: maxDays })}
            rules={[{ required: true, type: 'integer', min: 1, max: maxDays, message: t('tokens.expiresRange', { max: maxDays }) }]}
          >
            <InputNumber
              min={1}
              max={maxDays}
              precision={0}
              addonAfter={t('tokens.days')}
              style={{ width: 180 }}
              data-testid="token-days"
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={secret !== null}
        title={t('tokens.createdTitle')}
        onCancel={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t('tokens.savedIt')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('tokens.onlyOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: secret ?? '' }} code data-testid="token-secret" style={{ wordBreak: 'break-all' }}>
          {secret}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}
