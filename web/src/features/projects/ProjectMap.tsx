import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge, Card, Flex, List, Space, Typography } from 'antd';
import type { ProjectPoint } from '../../../../src/shared/contracts/project-rollups.contract.js';
import { PROJECT_STAGES, PROJECT_STAGE_LABELS, type ProjectStage } from '../../../../src/shared/project-enums.js';
import { useI18n } from '../../i18n/i18n.js';
import { gridCluster, mode } from '../cases/map/cluster.js';
import { cityBbox } from '../cases/map/geo.js';
import { SvgMap } from '../cases/map/SvgMap.js';
import { fmtInvestment } from './money.js';

/** A colour per stage, from planning (grey) to at capacity (dark green). */
const STAGE_COLOR: Record<ProjectStage | 'none', string> = {
  none: '#bfbfbf',
  planning: '#8c8c8c',
  signed: '#1677ff',
  performing: '#13c2c2',
  started: '#fa8c16',
  partly_producing: '#fadb14',
  producing: '#52c41a',
  at_capacity: '#237804',
};
const CELL_PX = 44;

/**
 * The projects on the city map, coloured by their stage as of the day: the SVG map of the
 * case map (plain background, tiles only when configured, the city outline), points clustered
 * on a pixel grid; a click lists the projects of a cluster with links to them.
 */
export function ProjectMap({ points, height = 420 }: { points: ProjectPoint[]; height?: number }) {
  const { t, label } = useI18n();
  const bbox = useMemo(() => cityBbox(), []);
  const [zoom, setZoom] = useState(0);
  const [selected, setSelected] = useState<ProjectPoint[] | null>(null);
  const groups = useMemo(() => gridCluster(points, zoom, CELL_PX), [points, zoom]);
  const stageName = (s: ProjectStage | null) => (s ? label(PROJECT_STAGE_LABELS[s]) : t('rollup.noStage'));
  const counts = useMemo(() => {
    const m = new Map<ProjectStage | 'none', number>();
    for (const p of points) m.set(p.stage ?? 'none', (m.get(p.stage ?? 'none') ?? 0) + 1);
    return (['none', ...PROJECT_STAGES] as const).filter((s) => m.has(s)).map((s) => ({ s, n: m.get(s)! }));
  }, [points]);

  const overlay = (
    <Card size="small" styles={{ body: { padding: '6px 10px' } }}>
      <Flex wrap gap={8} data-testid="project-map-legend" data-count={points.length}>
        {counts.map(({ s, n }) => (
          <Badge key={s} color={STAGE_COLOR[s]} text={`${s === 'none' ? t('rollup.noStage') : label(PROJECT_STAGE_LABELS[s])} ${n}`} />
        ))}
      </Flex>
    </Card>
  );

  return (
    <div data-testid="project-map">
      <SvgMap bbox={bbox} height={height} overlay={overlay} onViewChange={(v) => setZoom(Math.round(v.z * 4) / 4)}>
        {(p, api) =>
          groups.map((g) => {
            const [x, y] = p.project(g.lon, g.lat);
            if (x < -40 || y < -40 || x > p.width + 40 || y > p.height + 40) return null;
            const stage = mode(g.items, (i) => i.stage ?? 'none') ?? 'none';
            const n = g.items.length;
            return (
              <g
                key={g.key}
                style={{ cursor: 'pointer' }}
                onClick={() => {
                  setSelected(g.items);
                  if (n > 1) api.zoomAt(x, y, 2);
                }}
              >
                <circle
                  cx={x}
                  cy={y}
                  r={n > 1 ? 10 + Math.min(12, 3 * Math.log2(n)) : 7}
                  fill={STAGE_COLOR[stage]}
                  stroke="#fff"
                  strokeWidth={2}
                />
                {n > 1 && (
                  <text x={x} y={y + 4} textAnchor="middle" fontSize={11} fill="#000">
                    {n}
                  </text>
                )}
              </g>
            );
          })
        }
      </SvgMap>
      {selected && selected.length > 0 && (
        <List
          size="small"
          style={{ marginTop: 8 }}
          dataSource={selected.slice(0, 50)}
          data-testid="project-map-selection"
          renderItem={(i) => (
            <List.Item>
              <Space wrap>
                <Link to={`/projects/${i.id}`}>{i.name}</Link>
                <Typography.Text type="secondary">{stageName(i.stage)}</Typography.Text>
                <Typography.Text type="secondary">{fmtInvestment(i.investment, t)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
