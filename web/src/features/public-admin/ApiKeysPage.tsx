import { useState } from 'react';
import { App as AntApp, Alert, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { apiKeysApi } from '../../api/api-keys.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { API_KEY_SOURCES, type ApiKeySource } from '../../../../src/shared/public-enums.js';
import { CASE_SOURCE_LABELS } from '../../../../src/shared/case-enums.js';
import type { ApiKey, ApiKeyIssue } from '../../../../src/shared/contracts/public.contract.js';

/**
 * 接口密钥 (issue 15 point 7): the keys integrators (12345 platform, city apps) use for
 * Open311 writes. HQ or the sysadmin issues one with a name, the source its reports carry
 * and a rate limit; the secret is shown once with a copy button; revoking asks first.
 */
export default function ApiKeysPage() {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const list = useApi(() => apiKeysApi.list(), 'api-keys');
  const [issuing, setIssuing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<ApiKeyIssue>();

  async function issue() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await apiKeysApi.issue({ ...v, name: v.name.trim() });
      setIssuing(false);
      form.resetFields();
      setSecret(r.secret);
      list.reload();
    } catch {
      // Shown by the client.
    } finally {
      setBusy(false);
    }
  }

  async function revoke(k: ApiKey) {
    try {
      await apiKeysApi.revoke(k.id);
      void message.success(t('keys.revoked'));
      list.reload();
    } catch {
      // Shown by the client.
    }
  }

  async function copy() {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      void message.success(t('keys.copied'));
    } catch {
      // No clipboard (plain http): the text is selectable.
    }
  }

  return (
    <div data-testid="page-api-keys">
      <PageHeader
        title={t('keys.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)} data-testid="key-issue">
            {t('keys.issue')}
          </Button>
        }
      />
      <Alert type="info" showIcon message={t('keys.help')} style={{ marginBottom: 12 }} />
      <Table<ApiKey>
        data-testid="key-list"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('keys.empty') }}
        columns={[
          { title: t('keys.name'), dataIndex: 'name' },
          { title: t('keys.prefix'), dataIndex: 'prefix', render: (v: string) => <code>{v}…</code> },
          { title: t('keys.source'), dataIndex: 'source', render: (v: ApiKeySource) => label(CASE_SOURCE_LABELS[v]) },
          { title: t('keys.ratePerMinute'), dataIndex: 'ratePerMinute', align: 'right' },
          { title: t('keys.createdBy'), dataIndex: 'createdBy', render: (v: string | null) => v ?? '—' },
          { title: t('keys.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtTime(v) },
          { title: t('keys.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => fmtTime(v) || t('keys.neverUsed') },
          {
            title: t('keys.status'),
            key: 'status',
            render: (_, k) => (k.revokedAt ? <Tag>{t('keys.revokedTag')}</Tag> : <Tag color="green">{t('keys.active')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, k) =>
              !k.revokedAt && (
                <Popconfirm
                  title={t('keys.revokeConfirm', { name: k.name })}
                  onConfirm={() => void revoke(k)}
                  okButtonProps={{ danger: true }}
                >
                  <Button type="link" danger size="small" data-testid={`key-revoke-${k.id}`}>
                    {t('keys.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={issuing}
        title={t('keys.issue')}
        onCancel={() => setIssuing(false)}
        onOk={() => void issue()}
        confirmLoading={busy}
        forceRender
      >
        <Form form={form} layout="vertical" initialValues={{ source: 'hotline', ratePerMinute: 60 }}>
          <Form.Item name="name" label={t('keys.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input maxLength={100} placeholder={t('keys.namePlaceholder')} data-testid="key-name" />
          </Form.Item>
          <Form.Item name="source" label={t('keys.source')} rules={[{ required: true }]}>
            <Select options={API_KEY_SOURCES.map((s) => ({ value: s, label: label(CASE_SOURCE_LABELS[s]) }))} data-testid="key-source" />
          </Form.Item>
          <Form.Item name="ratePerMinute" label={t('keys.ratePerMinute')} rules={[{ required: true, type: 'integer', min: 1, max: 6000 }]}>
            <InputNumber min={1} max={6000} precision={0} style={{ width: '100%' }} data-testid="key-rate" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={secret !== null}
        title={t('keys.secretTitle')}
        closable={false}
        maskClosable={false}
        onOk={() => setSecret(null)}
        okText={t('keys.saved')}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon message={t('keys.secretWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph code copyable={false} style={{ wordBreak: 'break-all', fontSize: 15 }} data-testid="key-secret">
          {secret}
        </Typography.Paragraph>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="key-copy">
          {t('keys.copy')}
        </Button>
      </Modal>
    </div>
  );
}
