import { Table } from 'antd';
import { useI18n } from '../../i18n/i18n.js';
import { fmtDeadline } from './deadline.js';
import type { ActionItem } from '../../../../src/shared/contracts/action-items.contract.js';
import { ACTION_ITEM_STATUS_LABELS } from '../../../../src/shared/action-item-enums.js';
import { ProgressTag } from './ProgressTag.js';

/** Action items as a table: the item (opens it), progress, unit, deadline and status. Scrolls sideways on a phone, progress in view. */
export function ActionItemsTable({
  items,
  loading,
  onOpen,
  showMeeting = false,
}: {
  items: ActionItem[];
  loading?: boolean;
  onOpen: (id: number) => void;
  showMeeting?: boolean;
}) {
  const { t, label } = useI18n();
  return (
    <Table<ActionItem>
      size="small"
      rowKey="id"
      scroll={{ x: 720 }}
      loading={loading}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: t('actionItem.empty') }}
      data-testid="action-items-table"
      columns={[
        {
          title: t('actionItem.subject'),
          dataIndex: 'title',
          width: 220,
          render: (title: string, a) => (
            <a onClick={() => onOpen(a.id)} data-testid={`action-item-open-${a.id}`}>
              {title}
            </a>
          ),
        },
        {
          title: t('actionItem.progress'),
          dataIndex: 'progress',
          width: 90,
          render: (p: ActionItem['progress']) => <ProgressTag progress={p} />,
        },
        { title: t('actionItem.unit'), dataIndex: 'unitName', width: 150 },
        { title: t('actionItem.due'), dataIndex: 'dueAt', width: 150, render: (d: string) => fmtDeadline(d) },
        {
          title: t('actionItem.status'),
          dataIndex: 'status',
          width: 90,
          render: (s: ActionItem['status']) => label(ACTION_ITEM_STATUS_LABELS[s]),
        },
        ...(showMeeting
          ? [
              {
                title: t('actionItem.meeting'),
                key: 'meeting',
                width: 150,
                render: (_: unknown, a: ActionItem) => a.briefingNumber ?? a.briefingTitle,
              },
            ]
          : []),
      ]}
    />
  );
}
