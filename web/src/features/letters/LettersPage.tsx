import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App as AntApp, Badge, Button, Drawer, Flex, Select, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { FileExcelOutlined, PlusOutlined, RobotOutlined } from '@ant-design/icons';
import { lettersApi } from '../../api/letters.js';
import { PageHeader } from '../../components/PageHeader.js';
import { fmtDate } from '../../components/time.js';
import { useApi } from '../../components/useApi.js';
import { useMe } from '../../auth/session.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import type { LetterQuery, LetterView } from '../../../../src/shared/contracts/letters.contract.js';
import { LETTER_STATE_LABELS, LETTER_STATE_VALUES, type LetterStateValue } from '../../../../src/shared/letter-enums.js';
import { DEFAULT_TYPES, deadlineDay, isUnsigned } from './api.js';
import { DraftLetterModal } from './DraftLetterModal.js';
import { LadderCard, useCurrentLadder } from './LadderCard.js';
import { LetterDetail } from './LetterDetail.js';
import { LetterStateTag } from './letterUi.js';
import './letters.css';

/**
 * Official letters (督查督办函件). One page, two audiences by permission: HQ
 * (`letter.manage`) gets the ledger (台账) of every letter with filters, the Excel
 * export, hand drafting and the escalation ladder; a unit (`letter.sign`) gets its
 * inbox with the unsigned letters flagged red; a leader reads the ledger and approves
 * the letters that need it (待我审批 with its count, opening the 待审批 filter). One letter
 * opens in a drawer addressed by `?id=` so a link can point at it.
 */
