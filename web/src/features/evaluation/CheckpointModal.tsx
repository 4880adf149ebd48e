import { useState } from 'react';
import { Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Space } from 'antd';
import { POINT_TYPES } from '../../../../src/shared/evaluation-enums.js';
import type { CheckpointBody, CheckpointListItem as Checkpoint } from '../../../../src/shared/contracts/checkpoints.contract.js';
import { checkpointsApi } from '../../api/evaluation.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useI18n } from '../../i18n/i18n.js';
import { useEvalText } from './evalUi.js';

interface FormValues {
  code: string;
  name: string;
  type: string;
  address?: string;
  lon?: number | null;
  lat?: number | null;
  responsibleUnitId?: number | null;
  areaUnitId?: number | null;
  mustCheck?: boolean;
  isNew?: boolean;
  active?: boolean;
}

/** Creates or edits a check point; the server's refusal (a position outside the city …) is shown by the client. */
export function CheckpointModal({
  value,
  onClose,
  onSaved,
}: {
  value: Checkpoint | 'new' | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const text = useEvalText();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const editing = value && value !== 'new' ? value : null;
  const initial: FormValues = editing
    ? { ...editing, address: editing.address ?? undefined }
    : { code: '', name: '', type: POINT_TYPES[0], mustCheck: false, isNew: true, active: true };

  async function submit() {
    const v = await form.validateFields();
    const body: CheckpointBody = {
      code: v.code.trim(),
      name: v.name.trim(),
      type: v.type,
      address: v.address?.trim() || null,
      lon: v.lon ?? null,
      lat: v.lat ?? null,
      responsibleUnitId: v.responsibleUnitId ?? null,
      areaUnitId: v.areaUnitId ?? null,
      mustCheck: !!v.mustCheck,
      isNew: !!v.isNew,
      active: v.active !== false,
    };
    setSaving(true);
    try {
      if (editing) await checkpointsApi.update(editing.id, body);
      else await checkpointsApi.create(body);
      onSaved();
    } catch {
      // shown by the client
    } finally {
      setSaving(false);
    }
  }

  const req = [{ required: true, whitespace: true, message: t('eval.cp.required') }];
  return (
    <Modal
      open={value !== null}
      title={editing ? t('eval.cp.editTitle') : t('eval.cp.createTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'cp-save' }}
      destroyOnHidden
      width={640}
    >
      <Form<FormValues> form={form} layout="vertical" initialValues={initial} key={editing?.id ?? 'new'}>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="code" label={t('eval.cp.code')} rules={req}>
              <Input maxLength={64} data-testid="cp-code" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('eval.cp.name')} rules={req}>
              <Input maxLength={200} data-testid="cp-name" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="type" label={t('eval.cp.type')} rules={[{ required: true, message: t('eval.cp.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={POINT_TYPES.map((p) => ({ value: p, label: text.pointType(p) }))}
            data-testid="cp-type"
          />
        </Form.Item>
        <Form.Item name="address" label={t('eval.cp.address')}>
          <Input maxLength={300} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="lon" label={t('eval.cp.lon')}>
              <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="lat" label={t('eval.cp.lat')}>
              <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          {/* The unit pickers are at least 200 px wide: side by side only where two fit. */}
          <Col xs={24} sm={12}>
            <Form.Item name="responsibleUnitId" label={t('eval.cp.unit')}>
              <UnitTreeSelect style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="areaUnitId" label={t('eval.cp.area')}>
              <UnitTreeSelect style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Space size={24}>
          <Form.Item name="mustCheck" valuePropName="checked" noStyle>
            <Checkbox data-testid="cp-must-check">{t('eval.cp.mustCheck')}</Checkbox>
          </Form.Item>
          <Form.Item name="isNew" valuePropName="checked" noStyle>
            <Checkbox>{t('eval.cp.isNew')}</Checkbox>
          </Form.Item>
          <Form.Item name="active" valuePropName="checked" noStyle>
            <Checkbox>{t('eval.cp.active')}</Checkbox>
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
