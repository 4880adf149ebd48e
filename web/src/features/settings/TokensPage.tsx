import { useState } from 'react';
import { App as AntApp, Alert, Button, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../../api/client.js';
import type { ApiToken } from '../../api/types.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';

/** /settings/tokens — personal API tokens for integrations. The secret is shown once. */
export default function TokensPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const list = useApi<ApiToken[]>('/api/auth/tokens');
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string }>();

  async function create() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await api<{ token: string; item: ApiToken }>('/api/auth/tokens', { method: 'POST', json: { name: v.name.trim() } });
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
      await api(`/api/auth/tokens/${tk.id}`, { method: 'DELETE' });
      void message.success(t('tokens.revoked'));
      list.reload();
    } catch {
      // Shown by the client.
    }
  }

  return (
    <div data-testid="page-tokens">
      <PageHeader
        title={t('nav.tokens')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
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
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v?: string) => fmtTime(v) },
          { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', render: (v?: string | null) => fmtTime(v) || '—' },
          {
            title: t('user.status'),
            key: 'status',
            render: (_, tk) =>
              tk.revokedAt ? <Tag>{t('tokens.statusRevoked')}</Tag> : <Tag color="green">{t('tokens.statusActive')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, tk) =>
              !tk.revokedAt && (
                <Popconfirm title={t('tokens.revokeConfirm', { name: tk.name })} onConfirm={() => revoke(tk)}>
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
