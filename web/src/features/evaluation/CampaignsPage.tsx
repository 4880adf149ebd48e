import { useEffect, useMemo, useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Divider,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { CampaignView, EvaluationSettings, EvaluationSettingsPatch } from '../../../../src/shared/contracts/campaigns.contract.js';
import { campaignsApi } from '../../api/campaigns.js';
import { ApiError } from '../../api/client.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useSession } from '../../auth/session.js';
import { fmtTime, useI18n, type TFunction } from '../../i18n/i18n.js';
import { frameworksApi } from '../../api/evaluation.js';
import type { FrameworkView } from '../../../../src/shared/contracts/evaluation.contract.js';

/** Campaigns: which framework version each pins, and the settings HQ tunes (weak rule, position limit, weights). */
export default function CampaignsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const canManage = me?.permissions.includes('evaluation.manage') ?? false;
  const list = useApi(() => campaignsApi.list());
  const frameworks = useApi(() => frameworksApi.list());
  const fwName = useMemo(() => new Map((frameworks.data?.items ?? []).map((f) => [f.id, `${f.name} v${f.version}`])), [frameworks.data]);
  const items = list.data?.items ?? [];
  const [selected, setSelected] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const current = items.find((c) => c.id === selected) ?? items[0];

  return (
    <div data-testid="page-eval-campaigns">
      <PageHeader
        title={t('eval.camp.title')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-create">
              {t('eval.camp.create')}
            </Button>
          )
        }
      />
      <Table<CampaignView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={items}
        pagination={false}
        rowClassName={(c) => (c.id === current?.id ? 'ant-table-row-selected' : '')}
        onRow={(c) => ({ onClick: () => setSelected(c.id), 'data-testid': `campaign-row-${c.id}` }) as object}
        columns={[
          {
            title: t('eval.camp.name'),
            dataIndex: 'name',
            render: (n: string, c) => (
              <Space>
                {n}
                {c.current && <Tag color="blue">{t('eval.camp.current')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('eval.camp.framework'),
            dataIndex: 'frameworkId',
            render: (id: number | null) => (id === null ? '—' : (fwName.get(id) ?? '—')),
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 160, render: (s: string) => fmtTime(s) },
        ]}
      />
      <Divider />
      {current ? (
        <SettingsForm key={`${current.id}-${current.updatedAt ?? ''}`} campaign={current} canManage={canManage} onSaved={list.reload} />
      ) : (
        !list.loading && <Empty description={t('eval.camp.none')} />
      )}
      <CreateCampaignModal
        open={creating}
        frameworks={(frameworks.data?.items ?? []).filter((f) => f.status === 'published')}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          setSelected(c.id);
          list.reload();
        }}
      />
    </div>
  );
}

type WeightSet = 'itemWeights' | 'annualWeights' | 'cycleWeights';
const WEIGHT_SETS: readonly WeightSet[] = ['itemWeights', 'annualWeights', 'cycleWeights'];

