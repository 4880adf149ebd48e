import { Link } from 'react-router-dom';
import { Card, Col, Row, Statistic, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { DashboardPeriod } from '../../../../../src/shared/case-enums.js';
import { pct, score } from '../../evaluation/format.js';
import { useI18n, type TFunction } from '../../../i18n/i18n.js';
import { casesLink, cohortLink, lettersLink, resultsLink } from './periods.js';
import type { Cockpit } from './useCockpit.js';

type Kind = 'count' | 'rate' | 'score';

interface Tile {
  key: string;
  title: string;
  current: number | null | undefined;
  /** Absent for figures of the moment (overdue now, unsigned now). */
  previous?: number | null;
  kind: Kind;
  /** Whether a rise is good news (green) or bad (red). */
  higherIsBetter: boolean;
  to: string;
  loading: boolean;
  hint?: string;
}

const show = (kind: Kind, v: number | null | undefined) => (kind === 'rate' ? pct(v) : kind === 'score' ? score(v) : (v ?? '—').toString());

/** Change against the previous period: points for rates, plain difference otherwise. */
function Delta({ tile, t, previousLabel }: { tile: Tile; t: TFunction; previousLabel: string }) {
  if (tile.previous === undefined) return <Typography.Text type="secondary">{t('cockpit.tile.now')}</Typography.Text>;
  const { current, previous } = tile;
  const diff = current !== null && current !== undefined && previous !== null ? current - previous : null;
  const good = diff !== null && diff !== 0 && diff > 0 === tile.higherIsBetter;
  const color = diff === null || diff === 0 ? undefined : good ? '#389e0d' : '#cf1322';
  const step =
    diff === null
      ? ''
      : tile.kind === 'rate'
        ? `${Math.abs(diff * 100).toFixed(1)}`
        : Math.abs(diff).toFixed(tile.kind === 'score' ? 1 : 0);
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {previousLabel} {show(tile.kind, previous)}
      {diff !== null && diff !== 0 && (
        <span style={{ color, marginLeft: 6 }} data-testid={`cockpit-delta-${tile.key}`}>
          {diff > 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {step}
          {tile.kind === 'rate' ? 'pp' : ''}
        </span>
      )}
    </Typography.Text>
  );
}

/**
 * The headline tiles: this week (or month) against the one before, from one answer of
 * /api/dashboard/cockpit; each opens the list behind it with the filter the server
 * counted, so the list's total is the tile's figure.
 */
export function CockpitTiles({ c, period }: { c: Cockpit; period: DashboardPeriod }) {
  const { t } = useI18n();
  const v = c.cockpit.data;
  const cur = v?.current;
  const prev = v?.previous;
  const loading = c.cockpit.loading && !v;
  const previousLabel = t(`cockpit.previous.${period}`);
  type TileKey =
    | 'dispatched'
    | 'closed'
    | 'disposalRate'
    | 'onTimeDisposalRate'
    | 'overdueNow'
    | 'lettersIssued'
    | 'lettersUnsigned'
    | 'evalRate'
    | 'evalIndex';
  const tile = (key: TileKey, fields: Omit<Tile, 'key' | 'title' | 'loading'>): Tile => ({
    key,
    title: t(`cockpit.tile.${key}`),
    loading,
    ...fields,
  });

  const tiles: Tile[] = [
    tile('dispatched', {
      current: cur?.sums.dispatched,
      previous: prev?.sums.dispatched ?? null,
      kind: 'count',
      higherIsBetter: false,
      to: cohortLink(cur),
      hint: t('cockpit.tile.cohortNote'),
    }),
    tile('closed', {
      current: cur?.sums.closed,
      previous: prev?.sums.closed ?? null,
      kind: 'count',
      higherIsBetter: true,
      to: cohortLink(cur, { state: 'closed' }),
      hint: t('cockpit.tile.cohortNote'),
    }),
    tile('disposalRate', {
      current: cur?.indicators.disposalRate,
      previous: prev?.indicators.disposalRate ?? null,
      kind: 'rate',
      higherIsBetter: true,
      to: cohortLink(cur),
    }),
    tile('onTimeDisposalRate', {
      current: cur?.indicators.onTimeDisposalRate,
      previous: prev?.indicators.onTimeDisposalRate ?? null,
      kind: 'rate',
      higherIsBetter: true,
      to: cohortLink(cur),
    }),
    tile('overdueNow', { current: v?.overdueNow, kind: 'count', higherIsBetter: false, to: casesLink({ overdue: 'true' }) }),
    tile('lettersIssued', {
      current: cur?.lettersIssued,
      previous: prev?.lettersIssued ?? null,
      kind: 'count',
      higherIsBetter: false,
      to: lettersLink(cur),
    }),
    tile('lettersUnsigned', {
      current: cur?.lettersUnsigned,
      previous: prev?.lettersUnsigned ?? null,
      kind: 'count',
      higherIsBetter: false,
      to: lettersLink(cur, { unsigned: 'true' }),
      hint: t('cockpit.tile.unsignedNote'),
    }),
    tile('evalRate', {
      current: cur?.evaluation?.rate,
      previous: prev?.evaluation?.rate ?? null,
      kind: 'rate',
      higherIsBetter: true,
      to: resultsLink(cur),
    }),
    tile('evalIndex', {
      current: cur?.evaluation?.index,
      previous: prev?.evaluation?.index ?? null,
      kind: 'score',
      higherIsBetter: true,
      to: resultsLink(cur),
    }),
  ];

  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="cockpit-tiles">
      {/* At 1440 px: the five case figures in one row, letters and evaluation in the next. */}
      {tiles.map((tile, i) => (
        <Col xs={12} md={8} xl={{ flex: i < 5 ? '20%' : '25%' }} key={tile.key}>
          <Link to={tile.to} data-testid={`cockpit-tile-${tile.key}`} data-value={tile.current ?? ''} style={{ display: 'block' }}>
            <Card size="small" hoverable loading={tile.loading} style={{ height: '100%' }}>
              <Tooltip title={tile.hint}>
                <Statistic title={tile.title} value={show(tile.kind, tile.current)} valueStyle={{ fontSize: 22 }} />
              </Tooltip>
              <Delta tile={tile} t={t} previousLabel={previousLabel} />
            </Card>
          </Link>
        </Col>
      ))}
    </Row>
  );
}
