import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { Button, Flex, Tooltip } from 'antd';
import { AimOutlined, MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/i18n.js';
import { fitView, gridStep, projection, scaleAt, tileTemplate, toWorld, type BBox, type Projection, type View } from './geo.js';

export interface MapApi {
  /** Zooms by `dz` levels keeping screen point (px, py) in place. */
  zoomAt: (px: number, py: number, dz: number) => void;
}

interface Props {
  bbox: BBox;
  height: number;
  /** A tap that is not a drag: the lon/lat under it. */
  onPick?: (lon: number, lat: number) => void;
  /** SVG content drawn in screen pixels with the current projection. */
  children?: (p: Projection, api: MapApi) => ReactNode;
  /** HTML laid over the map's top-left corner (legends, switches). */
  overlay?: ReactNode;
  /** Start centred here, `focusZoom` levels closer than the whole area (a case's location). */
  focus?: [lon: number, lat: number];
  focusZoom?: number;
  /** Called after each pan or zoom. */
  onViewChange?: (v: View) => void;
  'data-testid'?: string;
}

const MAX_Z = 19;

/**
 * A pannable, zoomable map drawn in SVG on a plain background, with a graticule and
 * the city outline; tiles only when a tile URL is configured (geo.ts). Mouse drag,
 * wheel, touch drag and pinch; +/−/reset buttons. Works with no network at all.
 */
export function SvgMap({ bbox, height, onPick, children, overlay, onViewChange, focus, focusZoom = 3, ...rest }: Props) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(0);
  const [view, setView] = useState<View | null>(null);
  const fitted = useMemo(() => (width ? fitView(bbox, width, height) : null), [bbox, width, height]);
  const tiles = useMemo(() => tileTemplate(), []);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  const initial = useMemo(() => {
    if (!fitted || !focus) return fitted;
    const [cx, cy] = toWorld(focus[0], focus[1]);
    return { cx, cy, z: fitted.z + focusZoom };
  }, [fitted, focus, focusZoom]);
  useEffect(() => {
    if (initial && !view) setView(initial);
  }, [initial, view]);
  useEffect(() => {
    if (view) onViewChange?.(view);
  }, [view, onViewChange]);

  const clampZ = useCallback((z: number) => Math.max((fitted?.z ?? 0) - 1.5, Math.min(MAX_Z, z)), [fitted]);
  const zoomAt = useCallback(
    (px: number, py: number, dz: number) =>
      setView((v) => {
        if (!v) return v;
        const s = scaleAt(v.z);
        const wx = v.cx + (px - width / 2) / s;
        const wy = v.cy + (py - height / 2) / s;
        const z = clampZ(v.z + dz);
        const s2 = scaleAt(z);
        return { z, cx: wx - (px - width / 2) / s2, cy: wy - (py - height / 2) / s2 };
      }),
    [width, height, clampZ],
  );

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoomAt(e.clientX - r.left, e.clientY - r.top, -e.deltaY * 0.0025);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomAt]);

  // Drag and pinch with pointer events; listeners on window so clicks on points still work.
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const moved = useRef(0);
  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    const r = svg.current!.getBoundingClientRect();
    if (pointers.current.size === 0) moved.current = 0;
    pointers.current.set(e.pointerId, { x: e.clientX - r.left, y: e.clientY - r.top });
    if (pointers.current.size > 1) return;
    const move = (ev: PointerEvent) => {
      const prev = pointers.current.get(ev.pointerId);
      if (!prev) return;
      const next = { x: ev.clientX - r.left, y: ev.clientY - r.top };
      const all = [...pointers.current.entries()];
      if (all.length >= 2) {
        const other = all.find(([id]) => id !== ev.pointerId)![1];
        const d0 = Math.hypot(prev.x - other.x, prev.y - other.y);
        const d1 = Math.hypot(next.x - other.x, next.y - other.y);
        if (d0 > 0 && d1 > 0) zoomAt((next.x + other.x) / 2, (next.y + other.y) / 2, Math.log2(d1 / d0));
        moved.current += 10;
      } else {
        const dx = next.x - prev.x;
        const dy = next.y - prev.y;
        moved.current += Math.abs(dx) + Math.abs(dy);
        setView((v) => (v ? { ...v, cx: v.cx - dx / scaleAt(v.z), cy: v.cy - dy / scaleAt(v.z) } : v));
      }
      pointers.current.set(ev.pointerId, next);
    };
    const up = (ev: PointerEvent) => {
      const p = pointers.current.get(ev.pointerId);
      pointers.current.delete(ev.pointerId);
      if (pointers.current.size > 0) return;
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      if (p && moved.current < 6 && onPick && proj) {
        const [lon, lat] = proj.unproject(p.x, p.y);
        onPick(lon, lat);
      }
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  };

  const proj = view && width ? projection(view, width, height) : null;
  const api: MapApi = { zoomAt };

  return (
    <div
      ref={box}
      style={{
        position: 'relative',
        width: '100%',
        height,
        background: '#f3f1ea',
        overflow: 'hidden',
        borderRadius: 6,
        border: '1px solid #e5e5e5',
      }}
      data-testid={rest['data-testid']}
    >
      {proj && (
        <svg
          ref={svg}
          width={width}
          height={height}
          style={{ display: 'block', touchAction: 'none', cursor: onPick ? 'crosshair' : 'grab', userSelect: 'none' }}
          onPointerDown={onPointerDown}
          onClickCapture={(e) => {
            if (moved.current >= 6) e.stopPropagation();
          }}
        >
          {tiles && <Tiles template={tiles} p={proj} />}
          <Graticule p={proj} />
          <Outline p={proj} bbox={bbox} />
          {children?.(proj, api)}
        </svg>
      )}
      {overlay && <div style={{ position: 'absolute', top: 8, left: 8, maxWidth: 'calc(100% - 64px)' }}>{overlay}</div>}
      <Flex vertical gap={4} style={{ position: 'absolute', top: 8, right: 8 }}>
        <Tooltip title={t('map.zoomIn')} placement="left">
          <Button size="small" icon={<PlusOutlined />} onClick={() => zoomAt(width / 2, height / 2, 1)} data-testid="map-zoom-in" />
        </Tooltip>
        <Tooltip title={t('map.zoomOut')} placement="left">
          <Button size="small" icon={<MinusOutlined />} onClick={() => zoomAt(width / 2, height / 2, -1)} data-testid="map-zoom-out" />
        </Tooltip>
        <Tooltip title={t('map.reset')} placement="left">
          <Button size="small" icon={<AimOutlined />} onClick={() => initial && setView(initial)} data-testid="map-reset" />
        </Tooltip>
      </Flex>
    </div>
  );
}

