import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge, Button, Card, Flex, List, Space, Switch, Typography } from 'antd';
import { CASE_STATES, type CaseState } from '../../../../../src/shared/case-enums.js';
import type { CaseQuery, MapPoint } from '../../../../../src/shared/contracts/cases.contract.js';
import { casesApi } from '../../../api/cases.js';
import { useApi } from '../../../components/useApi.js';
import { useI18n } from '../../../i18n/i18n.js';
import { categoryTitle, STATE_COLORS, StateTag, useCaseText, useCategories } from '../caseUi.js';
import { gridCluster, mode, type Cluster } from './cluster.js';
import { cityBbox, type View } from './geo.js';
import { SvgMap } from './SvgMap.js';

const CELL_PX = 48;
const HEAT_CELL_PX = 18;

/**
 * Cases on the map, coloured by state: single points, clusters of nearby points (a
 * pixel grid at the current zoom) and an optional density layer. Every case also has
 * an entry in the (hidden by default) list below, `map-point-<id>` with `data-state`
 * and the cluster it is drawn in, so tests and screen readers can find it.
 */
export function CaseMap({ filter, height = 520 }: { filter: CaseQuery; height?: number }) {
  const { t } = useI18n();
  const text = useCaseText();
  const { byCode } = useCategories();
  const { page: _p, pageSize: _ps, orderBy: _o, ...query } = filter;
  const points = useApi(() => casesApi.map(query), query);
  const items = useMemo(() => points.data?.items ?? [], [points.data]);
  const bbox = useMemo(() => cityBbox(), []);
  const [heat, setHeat] = useState(true);
  const [clusters, setClusters] = useState(true);
  const [showList, setShowList] = useState(false);
  const [selected, setSelected] = useState<MapPoint[] | null>(null);
  const [zoom, setZoom] = useState(0);
  // Quantised to quarter levels so clustering is not redone on every wheel tick or pan.
  const onView = useCallback((v: View) => setZoom(Math.round(v.z * 4) / 4), []);

  const counts = useMemo(() => {
    const m = new Map<CaseState, number>();
    for (const p of items) m.set(p.state, (m.get(p.state) ?? 0) + 1);
    return CASE_STATES.filter((s) => m.has(s)).map((s) => ({ state: s, n: m.get(s)! }));
  }, [items]);
  const groups = useMemo(
    () => (clusters ? gridCluster(items, zoom, CELL_PX) : items.map((p) => ({ key: `p${p.id}`, items: [p], lon: p.lon, lat: p.lat }))),
    [items, zoom, clusters],
  );
  const heatCells = useMemo(() => (heat ? gridCluster(items, zoom, HEAT_CELL_PX) : []), [items, zoom, heat]);
  const clusterOf = useMemo(() => {
    const m = new Map<number, string>();
    for (const g of groups) for (const p of g.items) m.set(p.id, g.items.length > 1 ? g.key : '');
    return m;
  }, [groups]);

  const overlay = (
    <Card size="small" styles={{ body: { padding: '6px 10px' } }} data-testid="map-legend">
      <Flex wrap gap={8} align="center">
        <Typography.Text type="secondary" data-testid="map-count" data-count={items.length}>
          {t('map.count', { n: items.length })}
        </Typography.Text>
        {counts.map((c) => (
          <Badge
            key={c.state}
            color={STATE_COLORS[c.state].hex}
            text={`${text.state(c.state)} ${c.n}`}
            data-testid={`map-legend-${c.state}`}
          />
        ))}
      </Flex>
    </Card>
  );

  return (
    <div data-testid="case-map" data-loading={points.loading ? 'true' : 'false'}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Switch
          checked={clusters}
          onChange={setClusters}
          checkedChildren={t('map.clusters')}
          unCheckedChildren={t('map.clusters')}
          data-testid="map-toggle-clusters"
        />
        <Switch
          checked={heat}
          onChange={setHeat}
          checkedChildren={t('map.heat')}
          unCheckedChildren={t('map.heat')}
          data-testid="map-toggle-heat"
        />
        <Button size="small" onClick={() => setShowList((v) => !v)} data-testid="map-toggle-list">
          {showList ? t('map.hideList') : t('map.showList')}
        </Button>
      </Space>
      <SvgMap bbox={bbox} height={height} overlay={overlay} onViewChange={onView}>
        {(p, api) => {
          return (
            <>
              <defs>
                <radialGradient id="dd-heat">
                  <stop offset="0%" stopColor="#f5222d" stopOpacity={0.55} />
                  <stop offset="60%" stopColor="#fa8c16" stopOpacity={0.22} />
                  <stop offset="100%" stopColor="#fadb14" stopOpacity={0} />
                </radialGradient>
              </defs>
              {heat && (
                <g data-testid="map-heat" style={{ pointerEvents: 'none' }}>
                  {heatCells.map((c) => {
                    const [x, y] = p.project(c.lon, c.lat);
                    const r = 22 + Math.min(30, 6 * Math.log2(c.items.length + 1));
                    return (
                      <circle
                        key={c.key}
                        cx={x}
                        cy={y}
                        r={r}
                        fill="url(#dd-heat)"
                        opacity={Math.min(1, 0.45 + 0.15 * Math.log2(c.items.length))}
                      />
                    );
                  })}
                </g>
              )}
              {groups.map((g) => {
                const [x, y] = p.project(g.lon, g.lat);
                if (x < -40 || y < -40 || x > p.width + 40 || y > p.height + 40) return null;
                return (
                  <Marker
                    key={g.key}
                    g={g}
                    x={x}
                    y={y}
                    onClick={() => {
                      setSelected(g.items);
                      if (g.items.length > 1) api.zoomAt(x, y, 2);
                    }}
                  />
                );
              })}
            </>
          );
        }}
      </SvgMap>
      {selected && selected.length > 0 && (
        <Card
          size="small"
          style={{ marginTop: 8 }}
          title={t('map.cluster', { n: selected.length })}
          extra={
            <Button size="small" type="text" onClick={() => setSelected(null)}>
              ×
            </Button>
          }
          data-testid="map-selection"
        >
          <List
            size="small"
            dataSource={selected.slice(0, 50)}
            renderItem={(c) => (
              <List.Item>
                <Space wrap>
                  <Link to={`/cases/${c.id}`}>{c.number}</Link>
                  <StateTag state={c.state} />
                  <Typography.Text type="secondary">{categoryTitle(c.categoryCode, byCode)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <ul
        data-testid="map-points"
        style={{ display: showList ? 'block' : 'none', marginTop: 8, paddingInlineStart: 20, maxHeight: 240, overflow: 'auto' }}
      >
        {items.map((c) => (
          <li
            key={c.id}
            data-testid={`map-point-${c.id}`}
            data-number={c.number}
            data-state={c.state}
            data-overdue={c.overdue ? 'true' : 'false'}
            data-cluster={clusterOf.get(c.id) ?? ''}
          >
            <Link to={`/cases/${c.id}`}>{c.number}</Link> · {text.state(c.state)} · {c.lon.toFixed(5)}, {c.lat.toFixed(5)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Marker({ g, x, y, onClick }: { g: Cluster<MapPoint>; x: number; y: number; onClick: () => void }) {
  const state = mode(g.items, (p) => p.state) ?? 'reported';
  const color = STATE_COLORS[state].hex;
  if (g.items.length === 1) {
    const c = g.items[0]!;
    return (
      <circle
        cx={x}
        cy={y}
        r={7}
        fill={color}
        stroke={c.overdue ? '#f5222d' : '#fff'}
        strokeWidth={c.overdue ? 3 : 2}
        style={{ cursor: 'pointer' }}
        onClick={onClick}
        data-testid={`map-marker-${c.id}`}
        data-state={c.state}
      >
        <title>{c.number}</title>
      </circle>
    );
  }
  const r = 12 + Math.min(16, 3 * Math.log2(g.items.length));
  const overdue = g.items.some((p) => p.overdue);
  return (
    <g style={{ cursor: 'pointer' }} onClick={onClick} data-testid="map-cluster" data-ids={g.items.map((p) => p.id).join(' ')}>
      <circle cx={x} cy={y} r={r + 4} fill={color} opacity={0.25} />
      <circle cx={x} cy={y} r={r} fill={color} stroke={overdue ? '#f5222d' : '#fff'} strokeWidth={2} opacity={0.9} />
      <text x={x} y={y + 4} textAnchor="middle" fill="#fff" fontSize={12} fontWeight={600} style={{ pointerEvents: 'none' }}>
        {g.items.length}
      </text>
    </g>
  );
}
