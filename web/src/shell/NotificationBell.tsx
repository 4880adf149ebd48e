import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button, Empty, List, Popover, Spin, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import type { NotificationView } from '../../../src/shared/contracts/notifications.contract.js';
import { onCasesChanged } from '../api/cases.js';
import { notificationsApi } from '../api/notifications.js';
import { fmtTime, useI18n } from '../i18n/i18n.js';

const POLL_MS = 30_000;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z/g;

/** Notice bodies may carry raw ISO instants; show them in the house format. */
const readable = (s: string) => s.replace(ISO, (m) => fmtTime(m));

/**
 * The header bell: unread count (polled every 30 s, after every case action and when
 * the tab becomes visible again), a list of recent notices linking to their cases,
 * mark one or all read.
 */
export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<NotificationView[] | null>(null);

  const count = useCallback(() => {
    notificationsApi
      .unreadCount()
      .then((r) => setUnread(r.unread))
      .catch(() => undefined);
  }, []);
  const load = useCallback(() => {
    notificationsApi
      .list({ pageSize: 20 })
      .then((r) => {
        setItems(r.items);
        setUnread(r.unread);
      })
      .catch(() => setItems([]));
  }, []);

  useEffect(() => {
    count();
    const timer = window.setInterval(count, POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && count();
    document.addEventListener('visibilitychange', onVisible);
    // Other people's notices are created by our actions too (and ours by theirs): recount soon after.
    const off = onCasesChanged(() => window.setTimeout(count, 300));
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      off();
    };
  }, [count]);

  useEffect(() => {
    if (open) load();
  }, [open, load]);

  const openNotice = async (n: NotificationView) => {
    if (!n.readAt) {
      await notificationsApi.markRead(n.id).catch(() => undefined);
      count();
    }
    setOpen(false);
    if (n.caseId) void navigate(`/cases/${n.caseId}`);
  };
  const readAll = async () => {
    await notificationsApi.markAllRead().catch(() => undefined);
    load();
  };

  const content = (
    <div style={{ width: 'min(360px, 86vw)' }} data-testid="notif-panel">
      {items === null ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          style={{ maxHeight: 420, overflow: 'auto' }}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              onClick={() => void openNotice(n)}
              style={{ cursor: 'pointer', background: n.readAt ? undefined : '#e6f4ff', paddingInline: 8 }}
              data-testid={`notif-item-${n.id}`}
              data-read={n.readAt ? 'true' : 'false'}
              data-case-id={n.caseId ?? ''}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
                description={
                  <>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>
                      {readable(n.body)}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmtTime(n.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span>{t('notif.title')}</span>
          <Button size="small" type="link" onClick={() => void readAll()} disabled={!unread} data-testid="notif-read-all">
            {t('notif.readAll')}
          </Button>
        </div>
      }
      content={content}
    >
      <Button type="text" aria-label={t('notif.title')} data-testid="notif-bell" data-count={unread}>
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
