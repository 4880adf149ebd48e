import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Button, Descriptions, Flex, Form, Image, Input, Space, Tag, Typography, type UploadFile } from 'antd';
import { actionItemsApi } from '../../api/action-items.js';
import { useApi } from '../../components/useApi.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { PhotoPicker, filesOf } from '../cases/PhotoPicker.js';
import type { ActionItem } from '../../../../src/shared/contracts/action-items.contract.js';
import { ACTION_ITEM_STATUS_LABELS } from '../../../../src/shared/action-item-enums.js';
import { ProgressTag } from './ProgressTag.js';
import { fmtDeadline } from './deadline.js';

/**
 * One action item: what was assigned, by which meeting, to whom and by when; the unit's
 * report with its evidence; the letters it brought. The unit reports it done (note and
 * photos), HQ confirms it, sends it back with a reason, or escalates it once overdue —
 * each button only when the server says the caller may (`canReport`, `canDecide`, `canEscalate`).
 */
export function ActionItemDetail({ id, onChanged }: { id: number; onChanged: () => void }) {
  const { t, label } = useI18n();
  const { message, modal } = AntApp.useApp();
  const loaded = useApi(() => actionItemsApi.get(id), id);
  const [fresh, setFresh] = useState<ActionItem>();
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const item = fresh?.id === id ? fresh : loaded.data;
  if (!item) return null;

  const run = async (fn: () => Promise<ActionItem>, done: string) => {
    setBusy(true);
    try {
      setFresh(await fn());
      onChanged();
      void message.success(done);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="action-item-detail">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {item.title}
      </Typography.Title>
      <Flex gap={8} wrap>
        <ProgressTag progress={item.progress} />
        <Tag data-testid="action-item-status">{label(ACTION_ITEM_STATUS_LABELS[item.status])}</Tag>
      </Flex>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('actionItem.unit')}>{item.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('actionItem.due')}>{fmtDeadline(item.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('actionItem.meeting')}>
          <Link to={`/briefings?id=${item.briefingId}`}>{item.briefingNumber ?? item.briefingTitle}</Link>
        </Descriptions.Item>
        {item.detail && <Descriptions.Item label={t('actionItem.detail')}>{item.detail}</Descriptions.Item>}
        {item.reportNote && <Descriptions.Item label={t('actionItem.reportNote')}>{item.reportNote}</Descriptions.Item>}
        {item.reportedAt && (
          <Descriptions.Item
            label={t('actionItem.reportAt')}
          >{`${fmtTime(item.reportedAt)} ${item.reportedBy?.name ?? ''}`}</Descriptions.Item>
        )}
        {item.doneAt && <Descriptions.Item label={t('actionItem.doneAt')}>{fmtTime(item.doneAt)}</Descriptions.Item>}
        {item.returnReason && item.status === 'open' && (
          <Descriptions.Item label={t('actionItem.lastReturn')}>{item.returnReason}</Descriptions.Item>
        )}
      </Descriptions>
      {item.files.length > 0 && (
        <Image.PreviewGroup>
          <Flex gap={8} wrap data-testid="action-item-files">
            {item.files.map((f) => (
              <Image key={f.id} width={88} height={88} style={{ objectFit: 'cover' }} src={actionItemsApi.fileUrl(item.id, f.id)} />
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {item.letters.length > 0 && (
        <div data-testid="action-item-letters">
          <Typography.Text strong>{t('actionItem.letters')}</Typography.Text>
          {item.letters.map((l) => (
            <div key={l.id}>
              <Link to={`/letters?id=${l.id}`}>{`${l.type} ${l.number ?? ''}`}</Link>
              <Typography.Text type="secondary">{` ${l.issuedAt ? fmtTime(l.issuedAt) : l.status}`}</Typography.Text>
            </div>
          ))}
        </div>
      )}

      {item.canReport && (
        <Form layout="vertical" data-testid="action-item-report-form">
          <Form.Item label={t('actionItem.reportNote')} required>
            <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} data-testid="action-item-note" />
          </Form.Item>
          <Form.Item label={t('actionItem.evidence')}>
            <PhotoPicker value={photos} onChange={setPhotos} data-testid="action-item-evidence" />
          </Form.Item>
          <Button
            type="primary"
            loading={busy}
            data-testid="action-item-report"
            onClick={() => {
              if (!note.trim()) return void message.warning(t('actionItem.reportNoteRequired'));
              void run(() => actionItemsApi.report(item.id, item.version, note.trim(), filesOf(photos)), t('actionItem.reported'));
            }}
          >
            {t('actionItem.report')}
          </Button>
        </Form>
      )}

      {item.canDecide && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('actionItem.returnReason')}
            data-testid="action-item-reason"
          />
          <Flex gap={8} wrap>
            <Button
              type="primary"
              loading={busy}
              data-testid="action-item-confirm"
              onClick={() => void run(() => actionItemsApi.confirm(item.id, item.version), t('actionItem.confirmed'))}
            >
              {t('actionItem.confirm')}
            </Button>
            <Button
              danger
              loading={busy}
              data-testid="action-item-return"
              onClick={() => {
                if (!reason.trim()) return void message.warning(t('actionItem.returnReasonRequired'));
                void run(() => actionItemsApi.sendBack(item.id, item.version, reason.trim()), t('actionItem.returned'));
              }}
            >
              {t('actionItem.return')}
            </Button>
          </Flex>
        </Space>
      )}

      {item.canEscalate && (
        <Button
          danger
          loading={busy}
          data-testid="action-item-escalate"
          onClick={() => {
            modal.confirm({
              content: t('actionItem.escalateConfirm'),
              onOk: () => run(() => actionItemsApi.escalate(item.id, item.version), t('actionItem.escalated')),
            });
          }}
        >
          {t('actionItem.escalate')}
        </Button>
      )}
    </Space>
  );
}
