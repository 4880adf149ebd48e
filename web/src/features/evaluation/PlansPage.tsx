import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  App as AntApp,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { toPicker } from '../../components/time.js';
import { PLAN_REASONS, type PlanReason } from '../../../../src/shared/evaluation-enums.js';
import { frameworksApi } from '../../api/evaluation.js';
import { plansApi } from '../../api/inspections.js';
import { PageHeader } from '../../components/PageHeader.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useApi } from '../../components/useApi.js';
import { useSession } from '../../auth/session.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import type { FrameworkView as FrameworkVersion } from '../../../../src/shared/contracts/evaluation.contract.js';
import type { PlanHead, PlanPoint, PlanView as Plan } from '../../../../src/shared/contracts/inspections.contract.js';
import { ReasonTag, useEvalText } from './evalUi.js';

/** Inspection plans: list, create (seeded sample), and a plan's points with reasons and inspectors. */
export default function PlansPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const canManage = me?.permissions.includes('evaluation.manage') ?? false;
  const list = useApi(() => plansApi.list());
  const frameworks = useApi(() => frameworksApi.list());
  const fwName = useMemo(() => new Map((frameworks.data?.items ?? []).map((f) => [f.id, `${f.name} v${f.version}`])), [frameworks.data]);
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const [creating, setCreating] = useState(false);
  const items = list.data?.items ?? [];
  // Inspector names for the detail and the create form (HQ may read users; others see ids).
  const inspectors = useApi(me?.permissions.includes('user.read') ? () => plansApi.inspectors() : null);
  const people = useMemo(
    () => (inspectors.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })),
    [inspectors.data],
  );
  const personName = useMemo(() => new Map(people.map((p) => [p.value, p.label])), [people]);

  return (
    <div data-testid="page-eval-plans">
      <PageHeader
        title={t('eval.plan.title')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-create">
              {t('eval.plan.create')}
            </Button>
          )
        }
      />
      <Table<PlanHead>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20 } : false}
        onRow={(p) => ({ 'data-testid': `plan-row-${p.id}` }) as object}
        columns={[
          {
            title: t('eval.plan.name'),
            dataIndex: 'name',
            render: (n: string, p) => <a onClick={() => setParams({ id: String(p.id) })}>{n}</a>,
          },
          { title: t('eval.plan.period'), key: 'period', width: 220, render: (_: unknown, p) => `${p.periodFrom} ~ ${p.periodTo}` },
          { title: t('eval.plan.target'), dataIndex: 'targetCount', width: 100 },
          { title: t('eval.plan.seed'), dataIndex: 'seed', width: 120, render: (s: number) => <Typography.Text code>{s}</Typography.Text> },
          { title: t('eval.plan.framework'), dataIndex: 'frameworkId', render: (id: number) => fwName.get(id) ?? '—' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: (s: string) => fmtTime(s) },
        ]}
      />
      <Drawer
        open={openId !== null}
        onClose={() => setParams({})}
        width={Math.min(960, window.innerWidth)}
        title={t('eval.plan.detail')}
        destroyOnHidden
      >
        {openId !== null && <PlanDetail id={openId} fwName={fwName} personName={personName} />}
      </Drawer>
      <CreatePlanModal
        open={creating}
        frameworks={(frameworks.data?.items ?? []).filter((f) => f.status === 'published')}
        people={people}
        onClose={() => setCreating(false)}
        onCreated={(p) => {
          setCreating(false);
          list.reload();
          setParams({ id: String(p.id) });
        }}
      />
    </div>
  );
}

