/**
 * A small map of the city for the citizens' pages, without a map library: Web Mercator
 * at whole zoom levels, XYZ tiles when the server gives a tile URL, else a plain grid
 * with the city's area outlined. Drag to pan, +/− to zoom, tap to pick a point.
 * (The staff app's SvgMap does more; this one stays small for the public entry.)
 */
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { useT } from './i18n.js';

export type BBox = readonly [number, number, number, number];

const TILE = 256;
const MAX_Z = 18;

/** World pixel coordinates of a lon/lat at zoom z. */
function toPx(lon: number, lat: number, z: number): [number, number] {
  const s = TILE * 2 ** z;
  const sin = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lon + 180) / 360) * s, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * s];
}

function fromPx(x: number, y: number, z: number): [number, number] {
  const s = TILE * 2 ** z;
  const lon = (x / s) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / s;
  return [lon, (180 / Math.PI) * Math.atan(Math.sinh(n))];
}

/** Whether a point lies inside the box. */
export function inBox(lon: number, lat: number, b: BBox): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/** The largest whole zoom at which the box fits into w × h. */
function fitZoom(b: BBox, w: number, h: number): number {
  for (let z = MAX_Z; z > 0; z--) {
    const [x0, y0] = toPx(b[0], b[3], z);
    const [x1, y1] = toPx(b[2], b[1], z);
    if (x1 - x0 <= w - 24 && y1 - y0 <= h - 24) return z;
  }
  return 0;
}

/** Draws in screen pixels: where a lon/lat falls on the map as shown now. */
export type Project = (lon: number, lat: number) => [number, number];

interface Props {
  bbox: BBox;
  tileUrl: string | null;
  height?: number;
  onPick?: (lon: number, lat: number) => void;
  /** Start centred here, a few levels closer. */
  focus?: [number, number] | null;
  /** SVG drawn over the map with the current projection, and the zoom. */
  children?: (project: Project, z: number) => ReactNode;
  'data-testid'?: string;
}

interface View {
  z: number;
  cx: number;
  cy: number;
}

/** The city map: see the file comment. */
export function CityMap({ bbox, tileUrl, height = 280, onPick, focus, children, ...rest }: Props) {
  const { t } = useT();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [view, setView] = useState<View | null>(null);
  const drag = useRef<{ x: number; y: number; cx: number; cy: number; moved: boolean } | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const minZ = width ? fitZoom(bbox, width, height) : 0;
  useEffect(() => {
    if (!width || view) return;
    const z = focus ? Math.min(MAX_Z, minZ + 3) : minZ;
    const [lon, lat] = focus ?? [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
    const [cx, cy] = toPx(lon, lat, z);
    setView({ z, cx, cy });
  }, [width, view, minZ, bbox, focus]);

  const zoom = (dz: number) =>
    setView((v) => {
      if (!v) return v;
      const z = Math.max(minZ, Math.min(MAX_Z, v.z + dz));
      const f = 2 ** (z - v.z);
      return { z, cx: v.cx * f, cy: v.cy * f };
    });

  const down = (e: ReactPointerEvent) => {
    if (!view) return;
    (e.target as Element).setPointerCapture?.(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, cx: view.cx, cy: view.cy, moved: false };
  };
  const move = (e: ReactPointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (Math.abs(dx) + Math.abs(dy) > 6) d.moved = true;
    if (d.moved) setView((v) => (v ? { ...v, cx: d.cx - dx, cy: d.cy - dy } : v));
  };
  const up = (e: ReactPointerEvent) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved || !view || !onPick || !box.current) return;
    const r = box.current.getBoundingClientRect();
    const [lon, lat] = fromPx(view.cx + e.clientX - r.left - width / 2, view.cy + e.clientY - r.top - height / 2, view.z);
    onPick(Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6);
  };

  let content: ReactNode = null;
  if (view && width) {
    const ox = width / 2 - view.cx;
    const oy = height / 2 - view.cy;
    const project: Project = (lon, lat) => {
      const [x, y] = toPx(lon, lat, view.z);
      return [x + ox, y + oy];
    };
    const [bx0, by0] = project(bbox[0], bbox[3]);
    const [bx1, by1] = project(bbox[2], bbox[1]);
    const tiles: ReactNode[] = [];
    if (tileUrl) {
      const n = 2 ** view.z;
      for (let tx = Math.floor(-ox / TILE); tx * TILE + ox < width; tx++)
        for (let ty = Math.max(0, Math.floor(-oy / TILE)); ty * TILE + oy < height && ty < n; ty++) {
          const x = ((tx % n) + n) % n;
          const src = tileUrl.replace('{z}', String(view.z)).replace('{x}', String(x)).replace('{y}', String(ty));
          tiles.push(
            <img key={`${tx}/${ty}`} className="pm-tile" src={src} alt="" style={{ left: tx * TILE + ox, top: ty * TILE + oy }} />,
          );
        }
    }
    // A grid line every ~100 px in round world pixels: enough to see the map move.
    const step = TILE / 2;
    const grid: ReactNode[] = [];
    if (!tileUrl) {
      for (let x = ((ox % step) + step) % step; x < width; x += step) grid.push(<line key={`x${x}`} x1={x} x2={x} y1={0} y2={height} />);
      for (let y = ((oy % step) + step) % step; y < height; y += step) grid.push(<line key={`y${y}`} y1={y} y2={y} x1={0} x2={width} />);
    }
    content = (
      <>
        {tiles}
        <svg className="pm-svg" width={width} height={height}>
          <g className="pm-grid">{grid}</g>
          <rect className="pm-city" x={bx0} y={by0} width={bx1 - bx0} height={by1 - by0} />
          {children?.(project, view.z)}
        </svg>
      </>
    );
  }

  return (
    <div className="pm-map" style={{ height }} data-testid={rest['data-testid']}>
      <div
        ref={box}
        className="pm-surface"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={() => (drag.current = null)}
      >
        {content}
      </div>
      <div className="pm-zoom">
        <button type="button" aria-label={t('zoomIn')} onClick={() => zoom(1)}>
          +
        </button>
        <button type="button" aria-label={t('zoomOut')} onClick={() => zoom(-1)}>
          −
        </button>
      </div>
    </div>
  );
}
