import { useEffect, useState } from 'react';
import { App as AntApp, Button, DatePicker, Flex, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { sanctionsApi } from '../../api/sanctions.js';
import { lettersApi } from '../../api/letters.js';
import { campaignsApi } from '../../api/campaigns.js';
import { PageHeader } from '../../components/PageHeader.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { pickerDay } from '../../components/time.js';
import { useApi } from '../../components/useApi.js';
import { useMe } from '../../auth/session.js';
import { usePeriodLabel } from '../assessment/assessUi.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Sanction, SanctionCreate } from '../../../../src/shared/contracts/sanctions.contract.js';
import type { LetterView } from '../../../../src/shared/contracts/letters.contract.js';
import { SANCTION_KINDS, SANCTION_KIND_LABELS, isReward, type SanctionKind } from '../../../../src/shared/sanction-enums.js';

/**
 * 奖惩记录 (issue 13 point 5): the decisions about units — 通报表扬, 通报批评, 约谈, 问责 —
 * with the letters and the 红黑榜 entry they rest on. Filtered by unit, period and kind; HQ
 * (`sanction.manage`) records a new one; leaders read all; a unit reads its own (the server
 * scopes the list). A list of cards, so it reads on a 390 px phone as well.
 */
export default function SanctionsPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const canManage = me.permissions.includes('sanction.manage');
  const [unitId, setUnitId] = useState<number | null>(null);
  const [periodKey, setPeriodKey] = useState('');
  const [kind, setKind] = useState<SanctionKind | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const query = {
    unitId: unitId ?? undefined,
    periodKey: /^\d{4}(-(W\d{2}|Q[1-4]|\d{2}))?$/.test(periodKey) ? periodKey : undefined,
    kind,
  };
  const list = useApi(() => sanctionsApi.list(query), JSON.stringify(query));

  return (
    <div data-testid="page-sanctions">
      <PageHeader title={t('sanction.title')}>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="sanction-new">
            {t('sanction.record')}
          </Button>
        )}
      </PageHeader>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <UnitTreeSelect
          data-testid="sanction-filter-unit"
          value={unitId}
          onChange={setUnitId}
          placeholder={t('sanction.allUnits')}
          style={{ minWidth: 200, flex: '1 1 200px' }}
        />
        <Input
          data-testid="sanction-filter-period"
          value={periodKey}
          onChange={(e) => setPeriodKey(e.target.value.trim())}
          placeholder={t('sanction.periodKeyHint')}
          allowClear
          style={{ width: 200, flex: '1 1 160px' }}
        />
        <Select
          data-testid="sanction-filter-kind"
          value={kind}
          onChange={setKind}
          allowClear
          placeholder={t('sanction.allKinds')}
          style={{ width: 140, flex: '1 1 120px' }}
          options={SANCTION_KINDS.map((k) => ({ value: k, label: label(SANCTION_KIND_LABELS[k]) }))}
        />
      </Flex>
      <List<Sanction>
        data-testid="sanction-list"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('sanction.empty') }}
        renderItem={(s) => <SanctionItem s={s} />}
      />
      {open && (
        <RecordModal
          onClose={(saved) => {
            setOpen(false);
            if (saved) list.reload();
          }}
        />
      )}
    </div>
  );
}

function SanctionItem({ s }: { s: Sanction }) {
  const { t, label } = useI18n();
  const periodLabel = usePeriodLabel();
  return (
    <List.Item data-testid={`sanction-${s.id}`} style={{ display: 'block' }}>
      <Flex gap={8} wrap align="center">
        <Tag color={isReward(s.kind) ? 'green' : 'red'}>{label(SANCTION_KIND_LABELS[s.kind])}</Tag>
        <Typography.Text strong>{s.unitName}</Typography.Text>
        <Typography.Text type="secondary" data-testid={`sanction-period-${s.id}`}>
          {periodLabel(s.period.key)}
        </Typography.Text>
        {s.list && <Tag color={s.list === 'red' ? 'red' : 'default'}>{t(s.list === 'red' ? 'sanction.red' : 'sanction.black')}</Tag>}
      </Flex>
      <Typography.Paragraph style={{ margin: '6px 0', overflowWrap: 'anywhere' }}>{s.summary}</Typography.Paragraph>
      <Space size={[12, 4]} wrap style={{ fontSize: 13, color: '#666' }}>
        <span>
          {t('sanction.decidedOn')}
          {t('common.colon')}
          {s.decidedOn}
        </span>
        {s.documentNumber && (
          <span>
            {t('sanction.documentNumber')}
            {t('common.colon')}
            {s.documentNumber}
          </span>
        )}
        {s.letters.length > 0 && (
          <span data-testid="sanction-letters">
            {t('sanction.letters')}
            {t('common.colon')}
            {s.letters.map((l) => l.number ?? l.title).join(t('common.listSep'))}
          </span>
        )}
        <span>{s.campaignName}</span>
        {s.createdByName && (
          <span>
            {t('sanction.recordedBy')}
            {t('common.colon')}
            {s.createdByName}
          </span>
        )}
      </Space>
    </List.Item>
  );
}