/** Which weight sets a 422 names (details.problems, or its one field), each with the sum typed and the sum wanted. */
function weightProblems(e: ApiError, v: SettingsValues, t: TFunction): Partial<Record<WeightSet, string>> {
  const text = (x: unknown) => (typeof x === 'string' ? x : '');
  const fields = Array.isArray(e.details?.problems)
    ? (e.details.problems as { field?: unknown }[]).map((p) => text(p.field))
    : [text(e.details?.field)];
  const out: Partial<Record<WeightSet, string>> = {};
  for (const set of WEIGHT_SETS) {
    if (!fields.some((f) => f === `settings.${set}` || f.startsWith(`settings.${set}.`))) continue;
    const values = Object.values((v[set] as Record<string, number> | number[] | undefined) ?? {}).map(Number);
    const sum = Math.round(values.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
    const key = set === 'itemWeights' ? 'eval.camp.sum.items' : set === 'annualWeights' ? 'eval.camp.sum.annual' : 'eval.camp.sum.cycle';
    out[set] = t(key, { sum });
  }
  return out;
}

function SumProblem({ text, set }: { text: string | undefined; set: WeightSet }) {
  if (!text) return null;
  return (
    <Typography.Text type="danger" data-testid={`setting-problem-${set}`}>
      {text}
    </Typography.Text>
  );
}

interface SettingsValues extends Omit<EvaluationSettings, 'weakness' | 'itemWeights'> {
  lastN: number;
  ratePercent: number;
  minCases: number;
  caseWindowDays: number;
  ownWeights: boolean;
  itemWeights: Record<string, number>;
}

function SettingsForm({ campaign, canManage, onSaved }: { campaign: CampaignView; canManage: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<SettingsValues>();
  const [saving, setSaving] = useState(false);
  const frameworkId = campaign.frameworkId;
  const framework = useApi(frameworkId === null ? null : () => frameworksApi.get(frameworkId), frameworkId);
  const items = useMemo(() => (framework.data?.nodes ?? []).filter((n) => n.level === 'item'), [framework.data]);
  const own = Form.useWatch('ownWeights', form);
  const s = campaign.settings;
  // The weight sets the server refused (422 naming settings.<set>), said under their card with
  // the sum as typed: the server's own sentence is English and the toast only says "有误".
  const [sums, setSums] = useState<Partial<Record<WeightSet, string>>>({});

  useEffect(() => {
    if (items.length === 0) return;
    // Start custom weights from the framework's own (or equal shares) so HQ edits rather than types from zero.
    const carried = items.every((n) => typeof n.weight === 'number');
    const base = Object.fromEntries(
      items.map((n) => [n.code, s.itemWeights?.[n.code] ?? (carried ? (n.weight as number) : Math.round(10000 / items.length) / 100)]),
    );
    form.setFieldValue('itemWeights', base);
  }, [items, s.itemWeights, form]);

  async function save() {
    const v = await form.validateFields();
    const patch: EvaluationSettingsPatch = {
      weakness: { lastN: v.lastN, rateThreshold: v.ratePercent / 100, minCases: v.minCases, caseWindowDays: v.caseWindowDays },
      maxPositionMeters: v.maxPositionMeters,
      maxPointsPerDay: v.maxPointsPerDay,
      itemWeights: v.ownWeights ? null : v.itemWeights,
      annualWeights: v.annualWeights,
      cycleWeights: v.cycleWeights,
    };
    setSaving(true);
    setSums({});
    try {
      await campaignsApi.update(campaign.id, { settings: patch });
      void message.success(t('eval.camp.saved'));
      onSaved();
    } catch (e) {
      // The client toasts the refusal; a weight set that does not add up is also said at its card.
      if (e instanceof ApiError && e.status === 422) setSums(weightProblems(e, v, t));
    } finally {
      setSaving(false);
    }
  }

  const num = (
    name: string | (string | number)[],
    label: string,
    props: { min?: number; max?: number; step?: number; addonAfter?: string } = {},
  ) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('eval.cp.required') }]}>
      <InputNumber
        style={{ width: '100%' }}
        disabled={!canManage}
        data-testid={`setting-${Array.isArray(name) ? name.join('-') : name}`}
        {...props}
      />
    </Form.Item>
  );

  return (
    <Form<SettingsValues>
      form={form}
      layout="vertical"
      initialValues={{
        lastN: s.weakness.lastN,
        ratePercent: Math.round(s.weakness.rateThreshold * 10000) / 100,
        minCases: s.weakness.minCases,
        caseWindowDays: s.weakness.caseWindowDays,
        maxPositionMeters: s.maxPositionMeters,
        maxPointsPerDay: s.maxPointsPerDay,
        ownWeights: s.itemWeights === null,
        annualWeights: s.annualWeights,
        cycleWeights: s.cycleWeights,
      }}
      data-testid="campaign-settings"
    >
      <Typography.Title level={4}>{t('eval.camp.settingsOf', { name: campaign.name })}</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('eval.camp.weakRule')}
            extra={<Typography.Text type="secondary">{t('eval.camp.weakHelp')}</Typography.Text>}
          >
            <Row gutter={12}>
              <Col span={12}>{num('lastN', t('eval.camp.lastN'), { min: 1, max: 50 })}</Col>
              <Col span={12}>{num('ratePercent', t('eval.camp.rate'), { min: 0, max: 100, step: 1, addonAfter: '%' })}</Col>
              <Col span={12}>{num('minCases', t('eval.camp.minCases'), { min: 1, max: 1000 })}</Col>
              <Col span={12}>{num('caseWindowDays', t('eval.camp.window'), { min: 1, max: 3650, addonAfter: t('eval.camp.days') })}</Col>
            </Row>
          </Card>
          <Card size="small" title={t('eval.camp.position')} style={{ marginTop: 16 }}>
            {num('maxPositionMeters', t('eval.camp.maxPosition'), { min: 1, max: 100000, addonAfter: 'm' })}
            {num('maxPointsPerDay', t('eval.camp.maxPointsPerDay'), { min: 1, max: 200, addonAfter: t('eval.camp.pointsPerDay') })}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('eval.camp.itemWeights')}>
            <Form.Item name="ownWeights" valuePropName="checked" label={t('eval.camp.ownWeights')}>
              <Switch disabled={!canManage} data-testid="setting-own-weights" />
            </Form.Item>
            {!own && items.map((n) => <div key={n.code}>{num(['itemWeights', n.code], `${n.code} ${n.name}`, { min: 0, max: 100 })}</div>)}
            <SumProblem text={sums.itemWeights} set="itemWeights" />
          </Card>
          <Card size="small" title={t('eval.camp.annual')} style={{ marginTop: 16 }}>
            <Row gutter={12}>
              <Col span={8}>{num(['annualWeights', 'online'], t('eval.camp.online'), { min: 0, max: 100 })}</Col>
              <Col span={8}>{num(['annualWeights', 'field'], t('eval.camp.field'), { min: 0, max: 100 })}</Col>
              <Col span={8}>{num(['annualWeights', 'survey'], t('eval.camp.survey'), { min: 0, max: 100 })}</Col>
              {s.cycleWeights.map((_, i) => (
                <Col span={8} key={i}>
                  {num(['cycleWeights', i], t('eval.camp.cycleYear', { n: i + 1 }), { min: 0, max: 1, step: 0.05 })}
                </Col>
              ))}
            </Row>
            <SumProblem text={sums.annualWeights} set="annualWeights" />
            <SumProblem text={sums.cycleWeights} set="cycleWeights" />
          </Card>
        </Col>
      </Row>
      {canManage && (
        <Button type="primary" onClick={() => void save()} loading={saving} style={{ marginTop: 16 }} data-testid="campaign-save">
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}

function CreateCampaignModal({
  open,
  frameworks,
  onClose,
  onCreated,
}: {
  open: boolean;
  frameworks: FrameworkView[];
  onClose: () => void;
  onCreated: (c: CampaignView) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string; frameworkId: number }>();
  const [saving, setSaving] = useState(false);
  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const c = await campaignsApi.create({ name: v.name.trim(), frameworkId: v.frameworkId });
      form.resetFields();
      onCreated(c);
    } catch {
      // shown by the client
    } finally {
      setSaving(false);
    }
  }
  const req = { required: true, message: t('eval.cp.required') };
  return (
    <Modal open={open} title={t('eval.camp.create')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ frameworkId: frameworks[0]?.id }}>
        <Form.Item name="name" label={t('eval.camp.name')} rules={[{ ...req, whitespace: true }]}>
          <Input maxLength={200} data-testid="campaign-name" />
        </Form.Item>
        <Form.Item name="frameworkId" label={t('eval.camp.framework')} rules={[req]} extra={t('eval.camp.pinHelp')}>
          <Select options={frameworks.map((f) => ({ value: f.id, label: `${f.name} v${f.version}` }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
