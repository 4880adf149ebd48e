import { Link } from 'react-router-dom';
import { Card, Col, Row, Statistic, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { DashboardPeriod } from '../../../../../src/shared/case-enums.js';
import { isUnsigned } from '../../letters/api.js';
import { pct, score } from '../../evaluation/format.js';
import { useI18n, type TFunction } from '../../../i18n/i18n.js';
import { casesLink, inSpan, resultsLink } from './periods.js';
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
 * The headline tiles: this week (or month) against the one before; each opens the
 * list behind it with the filter applied.
 */
export function CockpitTiles({ c, period }: { c: Cockpit; period: DashboardPeriod }) {
  const { t } = useI18n();
  const h = c.headline.data;
  const cur = h?.[period];
  const prev = c.previousCases.data;
  const pair = c.pair;
  const letters = c.letters.data?.items ?? [];
  const issuedIn = (s: { from: string; to: string }) => letters.filter((l) => inSpan(l.issuedAt, s)).length;
  const ev = c.evaluation.data;
  const previousLabel = t(`cockpit.previous.${period}`);

  const tiles: Tile[] = [
    {
      key: 'dispatched',
      title: t('cockpit.tile.dispatched'),
      current: cur?.sums.dispatched,
      previous: prev?.sums.dispatched ?? null,
      kind: 'count',
      higherIsBetter: false,
      to: casesLink(pair?.current ?? null),
      loading: c.headline.loading,
      hint: t('cockpit.tile.cohortNote'),
    },
    {
      key: 'closed',
      title: t('cockpit.tile.closed'),
      current: cur?.sums.closed,
      previous: prev?.sums.closed ?? null,
      kind: 'count',
      higherIsBetter: true,
      to: casesLink(pair?.current ?? null, { state: 'closed' }),
      loading: c.headline.loading,
      hint: t('cockpit.tile.cohortNote'),
    },
    {
      key: 'disposalRate',
      title: t('cockpit.tile.disposalRate'),
      current: cur?.indicators.disposalRate,
      previous: prev?.indicators.disposalRate ?? null,
      kind: 'rate',
      higherIsBetter: true,
      to: casesLink(pair?.current ?? null),
      loading: c.headline.loading,
    },
    {
      key: 'onTimeDisposalRate',
      title: t('cockpit.tile.onTimeDisposalRate'),
      current: cur?.indicators.onTimeDisposalRate,
      previous: prev?.indicators.onTimeDisposalRate ?? null,
      kind: 'rate',
      higherIsBetter: true,
      to: casesLink(pair?.current ?? null),
      loading: c.headline.loading,
    },
    {
      key: 'overdueNow',
      title: t('cockpit.tile.overdueNow'),
      current: h?.overdueNow,
      kind: 'count',
      higherIsBetter: false,
      to: casesLink(null, { overdue: 'true' }),
      loading: c.headline.loading,
    },
    {
      key: 'lettersIssued',
      title: t('cockpit.tile.lettersIssued'),
      current: pair && c.letters.data ? issuedIn(pair.current) : undefined,
      previous: pair && c.letters.data ? issuedIn(pair.previous) : null,
      kind: 'count',
      higherIsBetter: false,
      to: '/letters',
      loading: c.letters.loading,
    },
    {
      key: 'lettersUnsigned',
      title: t('cockpit.tile.lettersUnsigned'),
      current: c.letters.data ? letters.filter(isUnsigned).length : undefined,
      kind: 'count',
      higherIsBetter: false,
      to: '/letters?unsigned=true',
      loading: c.letters.loading,
    },
    {
      key: 'evalRate',
      title: t('cockpit.tile.evalRate'),
      current: ev?.current.city.rate,
      previous: ev?.previous.city.rate ?? null,
      kind: 'rate',
      higherIsBetter: true,
      to: pair ? resultsLink(pair.current) : '/evaluation/results',
      loading: c.evaluation.loading,
    },
    {
      key: 'evalIndex',
      title: t('cockpit.tile.evalIndex'),
      current: ev?.current.city.index,
      previous: ev?.previous.city.index ?? null,
      kind: 'score',
      higherIsBetter: true,
      to: pair ? resultsLink(pair.current) : '/evaluation/results',
      loading: c.evaluation.loading,
    },
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