export default function LettersPage() {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const me = useMe();
  const canManage = me.permissions.includes('letter.manage');
  const canSign = me.permissions.includes('letter.sign');
  const canApprove = me.permissions.includes('letter.approve');
  const [params, setParams] = useSearchParams();
  // A link may open the page filtered (the cockpit's tiles): ?state=overdue, ?unsigned=true.
  const [state, setState] = useState<LetterStateValue | ''>(() => {
    const s = params.get('state');
    return (LETTER_STATE_VALUES as readonly string[]).includes(s ?? '') ? (s as LetterStateValue) : '';
  });
  const [unsignedOnly, setUnsignedOnly] = useState(() => params.get('unsigned') === 'true');
  // ?issuedFrom&issuedTo (ISO instants): the letters issued in a period, as the cockpit counts them.
  const [issued, setIssued] = useState(() => ({ from: params.get('issuedFrom') ?? undefined, to: params.get('issuedTo') ?? undefined }));
  const awaiting = useApi(canApprove ? () => lettersApi.awaitingApprovalCount() : null, state);
  const [type, setType] = useState('');
  const query: LetterQuery = {
    state: state || undefined,
    type: type || undefined,
    issuedFrom: issued.from,
    issuedTo: issued.to,
    unsigned: unsignedOnly || undefined,
  };
  const list = useApi(() => lettersApi.list(query), query);
  const ladder = useCurrentLadder(canManage);
  const openId = Number(params.get('id')) || null;
  const [drafting, setDrafting] = useState(false);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const unsigned = canSign ? items.filter((l) => l.canSign && isUnsigned(l)).length : 0;
  const shown = useMemo(() => (unsignedOnly ? items.filter(isUnsigned) : items), [items, unsignedOnly]);

  // The ladder's types, the default ones and any already used, once each.
  const types = useMemo(
    () => [...new Set([...(ladder.ladder?.rungs.map((r) => r.type) ?? []), ...DEFAULT_TYPES, ...items.map((l) => l.type)])],
    [ladder.ladder, items],
  );

  const columns: ColumnsType<LetterView> = [
    {
      title: t('letter.number'),
      dataIndex: 'number',
      width: 200,
      render: (n: string | null, l) => (
        <Space size={4} wrap>
          <a onClick={() => setParams({ id: String(l.id) })} data-testid={`letter-open-${l.id}`}>
            {n ?? t('letter.draftTag')}
          </a>
          {l.canApprove && (
            <Tag color="orange" data-testid="letter-awaiting-mine">
              {t('letter.awaitingMine')}
            </Tag>
          )}
          {canSign && l.canSign && isUnsigned(l) && (
            <Tag color="red" data-testid="letter-unsigned">
              {t('letter.unsigned')}
            </Tag>
          )}
          {l.auto && (
            <Tooltip title={t('letter.autoHint')}>
              <RobotOutlined style={{ color: '#8c8c8c' }} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: t('letter.type'), dataIndex: 'type', width: 90 },
    { title: t('letter.subject'), dataIndex: 'title', width: 300, ellipsis: { showTitle: true } },
    // A unit sees only its own letters: the unit column would repeat its own name.
    ...(canSign && !canManage ? [] : [{ title: t('letter.unit'), dataIndex: 'unitName', width: 180, ellipsis: true }]),
    { title: t('letter.state'), dataIndex: 'state', width: 100, render: (s: LetterStateValue) => <LetterStateTag state={s} /> },
    { title: t('letter.caseCount'), dataIndex: 'caseIds', width: 70, align: 'right', render: (ids: number[]) => ids.length },
    { title: t('letter.issuedAt'), dataIndex: 'issuedAt', width: 150, render: (s: string | null) => fmtTime(s) },
    { title: t('letter.replyDeadline'), dataIndex: 'replyDeadline', width: 110, render: (s: string | null) => deadlineDay(s) },
    { title: t('letter.signedAt'), dataIndex: 'signedAt', width: 150, render: (s: string | null) => fmtTime(s) },
  ];

  async function exportLedger() {
    try {
      await lettersApi.ledgerXlsx(query);
    } catch {
      void message.error(t('error.generic'));
    }
  }

  return (
    <div data-testid="page-letters">
      <PageHeader
        title={
          <Space>
            {canManage ? t('letter.titleLedger') : t('letter.titleInbox')}
            {unsigned > 0 && <Badge count={unsigned} title={t('letter.unsigned')} />}
            {canApprove && (
              <Button
                size="small"
                type={state === 'pending_approval' ? 'primary' : 'default'}
                onClick={() => setState(state === 'pending_approval' ? '' : 'pending_approval')}
                data-testid="letter-awaiting-filter"
              >
                <Space size={4}>
                  {t('letter.awaitingMine')}
                  <Badge count={awaiting.data?.count ?? 0} showZero size="small" data-testid="letter-awaiting-count" />
                </Space>
              </Button>
            )}
          </Space>
        }
        extra={
          <>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrafting(true)} data-testid="letter-draft">
                {t('letter.draft')}
              </Button>
            )}
            <Button icon={<FileExcelOutlined />} onClick={() => void exportLedger()} data-testid="letter-export">
              {t('letter.export')}
            </Button>
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select<LetterStateValue | ''>
          value={state}
          onChange={setState}
          style={{ width: 160 }}
          data-testid="letter-filter-state"
          options={[
            { value: '', label: `${t('letter.state')}: ${t('letter.all')}` },
            ...LETTER_STATE_VALUES.filter((s) => (canManage || s !== 'draft') && (canManage || canApprove || s !== 'pending_approval')).map(
              (s) => ({
                value: s,
                label: label(LETTER_STATE_LABELS[s]),
              }),
            ),
          ]}
        />
        <Select<string>
          value={type}
          onChange={setType}
          style={{ width: 160 }}
          data-testid="letter-filter-type"
          options={[{ value: '', label: `${t('letter.type')}: ${t('letter.all')}` }, ...types.map((x) => ({ value: x, label: x }))]}
        />
        {(issued.from || issued.to) && (
          <Tag
            closable
            color="blue"
            onClose={() => setIssued({ from: undefined, to: undefined })}
            style={{ alignSelf: 'center' }}
            data-testid="letter-filter-issued"
          >
            {t('letter.issuedIn', {
              from: issued.from ? fmtDate(issued.from) : '…',
              to: issued.to ? fmtDate(new Date(Date.parse(issued.to) - 1).toISOString()) : '…',
            })}
          </Tag>
        )}
        {unsignedOnly && (
          <Tag
            closable
            color="red"
            onClose={() => setUnsignedOnly(false)}
            style={{ alignSelf: 'center' }}
            data-testid="letter-filter-unsigned"
          >
            {t('letter.unsigned')}
          </Tag>
        )}
      </Flex>
      <Table<LetterView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={shown}
        columns={columns}
        scroll={{ x: 1400 }}
        pagination={shown.length > 20 ? { pageSize: 20, showTotal: (n) => t('common.total', { n }) } : false}
        locale={{ emptyText: canManage ? t('letter.empty') : t('letter.emptyUnit') }}
        rowClassName={(l) => (canSign && l.canSign && isUnsigned(l) ? 'letter-row-unsigned' : '')}
        onRow={(l) =>
          ({ 'data-testid': `letter-row-${l.id}`, 'data-state': l.state, 'data-number': l.number ?? '', 'data-type': l.type }) as object
        }
      />
      {canManage && (
        <div style={{ marginTop: 16 }}>
          <LadderCard current={ladder} canManage={canManage} />
        </div>
      )}
      <Drawer
        open={openId !== null}
        onClose={() => {
          setParams({});
          list.reload();
          awaiting.reload();
        }}
        width={Math.min(980, window.innerWidth)}
        title={t('letter.detail')}
        destroyOnHidden
      >
        {openId !== null && <LetterDetail id={openId} canManage={canManage} canSign={canSign} onChanged={list.reload} />}
      </Drawer>
      <DraftLetterModal
        open={drafting}
        ladder={ladder.ladder}
        onClose={() => setDrafting(false)}
        onCreated={(l) => {
          setDrafting(false);
          list.reload();
          setParams({ id: String(l.id) });
        }}
      />
    </div>
  );
}
