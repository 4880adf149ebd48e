/**
 * The public map (issue 15 point 2): recent cases at coarse positions, if HQ enabled it.
 * Points close together on screen are drawn as one circle with their count; the list
 * below names every case.
 */
import { useEffect, useState } from 'react';
import type { PublicConfig, PublicMap } from '../../../src/shared/contracts/public.contract.js';
import { PUBLIC_STAGE_LABELS } from '../../../src/shared/public-enums.js';
import { publicApi } from '../api/public.js';
import { CityMap, type Project } from './CityMap.js';
import { fmtTime, useT } from './i18n.js';
import { errorText } from './send.js';

/** Points closer than this (screen px) to a cluster's centre join it. */
const JOIN_PX = 36;

type Item = PublicMap['items'][number];

/** Greedy clustering at the current projection: each point joins the first cluster near enough. */
function clusters(items: Item[], project: Project): { x: number; y: number; n: number }[] {
  const out: { x: number; y: number; n: number }[] = [];
  for (const it of items) {
    const [x, y] = project(it.lon, it.lat);
    const c = out.find((k) => Math.hypot(k.x - x, k.y - y) < JOIN_PX);
    if (c) {
      c.x = (c.x * c.n + x) / (c.n + 1);
      c.y = (c.y * c.n + y) / (c.n + 1);
      c.n += 1;
    } else out.push({ x, y, n: 1 });
  }
  return out;
}

export function MapPage({ config }: { config: PublicConfig }) {
  const { t, lang } = useT();
  const [items, setItems] = useState<Item[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!config.publicMap) return;
    publicApi
      .map()
      .then((m) => setItems(m.items))
      .catch((e: unknown) => setProblem(errorText(e, t)));
  }, [config.publicMap]);

  if (!config.publicMap) return <p className="pm-card">{t('mapOff')}</p>;
  if (problem) return <p className="pm-error">{problem}</p>;
  if (!items) return <p className="pm-hint">{t('loading')}</p>;
  return (
    <section data-testid="public-map">
      <h2>{t('mapTitle')}</h2>
      <CityMap bbox={config.cityBbox} tileUrl={config.tileUrl} height={360}>
        {(project) =>
          clusters(items, project).map((c, i) => (
            <g key={i} className="pm-cluster" aria-label={t('cluster', { n: c.n })}>
              <circle cx={c.x} cy={c.y} r={c.n > 1 ? 12 + Math.min(10, Math.log2(c.n) * 3) : 7} />
              {c.n > 1 && (
                <text x={c.x} y={c.y} dy="0.35em">
                  {c.n}
                </text>
              )}
            </g>
          ))
        }
      </CityMap>
      <p className="pm-hint">{t('mapNote')}</p>
      {items.length === 0 ? (
        <p className="pm-hint">{t('mapEmpty')}</p>
      ) : (
        <ul className="pm-list">
          {items.map((it) => (
            <li key={it.number}>
              <strong>{it.categoryName}</strong>
              <span className={`pm-stage pm-stage-${it.stage}`}>{PUBLIC_STAGE_LABELS[it.stage][lang]}</span>
              <small>
                {it.number} · {fmtTime(it.reportedAt)}
              </small>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
