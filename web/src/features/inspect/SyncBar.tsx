import { Alert, Badge, Button, Flex, Space, Tag } from 'antd';
import { useI18n } from '../../i18n/i18n.js';
import { apiErrorText } from '../../components/apiErrors.js';
import { retryItem, syncNow, useOnline, useQueue } from './sync.js';
import { useState } from 'react';

/** Online/offline badge, the queue count (`sync-queue`, data-count) and the 同步 button. */
export function SyncBar() {
  const { t, locale } = useI18n();
  const online = useOnline();
  const items = useQueue();
  const [busy, setBusy] = useState(false);
  const stuck = items.filter((i) => i.status !== 'pending');
  const sync = () => {
    setBusy(true);
    void syncNow().finally(() => setBusy(false));
  };
  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }}>
      <Flex align="center" justify="space-between" gap={8}>
        <Space>
          <Tag color={online ? 'green' : 'red'} data-testid="net-status" data-online={online ? 'true' : 'false'}>
            {online ? t('insp.online') : t('insp.offline')}
          </Tag>
          <span data-testid="sync-queue" data-count={items.length}>
            <Badge count={items.length} showZero color={items.length ? 'orange' : 'green'} />{' '}
            {items.length ? t('insp.queue', { n: items.length }) : t('insp.synced')}
          </span>
        </Space>
        <Button size="large" onClick={sync} loading={busy} disabled={!online || items.length === 0} data-testid="sync-now">
          {t('insp.sync')}
        </Button>
      </Flex>
      {stuck.map((i) => (
        <Alert
          key={i.key}
          type="error"
          showIcon
          data-testid={`sync-${i.status}`}
          message={`${i.pointName} · ${i.status === 'conflict' ? t('insp.conflict') : t('insp.rejected', { msg: i.errorCode ? apiErrorText({ status: i.errorStatus ?? 422, code: i.errorCode, message: i.error ?? '' }, t, locale) : (i.error ?? '') })}`}
          action={
            <Button size="small" onClick={() => void retryItem(i)}>
              {t('insp.retry')}
            </Button>
          }
        />
      ))}
    </Flex>
  );
}