interface FormValues {
  campaignId: number;
  unitId: number;
  periodKey: string;
  kind: SanctionKind;
  summary: string;
  decidedOn: Dayjs;
  documentNumber?: string;
  letterIds?: number[];
  list?: 'red' | 'black' | 'none';
}

/** HQ records a decision; the server checks every link (422 naming the field, shown as a toast). */
function RecordModal({ onClose }: { onClose: (saved: boolean) => void }) {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const campaigns = useApi(() => campaignsApi.list(), 'campaigns');
  const unitId = Form.useWatch('unitId', form);
  const [letters, setLetters] = useState<LetterView[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const first = campaigns.data?.items[0];
    if (first && form.getFieldValue('campaignId') === undefined) form.setFieldValue('campaignId', first.id);
  }, [campaigns.data, form]);
  useEffect(() => {
    form.setFieldValue('letterIds', []);
    if (!unitId) return setLetters([]);
    let live = true;
    void lettersApi.list({ unitId }).then((r) => live && setLetters(r.items.filter((l) => l.number !== null && l.unitId === unitId)));
    return () => {
      live = false;
    };
  }, [unitId, form]);

  const save = async () => {
    const v = await form.validateFields();
    const body: SanctionCreate = {
      campaignId: v.campaignId,
      unitId: v.unitId,
      periodKey: v.periodKey.trim(),
      kind: v.kind,
      summary: v.summary,
      decidedOn: pickerDay(v.decidedOn),
      documentNumber: v.documentNumber?.trim() || undefined,
      letterIds: v.letterIds?.length ? v.letterIds : undefined,
      list: v.list && v.list !== 'none' ? v.list : undefined,
    };
    setBusy(true);
    try {
      await sanctionsApi.record(body);
      void message.success(t('sanction.saved'));
      onClose(true);
    } catch {
      // The client has shown the server's reason (it names the field).
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, message: t('sanction.required') }];
  return (
    <Modal
      open
      title={t('sanction.record')}
      onCancel={() => onClose(false)}
      onOk={() => void save()}
      okText={t('sanction.save')}
      cancelText={t('sanction.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'sanction-save' }}
      width={560}
      style={{ maxWidth: 'calc(100vw - 16px)' }}
      destroyOnClose
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'criticism', decidedOn: dayjs(), periodKey: dayjs().format('YYYY-MM'), list: 'none' }}
      >
        <Form.Item name="campaignId" label={t('sanction.campaign')} rules={required}>
          <Select data-testid="sanction-campaign" options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="unitId" label={t('sanction.unit')} rules={required}>
          <UnitTreeSelect data-testid="sanction-unit" />
        </Form.Item>
        <Flex gap={8} wrap>
          <Form.Item name="kind" label={t('sanction.kind')} rules={required} style={{ flex: '1 1 140px' }}>
            <Select
              data-testid="sanction-kind"
              options={SANCTION_KINDS.map((k) => ({ value: k, label: label(SANCTION_KIND_LABELS[k]) }))}
            />
          </Form.Item>
          <Form.Item
            name="periodKey"
            label={t('sanction.periodKey')}
            rules={required}
            extra={t('sanction.periodKeyHint')}
            style={{ flex: '1 1 160px' }}
          >
            <Input data-testid="sanction-period" />
          </Form.Item>
        </Flex>
        <Form.Item name="summary" label={t('sanction.summary')} rules={required}>
          <Input.TextArea data-testid="sanction-summary" rows={3} maxLength={2000} />
        </Form.Item>
        <Flex gap={8} wrap>
          <Form.Item name="decidedOn" label={t('sanction.decidedOn')} rules={required} style={{ flex: '1 1 140px' }}>
            <DatePicker data-testid="sanction-decided" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="documentNumber" label={t('sanction.documentNumber')} style={{ flex: '1 1 160px' }}>
            <Input data-testid="sanction-docno" maxLength={100} />
          </Form.Item>
        </Flex>
        <Form.Item name="letterIds" label={t('sanction.letters')}>
          <Select
            data-testid="sanction-letters-select"
            mode="multiple"
            options={letters.map((l) => ({ value: l.id, label: `${l.number ?? ''} ${l.title}` }))}
          />
        </Form.Item>
        <Form.Item name="list" label={t('sanction.list')}>
          <Select
            data-testid="sanction-list-kind"
            options={[
              { value: 'none', label: t('sanction.listNone') },
              { value: 'red', label: t('sanction.red') },
              { value: 'black', label: t('sanction.black') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
