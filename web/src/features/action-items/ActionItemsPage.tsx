import { useSearchParams } from 'react-router-dom';
import { Drawer, Flex, Select, Typography } from 'antd';
import { actionItemsApi } from '../../api/action-items.js';
import { PageHeader } from '../../components/PageHeader.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useApi } from '../../components/useApi.js';
import { useMe } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ActionItemQuery } from '../../../../src/shared/contracts/action-items.contract.js';
import {
  ACTION_ITEM_PROGRESS,
  ACTION_ITEM_PROGRESS_LABELS,
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_STATUS_LABELS,
  type ActionItemProgress,
  type ActionItemStatus,
} from '../../../../src/shared/action-item-enums.js';
import { ActionItemDetail } from './ActionItemDetail.js';
import { ActionItemsTable } from './ActionItemsTable.js';

/**
 * 交办事项: every item the caller may see — HQ and leaders all of them, filtered by status,
 * progress (e.g. only overdue) and unit; a unit its own, which it opens to report done with
 * evidence. Filters and the open item live in the address (`?status=&progress=&unitId=&id=`).
 */
export default function ActionItemsPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as ActionItemStatus | null) ?? undefined;
  const progress = (params.get('progress') as ActionItemProgress | null) ?? undefined;
  const unitId = Number(params.get('unitId')) || undefined;
  const openId = Number(params.get('id')) || null;
  // Units see their own items only: the unit filter is for those who read across units.
  const acrossUnits = me.permissions.includes('action_item.manage') || me.roles.some((r) => r.role === 'leader');
  const query: ActionItemQuery = { ...(status ? { status } : {}), ...(progress ? { progress } : {}), ...(unitId ? { unitId } : {}) };
  const list = useApi(() => actionItemsApi.list(query), query);
  const set = (k: string, v: string | number | undefined | null) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === null || v === '') next.delete(k);
    else next.set(k, String(v));
    setParams(next);
  };
  const items = list.data?.items ?? [];
  const count = (p: ActionItemProgress) => items.filter((i) => i.progress === p).length;

  return (
    <div data-testid="page-action-items">
      <PageHeader title={t('actionItem.title')}>
        <Flex gap={8} wrap>
          <Select
            allowClear
            placeholder={t('actionItem.allProgress')}
            value={progress}
            onChange={(v?: string) => set('progress', v)}
            style={{ width: 130 }}
            data-testid="action-items-progress"
            options={ACTION_ITEM_PROGRESS.map((p) => ({ value: p, label: label(ACTION_ITEM_PROGRESS_LABELS[p]) }))}
          />
          <Select
            allowClear
            placeholder={t('actionItem.allStatuses')}
            value={status}
            onChange={(v?: string) => set('status', v)}
            style={{ width: 130 }}
            data-testid="action-items-status"
            options={ACTION_ITEM_STATUSES.map((s) => ({ value: s, label: label(ACTION_ITEM_STATUS_LABELS[s]) }))}
          />
          {acrossUnits && (
            <UnitTreeSelect
              value={unitId ?? null}
              onChange={(v) => set('unitId', v)}
              placeholder={t('actionItem.allUnits')}
              style={{ width: 220 }}
              data-testid="action-items-unit"
            />
          )}
        </Flex>
      </PageHeader>
      <Typography.Paragraph type="secondary" data-testid="action-items-summary">
        {t('actionItem.summary', { total: items.length, done: count('done'), overdue: count('overdue'), open: count('in_progress') })}
      </Typography.Paragraph>
      <ActionItemsTable items={items} loading={list.loading} onOpen={(id) => set('id', id)} showMeeting />
      <Drawer
        open={openId !== null}
        width={Math.min(560, window.innerWidth)}
        onClose={() => set('id', null)}
        destroyOnHidden
        title={t('actionItem.title')}
      >
        {openId !== null && <ActionItemDetail id={openId} onChanged={list.reload} />}
      </Drawer>
    </div>
  );
}
