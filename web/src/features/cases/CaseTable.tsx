import type { HTMLAttributes, ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Space, Table, Tag, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { CaseListItem } from '../../../../src/shared/contracts/cases.contract.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { categoryTitle, DueTag, dueOf, StateTag, useCaseText, useCategories } from './caseUi.js';
import './cases.css';

type Column =
  'number' | 'state' | 'category' | 'severity' | 'source' | 'description' | 'address' | 'unit' | 'deadline' | 'reportedAt' | 'updatedAt';

interface Props {
  items: CaseListItem[];
  loading?: boolean;
  columns?: Column[];
  /** Row actions (the last column). */
  actions?: (c: CaseListItem) => ReactNode;
  pagination?: TablePaginationConfig | false;
  /** What an empty table says; queues (the default) say "nothing to do", searches say "no cases". */
  emptyText?: string;
  'data-testid'?: string;
}

const DEFAULT_COLUMNS: Column[] = ['number', 'state', 'category', 'description', 'address', 'unit', 'deadline', 'reportedAt'];

/**
 * Cases as a table: rows of overdue cases red, due within 24 h orange (with
 * `data-due` on each row), numbers linking to the case page.
 */
export function CaseTable({ items, loading, columns = DEFAULT_COLUMNS, actions, pagination = false, emptyText, ...rest }: Props) {
  const { t } = useI18n();
  const text = useCaseText();
  const { byCode } = useCategories();
  const all = {
    number: {
      title: t('case.number'),
      key: 'number',
      fixed: 'left' as const,
      render: (_: unknown, c: CaseListItem) => (
        <Link to={`/cases/${c.id}`} data-testid={`case-link-${c.id}`}>
          {c.number}
        </Link>
      ),
    },
    state: {
      title: t('case.state'),
      key: 'state',
      render: (_: unknown, c: CaseListItem) => (
        <Space size={2} wrap>
          <StateTag state={c.state} />
          {c.pendingExtension && <Tag color="gold">{t('case.extensionPending')}</Tag>}
        </Space>
      ),
    },
    category: {
      title: t('case.category'),
      key: 'category',
      render: (_: unknown, c: CaseListItem) => categoryTitle(c.categoryCode, byCode),
    },
    severity: { title: t('case.severity'), key: 'severity', render: (_: unknown, c: CaseListItem) => text.severity(c.severity) },
    source: { title: t('case.source'), key: 'source', render: (_: unknown, c: CaseListItem) => text.source(c.source) },
    description: {
      title: t('case.description'),
      key: 'description',
      render: (_: unknown, c: CaseListItem) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: c.description }} style={{ margin: 0, maxWidth: 260 }}>
          {c.description}
        </Typography.Paragraph>
      ),
    },
    address: { title: t('case.address'), key: 'address', render: (_: unknown, c: CaseListItem) => c.address ?? '—' },
    unit: { title: t('case.unit'), key: 'unit', render: (_: unknown, c: CaseListItem) => c.assignedUnitName ?? '—' },
    deadline: {
      title: t('case.deadline'),
      key: 'deadline',
      render: (_: unknown, c: CaseListItem) =>
        c.deadline ? (
          <Space direction="vertical" size={0}>
            <span>{fmtTime(c.deadline)}</span>
            <DueTag c={c} />
          </Space>
        ) : (
          '—'
        ),
    },
    reportedAt: { title: t('case.reportedAt'), key: 'reportedAt', render: (_: unknown, c: CaseListItem) => fmtTime(c.createdAt) },
    updatedAt: { title: t('case.updatedAt'), key: 'updatedAt', render: (_: unknown, c: CaseListItem) => fmtTime(c.updatedAt) },
  };
  const cols = columns.map((k) => all[k]);
  if (actions)
    cols.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_: unknown, c: CaseListItem) => actions(c),
    } as (typeof cols)[number]);

  return (
    <Table<CaseListItem>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      columns={cols}
      pagination={pagination}
      scroll={{ x: 'max-content' }}
      rowClassName={(c) => {
        const due = dueOf(c);
        return due === 'overdue' ? 'dd-row-overdue' : due === 'soon' ? 'dd-row-soon' : '';
      }}
      onRow={(c) => ({ 'data-due': dueOf(c), 'data-state': c.state, 'data-number': c.number }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText: <span data-testid="cases-empty">{emptyText ?? t('queue.empty')}</span> }}
      data-testid={rest['data-testid']}
    />
  );
}