function PlanDetail({ id, fwName, personName }: { id: number; fwName: Map<number, string>; personName: Map<number, string> }) {
  const { t } = useI18n();
  const text = useEvalText();
  const plan = useApi(() => plansApi.get(id), id);
  const [reason, setReason] = useState<PlanReason | ''>('');
  const p = plan.data;
  const points = useMemo(() => (p?.points ?? []).filter((x) => !reason || x.reasons.includes(reason)), [p, reason]);
  const counts = useMemo(() => {
    const m = new Map<PlanReason, number>();
    for (const x of p?.points ?? []) for (const r of x.reasons) m.set(r, (m.get(r) ?? 0) + 1);
    return m;
  }, [p]);
  if (!p) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  return (
    <div data-testid="plan-detail" data-id={p.id} data-seed={p.seed}>
      <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('eval.plan.name')}>{p.name}</Descriptions.Item>
        <Descriptions.Item label={t('eval.plan.period')}>
          {p.periodFrom} ~ {p.periodTo}
        </Descriptions.Item>
        <Descriptions.Item label={t('eval.plan.seed')}>
          <Typography.Text code copyable data-testid="plan-seed">
            {p.seed}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('eval.plan.target')}>{p.targetCount}</Descriptions.Item>
        <Descriptions.Item label={t('eval.plan.framework')}>{fwName.get(p.frameworkId) ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('eval.plan.points')}>{p.points.length}</Descriptions.Item>
      </Descriptions>
      <Select<PlanReason | ''>
        value={reason}
        onChange={setReason}
        style={{ width: 200, marginBottom: 8 }}
        options={[
          { value: '', label: `${t('eval.plan.reasons')}: ${t('eval.cp.any')} (${p.points.length})` },
          ...PLAN_REASONS.map((r) => ({ value: r, label: `${text.reason(r)} (${counts.get(r) ?? 0})` })),
        ]}
      />
      <Table<PlanPoint>
        rowKey="checkpointId"
        size="small"
        dataSource={points}
        pagination={{ pageSize: 50 }}
        onRow={(x) => ({ 'data-testid': `plan-point-${x.checkpointId}`, 'data-reasons': x.reasons.join(' ') }) as object}
        columns={[
          { title: t('eval.cp.code'), dataIndex: 'code', width: 110 },
          { title: t('eval.cp.name'), dataIndex: 'name' },
          { title: t('eval.cp.type'), dataIndex: 'type', width: 140, render: (v: string) => text.pointType(v) },
          {
            title: t('eval.plan.reasons'),
            dataIndex: 'reasons',
            render: (rs: PlanReason[]) => rs.map((r) => <ReasonTag key={r} reason={r} />),
          },
          {
            title: t('eval.plan.inspector'),
            dataIndex: 'inspectorId',
            width: 180,
            render: (v: number | null) =>
              v === null ? <Typography.Text type="secondary">{t('eval.plan.unassigned')}</Typography.Text> : (personName.get(v) ?? '—'),
          },
        ]}
      />
    </div>
  );
}

interface PlanForm {
  name: string;
  period: [Dayjs, Dayjs];
  targetCount: number;
  seed?: number | null;
  frameworkId: number;
  unitId?: number | null;
  inspectorIds: (string | number)[];
}

function CreatePlanModal({
  open,
  frameworks,
  people,
  onClose,
  onCreated,
}: {
  open: boolean;
  frameworks: FrameworkVersion[];
  people: { value: number; label: string }[];
  onClose: () => void;
  onCreated: (p: Plan) => void;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PlanForm>();
  const [saving, setSaving] = useState(false);
  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const p = await plansApi.create({
        name: v.name.trim(),
        periodFrom: v.period[0].format('YYYY-MM-DD'),
        periodTo: v.period[1].format('YYYY-MM-DD'),
        targetCount: v.targetCount,
        ...(v.seed !== undefined && v.seed !== null ? { seed: v.seed } : {}),
        frameworkId: v.frameworkId,
        unitId: v.unitId ?? null,
        inspectorIds: v.inspectorIds.map(Number).filter((n) => Number.isInteger(n) && n > 0),
      });
      void message.success(t('eval.plan.created', { n: p.points.length }));
      form.resetFields();
      onCreated(p);
    } catch {
      // shown by the client
    } finally {
      setSaving(false);
    }
  }
  const req = { required: true, message: t('eval.cp.required') };
  return (
    <Modal
      open={open}
      title={t('eval.plan.create')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'plan-save' }}
      destroyOnHidden
      width={560}
    >
      <Form<PlanForm>
        form={form}
        layout="vertical"
        initialValues={{
          targetCount: 50,
          period: [toPicker(), toPicker().add(6, 'day')],
          frameworkId: frameworks[0]?.id,
          inspectorIds: [],
        }}
      >
        <Form.Item name="name" label={t('eval.plan.name')} rules={[{ ...req, whitespace: true }]}>
          <Input maxLength={200} data-testid="plan-name" />
        </Form.Item>
        <Form.Item name="period" label={t('eval.plan.period')} rules={[req]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="frameworkId" label={t('eval.plan.framework')} rules={[req]}>
          <Select options={frameworks.map((f) => ({ value: f.id, label: `${f.name} v${f.version}` }))} data-testid="plan-framework" />
        </Form.Item>
        <Space size={12} style={{ display: 'flex' }}>
          <Form.Item name="targetCount" label={t('eval.plan.target')} rules={[req]}>
            <InputNumber min={0} max={100000} precision={0} data-testid="plan-target" />
          </Form.Item>
          <Form.Item name="seed" label={t('eval.plan.seed')} tooltip={t('eval.plan.seedHelp')}>
            <InputNumber min={0} max={4294967295} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="unitId" label={t('eval.plan.unit')}>
          <UnitTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="inspectorIds"
          label={t('eval.plan.inspectors')}
          tooltip={t('eval.plan.inspectorsHelp')}
          rules={[{ required: true, type: 'array', min: 1, message: t('eval.cp.required') }]}
        >
          {people.length > 0 ? (
            <Select mode="multiple" showSearch optionFilterProp="label" options={people} data-testid="plan-inspectors" />
          ) : (
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} data-testid="plan-inspectors" />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}
