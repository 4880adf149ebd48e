/**
 * Small shared pieces of the assessment pages (考核奖惩, DOMAIN.md §3.5): the campaign
 * picker, unit names by id, rank moves and 红黑榜 tags. Labels come from
 * src/shared/assessment-enums.ts; texts from web/src/i18n/assessment.*.ts.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Select, Tag } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { campaignsApi } from '../../api/campaigns.js';
import { useApi } from '../../components/useApi.js';
import { useUnits } from '../../components/unitsStore.js';
import { useI18n } from '../../i18n/i18n.js';
import { periodLabel } from './periodKeys.js';
import type { CampaignView } from '../../../../src/shared/contracts/campaigns.contract.js';
import type { RankChange } from '../../../../src/shared/contracts/assessment.contract.js';
import { LIST_KIND_LABELS, RANK_MOVE_LABELS, type ListKind } from '../../../../src/shared/assessment-enums.js';

/**
 * The campaign the page is about, kept in `?campaign=` so a link keeps it; the current
 * (newest) campaign until the user picks another.
 */
export function useCampaignChoice(): {
  campaigns: CampaignView[];
  campaignId: number | null;
  setCampaignId: (id: number) => void;
  loading: boolean;
} {
  const list = useApi(() => campaignsApi.list(), 'campaigns');
  const [params, setParams] = useSearchParams();
  const campaigns = useMemo(() => list.data?.items ?? [], [list.data]);
  const chosen = Number(params.get('campaign')) || null;
  const fallback = campaigns.find((c) => c.current)?.id ?? campaigns[0]?.id ?? null;
  const campaignId = chosen && campaigns.some((c) => c.id === chosen) ? chosen : chosen && !list.data ? chosen : fallback;
  const setCampaignId = (id: number) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('campaign', String(id));
      return next;
    });
  return { campaigns, campaignId, setCampaignId, loading: list.loading };
}

/** The campaign select shown in page headers. */
export function CampaignSelect({
  campaigns,
  value,
  onChange,
}: {
  campaigns: CampaignView[];
  value: number | null;
  onChange: (id: number) => void;
}) {
  const { t } = useI18n();
  return (
    <Select<number>
      data-testid="assess-campaign"
      value={value ?? undefined}
      onChange={onChange}
      placeholder={t('assess.campaign')}
      style={{ minWidth: 180, maxWidth: '100%' }}
      options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}

/** Unit id → name for everyone who may read the directory (names, never ids, on screen). */
export function useUnitNames(enabled = true): (id: number) => string {
  const { units } = useUnits(enabled);
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u.name])), [units]);
  return (id: number) => byId.get(id) ?? `#${id}`;
}

/** ↑3 / ↓2 / — / 新 with the move's colour. */
export function RankMoveText({ change }: { change: RankChange | undefined }) {
  const { label } = useI18n();
  if (!change) return <span>—</span>;
  const places = Math.abs(change.places ?? 0);
  switch (change.move) {
    case 'up':
      return (
        <span style={{ color: '#cf1322', whiteSpace: 'nowrap' }} data-testid="rank-move" data-move="up" title={label(RANK_MOVE_LABELS.up)}>
          <ArrowUpOutlined /> {places}
        </span>
      );
    case 'down':
      return (
        <span
          style={{ color: '#389e0d', whiteSpace: 'nowrap' }}
          data-testid="rank-move"
          data-move="down"
          title={label(RANK_MOVE_LABELS.down)}
        >
          <ArrowDownOutlined /> {places}
        </span>
      );
    case 'new':
      return (
        <Tag data-testid="rank-move" data-move="new">
          {label(RANK_MOVE_LABELS.new)}
        </Tag>
      );
    default:
      return (
        <span data-testid="rank-move" data-move={change.move} style={{ color: '#8c8c8c' }}>
          —
        </span>
      );
  }
}

/** 红榜 / 黑榜 tag. */
export function ListTag({ list }: { list: ListKind }) {
  const { label } = useI18n();
  return (
    <Tag
      color={list === 'red' ? 'red' : 'default'}
      style={list === 'black' ? { background: '#262626', color: '#fff' } : undefined}
      data-testid={`list-${list}`}
    >
      {label(LIST_KIND_LABELS[list])}
    </Tag>
  );
}

/** Points with two decimals and a sign for non-zero parts (+3.50, −2.00). */
export function fmtPoints(p: number, signed = false): string {
  const s = Math.abs(p).toFixed(2);
  if (!signed || p === 0) return p < 0 ? `−${s}` : s;
  return p > 0 ? `+${s}` : `−${s}`;
}

/** A period key in the UI's language (2026年11月 / 2026-11); the server's own labels are Chinese. */
export function usePeriodLabel(): (key: string) => string {
  const { locale } = useI18n();
  return (key: string) => periodLabel(key, locale === 'zh-CN');
}
