import { useMemo, useState } from 'react';
import { Alert, AutoComplete, Button, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import '../../components/filters.css';
import { fromPicker } from '../../components/time.js';
import { AUDIT_ACTIONS, ROLES, type Role } from '../../../../src/shared/enums.js';
import { ROLE_LABELS } from '../../../../src/shared/labels.js';
import { auditApi, type AuditRecord, type AuditVerify } from '../../api/audit.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/zh-CN.js';
import { actionLabel, formatSummary, formatTarget, targetTypeLabel, type AuditFormatContext } from './audit-format.js';

interface FilterForm {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

interface Query {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

// `auth.`, `unit.`… : the API treats an action ending in '.' as a prefix.
const PREFIXES = [...new Set(AUDIT_ACTIONS.map((a) => `${a.split('.')[0]}.`))];
const TARGET_TYPES = [
  'user',
  'unit',
  'letter',
  'case',
  'campaign',
  'framework',
  'checkpoint',
  'plan',
  'inspection',
  'api_token',
  'category',
];

const isRole = (r: string | null): r is Role => r !== null && (ROLES as readonly string[]).includes(r);

/** /audit — the auditor's home: the tamper-evident log, read-only. */
export default function AuditPage() {
  const { t, label } = useI18n();
  const fmt = useMemo<AuditFormatContext>(() => ({ t, label, time: fmtTime }), [t, label]);
  const [form] = Form.useForm<FilterForm>();
  const [query, setQuery] = useState<Query>({ page: 1, pageSize: 20 });
  const list = useApi(() => auditApi.search(query), query);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifying, setVerifying] = useState(false);

  const actionOptions = useMemo(
    () => [
      { label: t('audit.prefixes'), options: PREFIXES.map((p) => ({ value: p, label: `${p}*` })) },
      { label: t('audit.actions'), options: AUDIT_ACTIONS.map((a) => ({ value: a, label: `${actionLabel(a, fmt)} (${a})` })) },
    ],
    [t, fmt],
  );

  function apply(v: FilterForm) {
    const [from, to] = v.range ?? [null, null];
    setQuery({
      actor: v.actor?.trim() || undefined,
      action: v.action || undefined,
      targetType: v.targetType?.trim() || undefined,
      targetId: v.targetId?.trim() || undefined,
      from: from ? fromPicker(from) : undefined,
      to: to ? fromPicker(to) : undefined,
      page: 1,
      pageSize: query.pageSize,
    });
  }

  /** A verification problem in words; a reason added later shows as its code. */
  const problemText = (reason: string) => {
    const key = `audit.reason.${reason}` as MessageKey;
    const text = t(key);
    return text === key ? reason : text;
  };

  async function runVerify() {
    setVerifying(true);
    try {
      setVerify(await auditApi.verify());
    } catch {
      setVerify(null);
    } finally {
      setVerifying(false);
    }
  }

  const columns: ColumnsType<AuditRecord> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => fmtTime(v) },
    { title: t('audit.actor'), dataIndex: 'actorName', width: 120, render: (v: string | null) => v ?? '—' },
    {
      title: t('audit.actorRole'),
      dataIndex: 'actorRole',
      width: 140,
      render: (v: string | null) => (isRole(v) ? label(ROLE_LABELS[v]) : (v ?? '')),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 160,
      render: (v: string) => (
        <Tag color={v.endsWith('_failed') ? 'red' : 'blue'} title={v}>
          {actionLabel(v, fmt)}
        </Tag>
      ),
    },
    {
      title: t('audit.target'),
      key: 'target',
      width: 200,
      render: (_, r) => formatTarget(r, fmt),
    },
    {
      title: t('audit.summary'),
      key: 'summary',
      render: (_, r) => formatSummary(r, fmt),
    },
    { title: t('audit.clientIp'), dataIndex: 'clientIp', width: 130 },
  ];

  const verifyButton = (
    <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void runVerify()} data-testid="audit-verify">
      {t('audit.verify')}
    </Button>
  );

  return (
    <div data-testid="home-audit">
      <PageHeader title={t('nav.audit')} extra={verifyButton} />
      <WhoAmI />
      {verify && (
        <Alert
          data-testid="audit-verify-result"
          style={{ marginBottom: 12 }}
          showIcon
          closable
          onClose={() => setVerify(null)}
          type={verify.ok ? 'success' : 'error'}
          message={
            verify.ok
              ? t('audit.verifyOk', { checked: verify.checked, head: verify.headSeq })
              : t('audit.verifyBroken', {
                  seq: verify.firstBroken?.seq ?? '?',
                  reason: verify.firstBroken ? problemText(verify.firstBroken.reason) : '',
                })
          }
          description={
            verify.ok || verify.problems.length < 2 ? undefined : (
              <div data-testid="audit-verify-problems">
                {t('audit.verifyProblems', { n: verify.problems.length })}
                <ul style={{ margin: 0 }}>
                  {verify.problems.map((p, i) => (
                    <li key={i}>
                      {t('audit.seq')} {p.seq}
                      {t('common.colon')}
                      {problemText(p.reason)}
                    </li>
                  ))}
                </ul>
              </div>
            )
          }
        />
      )}
      <Form<FilterForm> form={form} layout="inline" className="dd-filters" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="actor">
          <Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 150 }} data-testid="audit-filter-actor" />
        </Form.Item>
        <Form.Item name="action">
          <Select allowClear showSearch placeholder={t('audit.action')} options={actionOptions} style={{ width: 190 }} />
        </Form.Item>
        <Form.Item name="targetType">
          <AutoComplete
            allowClear
            placeholder={t('audit.targetType')}
            options={TARGET_TYPES.map((v) => ({ value: v, label: `${targetTypeLabel(v, fmt)} (${v})` }))}
            style={{ width: 130 }}
          />
        </Form.Item>
        <Form.Item name="targetId">
          <Input allowClear placeholder={t('audit.targetId')} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setQuery({ page: 1, pageSize: query.pageSize });
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <Table<AuditRecord>
        rowKey="seq"
        size="middle"
        data-testid="audit-table"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        expandable={{
          expandedRowRender: (r) => (
            <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12 }}>
              hash {r.hash} · request {r.requestId ?? '—'} · {JSON.stringify(r.summary)}
            </Typography.Text>
          ),
        }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { n }),
          onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
        }}
      />
    </div>
  );
}
