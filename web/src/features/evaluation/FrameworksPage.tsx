import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App as AntApp, Button, Card, Col, Empty, Form, Input, Modal, Row, Space, Table, Tag, Tree, Typography, Upload } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { DownloadOutlined, FileExcelOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { NODE_LEVEL_LABELS } from '../../../../src/shared/evaluation-enums.js';
import { ApiError } from '../../api/client.js';
import { frameworksApi } from '../../api/evaluation.js';
import type { ImportRowError } from '../../../../src/shared/contracts/imports.contract.js';
import { ImportErrorsModal } from '../../components/ImportExport.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useSession } from '../../auth/session.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import type {
  FrameworkDetail,
  FrameworkNode,
  FrameworkView as FrameworkVersion,
} from '../../../../src/shared/contracts/evaluation.contract.js';
import { StatusTag, useEvalText } from './evalUi.js';

/** 测评体系: versions (draft → published), Excel import / export, and the tree of one version. */
export default function FrameworksPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { me } = useSession();
  const { message, modal } = AntApp.useApp();
  const canManage = me?.permissions.includes('evaluation.manage') ?? false;
  const list = useApi(() => frameworksApi.list());
  const [params, setParams] = useSearchParams();
  const selectedId = Number(params.get('id')) || null;
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<ImportRowError[] | null>(null);
  const [tick, setTick] = useState(0);
  const select = (id: number) => setParams({ id: String(id) });

  async function run<T>(key: string, f: () => Promise<T>): Promise<T | undefined> {
    setBusy(key);
    try {
      return await f();
    } catch {
      return undefined; // the client already showed the server's message
    } finally {
      setBusy(null);
    }
  }

  async function doImport(v: FrameworkVersion, file: File) {
    setBusy(`import-${v.id}`);
    try {
      const r = await frameworksApi.importXlsx(v.id, await file.arrayBuffer(), { quiet: [422] });
      void message.success(t('eval.fw.imported', { n: r.nodes.length }));
      list.reload();
      select(v.id);
      setTick((x) => x + 1);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        const rows = (e.details?.errors as ImportRowError[] | undefined) ?? [];
        setErrors(rows.length ? rows : [{ sheet: '', row: 0, message: errorText(e) }]);
      }
    } finally {
      setBusy(null);
    }
  }

  function publish(v: FrameworkVersion) {
    modal.confirm({
      title: t('eval.fw.publish'),
      content: t('eval.fw.publishConfirm', { name: v.name, version: v.version }),
      okButtonProps: { 'data-testid': 'fw-publish-ok' },
      onOk: async () => {
        const r = await run(`publish-${v.id}`, () => frameworksApi.publish(v.id));
        if (r) {
          void message.success(t('eval.fw.published'));
          list.reload();
          setTick((x) => x + 1);
        }
      },
    });
  }

  async function newDraft(v: FrameworkVersion) {
    const r = await run(`draft-${v.id}`, () => frameworksApi.newDraft(v.id));
    if (r) {
      void message.success(t('eval.fw.draftCreated', { version: r.version }));
      list.reload();
      select(r.id);
    }
  }

  const items = list.data?.items ?? [];
  return (
    <div data-testid="page-eval-frameworks">
      <PageHeader
        title={t('eval.fw.title')}
        extra={
          <>
            <Button
              icon={<FileExcelOutlined />}
              loading={busy === 'template'}
              onClick={() => void run('template', () => frameworksApi.downloadTemplate())}
              data-testid="fw-template"
            >
              {t('import.template')}
            </Button>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="fw-create">
                {t('eval.fw.create')}
              </Button>
            )}
          </>
        }
      />
      <Row gutter={16}>
        <Col xs={24} xl={13}>
          <Table<FrameworkVersion>
            rowKey="id"
            size="small"
            loading={list.loading}
            dataSource={items}
            pagination={items.length > 20 ? { pageSize: 20 } : false}
            onRow={(v) =>
              ({
                'data-testid': `fw-row-${v.id}`,
                'data-name': v.name,
                style: { cursor: 'pointer', background: v.id === selectedId ? '#e6f4ff' : undefined },
              }) as object
            }
            columns={[
              { title: t('eval.fw.name'), dataIndex: 'name', render: (n: string, v) => <a onClick={() => select(v.id)}>{n}</a> },
              { title: t('eval.fw.version'), dataIndex: 'version', width: 70, render: (n: number) => `v${n}` },
              {
                title: t('eval.fw.status'),
                dataIndex: 'status',
                width: 90,
                render: (s: FrameworkVersion['status']) => <StatusTag status={s} />,
              },
              { title: t('eval.fw.publishedAt'), dataIndex: 'publishedAt', width: 140, render: (s: string | null) => fmtTime(s) },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_: unknown, v) => (
                  <Space size={4} wrap>
                    <Button
                      size="small"
                      icon={<DownloadOutlined />}
                      loading={busy === `export-${v.id}`}
                      onClick={() => void run(`export-${v.id}`, () => frameworksApi.downloadExport(v.id))}
                      data-testid={`fw-export-${v.id}`}
                    >
                      {t('import.export')}
                    </Button>
                    {canManage && v.status === 'draft' && (
                      <>
                        <Upload
                          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                          showUploadList={false}
                          maxCount={1}
                          beforeUpload={(file) => {
                            void doImport(v, file);
                            return false; // we send the bytes ourselves, not as multipart
                          }}
                        >
                          <Button
                            size="small"
                            icon={<UploadOutlined />}
                            loading={busy === `import-${v.id}`}
                            data-testid={`fw-import-${v.id}`}
                          >
                            {t('eval.fw.import')}
                          </Button>
                        </Upload>
                        <Button
                          size="small"
                          type="primary"
                          loading={busy === `publish-${v.id}`}
                          onClick={() => publish(v)}
                          data-testid={`fw-publish-${v.id}`}
                        >
                          {t('eval.fw.publish')}
                        </Button>
                      </>
                    )}
                    {canManage && v.status !== 'draft' && (
                      <Button
                        size="small"
                        loading={busy === `draft-${v.id}`}
                        onClick={() => void newDraft(v)}
                        data-testid={`fw-new-draft-${v.id}`}
                      >
                        {t('eval.fw.newDraft')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Col>
        <Col xs={24} xl={11}>
          <Card size="small" title={t('eval.fw.tree')} data-testid="fw-tree-card">
            {selectedId ? (
              <FrameworkTree key={`${selectedId}-${tick}`} id={selectedId} />
            ) : (
              <Empty description={t('eval.fw.pickVersion')} />
            )}
          </Card>
        </Col>
      </Row>
      <CreateDraftModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(v) => {
          setCreating(false);
          list.reload();
          select(v.id);
        }}
      />
      <ImportErrorsModal errors={errors} onClose={() => setErrors(null)} />
    </div>
  );
}

function CreateDraftModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (v: FrameworkDetail) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string }>();
  const [saving, setSaving] = useState(false);
  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const r = await frameworksApi.create({ name: v.name.trim() });
      form.resetFields();
      onCreated(r);
    } catch {
      // shown by the client
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal
      open={open}
      title={t('eval.fw.createTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'fw-create-ok' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('eval.fw.name')} rules={[{ required: true, whitespace: true, message: t('eval.fw.nameRequired') }]}>
          <Input maxLength={200} data-testid="fw-create-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function FrameworkTree({ id }: { id: number }) {
  const { t, label } = useI18n();
  const text = useEvalText();
  const fw = useApi(() => frameworksApi.get(id), id);
  const { treeData, items, standards } = useMemo(() => {
    const nodes = fw.data?.nodes ?? [];
    const children = new Map<string | null, FrameworkNode[]>();
    for (const n of nodes) {
      const k = n.parentCode ?? null;
      const arr = children.get(k) ?? [];
      arr.push(n);
      children.set(k, arr);
    }
    const toData = (n: FrameworkNode): DataNode => ({
      key: n.code,
      title: (
        <span data-testid={`fw-node-${n.code}`} data-level={n.level}>
          <Typography.Text type="secondary" style={{ marginRight: 6 }}>
            {n.code}
          </Typography.Text>
          <Tag bordered={false}>{label(NODE_LEVEL_LABELS[n.level], n.level)}</Tag>
          {n.name}
          {n.weight !== undefined && n.weight !== null && (
            <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
              {t('eval.fw.weight', { n: n.weight })}
            </Typography.Text>
          )}
          {n.level === 'standard' && (
            <span style={{ marginLeft: 6 }}>
              {n.method && <Tag color="blue">{text.method(n.method)}</Tag>}
              {n.points !== undefined && <Tag color="gold">{t('eval.fw.points', { n: n.points })}</Tag>}
              {(n.pointTypes ?? []).map((p) => (
                <Tag key={p}>{text.pointType(p)}</Tag>
              ))}
            </span>
          )}
        </span>
      ),
      children: (children.get(n.code) ?? []).map(toData),
    });
    return {
      treeData: (children.get(null) ?? []).map(toData),
      items: nodes.filter((n) => n.level === 'item').length,
      standards: nodes.filter((n) => n.level === 'standard').length,
    };
  }, [fw.data, label, t, text]);

  if (fw.loading && !fw.data) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  if (!fw.data) return null;
  return (
    <div data-testid="fw-tree" data-id={id}>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text strong>
          {fw.data.name} v{fw.data.version}
        </Typography.Text>
        <StatusTag status={fw.data.status} />
        <Typography.Text type="secondary">{t('eval.fw.counts', { items, standards })}</Typography.Text>
      </Space>
      {treeData.length === 0 ? (
        <Empty description={t('eval.fw.noNodes')} />
      ) : (
        <Tree
          treeData={treeData}
          defaultExpandAll={standards <= 60}
          defaultExpandParent
          selectable={false}
          blockNode
          style={{ maxHeight: 640, overflow: 'auto' }}
        />
      )}
    </div>
  );
}
