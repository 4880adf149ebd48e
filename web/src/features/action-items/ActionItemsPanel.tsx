import { useState } from 'react';
import { App as AntApp, Button, DatePicker, Drawer, Flex, Form, Input, TimePicker, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { actionItemsApi } from '../../api/action-items.js';
import { beforeBeijingToday, pickerDay } from '../../components/time.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';
import { ActionItemDetail } from './ActionItemDetail.js';
import { ActionItemsTable } from './ActionItemsTable.js';

interface Draft {
  title: string;
  detail?: string;
  unitId: number | null;
  dueDate: Dayjs | null;
  dueTime: Dayjs | null;
}

/**
 * 交办事项 of one meeting, on its briefing: the items the meeting assigned with their
 * progress, and (HQ, `action_item.manage`) a form to assign one more to a unit with its
 * deadline (China date, optional time). An item opens in a drawer.
 */
export function ActionItemsPanel({ briefingId, canManage }: { briefingId: number; canManage: boolean }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const items = useApi(() => actionItemsApi.list({ briefingId }), briefingId);
  const [form] = Form.useForm<Draft>();
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);

  const submit = async (v: Draft) => {
    setBusy(true);
    try {
      await actionItemsApi.create({
        briefingId,
        title: v.title.trim(),
        ...(v.detail?.trim() ? { detail: v.detail.trim() } : {}),
        unitId: v.unitId!,
        dueDate: pickerDay(v.dueDate!),
        ...(v.dueTime ? { dueTime: v.dueTime.format('HH:mm') } : {}),
      });
      form.resetFields();
      setAdding(false);
      items.reload();
      void message.success(t('actionItem.created'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="action-items-panel">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('actionItem.panel')}
        </Typography.Title>
        {canManage && !adding && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="action-item-add">
            {t('actionItem.add')}
          </Button>
        )}
      </Flex>
      {adding && (
        <Form<Draft>
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          style={{ marginTop: 12 }}
          data-testid="action-item-form"
          initialValues={{ unitId: null, dueDate: null, dueTime: null }}
        >
          <Form.Item
            name="title"
            label={t('actionItem.subject')}
            rules={[{ required: true, whitespace: true, message: t('actionItem.titleRequired') }]}
          >
            <Input maxLength={200} data-testid="action-item-title" />
          </Form.Item>
          <Form.Item name="detail" label={t('actionItem.detail')}>
            <Input.TextArea rows={2} maxLength={4000} data-testid="action-item-detail-input" />
          </Form.Item>
          <Form.Item name="unitId" label={t('actionItem.unit')} rules={[{ required: true, message: t('actionItem.unitRequired') }]}>
            <UnitTreeSelect style={{ width: '100%' }} data-testid="action-item-unit" />
          </Form.Item>
          <Flex gap={8} wrap>
            <Form.Item name="dueDate" label={t('actionItem.due')} rules={[{ required: true, message: t('actionItem.dueRequired') }]}>
              <DatePicker disabledDate={beforeBeijingToday} data-testid="action-item-due" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="dueTime" label={t('actionItem.dueTime')}>
              <TimePicker format="HH:mm" minuteStep={5} data-testid="action-item-due-time" style={{ width: 160 }} />
            </Form.Item>
          </Flex>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="action-item-submit">
              {t('actionItem.add')}
            </Button>
            <Button onClick={() => setAdding(false)}>{t('common.close')}</Button>
          </Flex>
        </Form>
      )}
      <div style={{ marginTop: 12 }}>
        <ActionItemsTable items={items.data?.items ?? []} loading={items.loading} onOpen={setOpenId} />
      </div>
      <Drawer
        open={openId !== null}
        width={Math.min(560, window.innerWidth)}
        onClose={() => setOpenId(null)}
        destroyOnHidden
        title={t('actionItem.title')}
      >
        {openId !== null && <ActionItemDetail id={openId} onChanged={items.reload} />}
      </Drawer>
    </div>
  );
}
