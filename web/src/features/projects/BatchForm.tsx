import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App as AntApp, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { projectsApi } from '../../api/projects.js';
import { pickerDay } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import { useProjectUnits } from './unitOptions.js';

interface Values {
  countyUnitId: number;
  name: string;
  seq: number;
  eventDate: Dayjs;
}

/**
 * A new "三个一批" batch (第N期 of a county, with the day of its collective event); the batch
 * page opens next so its projects can be added. The next free period is suggested.
 */
export function BatchForm({ open, onClose, nextSeq }: { open: boolean; onClose: () => void; nextSeq: (county: number) => number }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { counties } = useProjectUnits();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    try {
      const b = await projectsApi.createBatch({
        countyUnitId: v.countyUnitId,
        name: v.name.trim(),
        seq: v.seq,
        eventDate: pickerDay(v.eventDate),
      });
      void message.success(t('batch.created', { name: b.name }));
      onClose();
      void navigate(`/projects/batches/${b.id}`);
    } catch {
      // The client showed the server's message (e.g. the period already exists).
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('batch.new')}
      okText={t('batch.create')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'batch-create-submit' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={counties.length === 1 ? { countyUnitId: counties[0]!.value, seq: nextSeq(counties[0]!.value) } : {}}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.countyUnitId) form.setFieldsValue({ seq: nextSeq(changed.countyUnitId) });
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="countyUnitId" label={t('project.county')} rules={[{ required: true, message: t('batch.countyRequired') }]}>
          <Select options={counties} showSearch optionFilterProp="label" data-testid="batch-form-county" />
        </Form.Item>
        <Form.Item name="seq" label={t('batch.seq')} rules={[{ required: true, message: t('batch.seqRequired') }]}>
          <InputNumber min={1} max={1000} precision={0} addonBefore="第" addonAfter="期" data-testid="batch-form-seq" />
        </Form.Item>
        <Form.Item name="name" label={t('batch.name')} rules={[{ required: true, whitespace: true, message: t('batch.nameRequired') }]}>
          <Input maxLength={100} placeholder={t('batch.namePlaceholder')} data-testid="batch-form-name" />
        </Form.Item>
        <Form.Item name="eventDate" label={t('batch.eventDate')} rules={[{ required: true, message: t('batch.dateRequired') }]}>
          <DatePicker data-testid="batch-form-date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