function Graticule({ p }: { p: Projection }) {
  const step = gridStep(p.view.z);
  const [lonA, latA] = p.unproject(0, p.height);
  const [lonB, latB] = p.unproject(p.width, 0);
  const lines: ReactNode[] = [];
  const digits = step < 0.01 ? 3 : step < 0.1 ? 2 : 1;
  for (let lon = Math.ceil(lonA / step) * step; lon <= lonB && lines.length < 80; lon += step) {
    const [x] = p.project(lon, latA);
    lines.push(<line key={`x${lon.toFixed(4)}`} x1={x} x2={x} y1={0} y2={p.height} />);
    lines.push(<text key={`tx${lon.toFixed(4)}`} x={x + 2} y={p.height - 4}>{`${lon.toFixed(digits)}°E`}</text>);
  }
  for (let lat = Math.ceil(latA / step) * step; lat <= latB && lines.length < 160; lat += step) {
    const [, y] = p.project(lonA, lat);
    lines.push(<line key={`y${lat.toFixed(4)}`} x1={0} x2={p.width} y1={y} y2={y} />);
    lines.push(<text key={`ty${lat.toFixed(4)}`} x={2} y={y - 2}>{`${lat.toFixed(digits)}°N`}</text>);
  }
  return (
    <g stroke="#dcd8cc" strokeWidth={1} fill="#a8a293" fontSize={10} style={{ pointerEvents: 'none' }}>
      {lines}
    </g>
  );
}

function Outline({ p, bbox }: { p: Projection; bbox: BBox }) {
  const [x0, y0] = p.project(bbox[0], bbox[3]);
  const [x1, y1] = p.project(bbox[2], bbox[1]);
  return (
    <rect
      x={x0}
      y={y0}
      width={x1 - x0}
      height={y1 - y0}
      fill="rgba(255,255,255,0.45)"
      stroke="#b7b09c"
      strokeDasharray="6 4"
      style={{ pointerEvents: 'none' }}
    />
  );
}

/** XYZ tiles at the nearest whole zoom, scaled to the fractional one. */
function Tiles({ template, p }: { template: string; p: Projection }) {
  const tz = Math.max(0, Math.min(MAX_Z, Math.round(p.view.z)));
  const n = 2 ** tz;
  const size = scaleAt(p.view.z) / n;
  const [ox, oy] = p.origin;
  const xa = Math.max(0, Math.floor(-ox / size));
  const xb = Math.min(n - 1, Math.floor((p.width - ox) / size));
  const ya = Math.max(0, Math.floor(-oy / size));
  const yb = Math.min(n - 1, Math.floor((p.height - oy) / size));
  const out: ReactNode[] = [];
  for (let x = xa; x <= xb; x++)
    for (let y = ya; y <= yb && out.length < 100; y++) {
      const href = template.replace('{z}', String(tz)).replace('{x}', String(x)).replace('{y}', String(y));
      out.push(<image key={`${tz}/${x}/${y}`} href={href} x={ox + x * size} y={oy + y * size} width={size + 0.5} height={size + 0.5} />);
    }
  return <g style={{ pointerEvents: 'none' }}>{out}</g>;
}
