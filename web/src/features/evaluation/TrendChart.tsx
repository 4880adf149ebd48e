import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the chart uses; this module is itself lazy-loaded by the results page.
echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface TrendLine {
  name: string;
  /** 得分率 0..1 per bucket; null = nothing inspected (a gap in the line). */
  values: (number | null)[];
}

/** 得分率 over time (0–100 %), one line per series. */
export default function TrendChart({ labels, lines, height = 320 }: { labels: string[]; lines: TrendLine[]; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    chart.current = c;
    // Follow the container, not only the window: the menu appearing or a card
    // reflowing changes the width without any window resize.
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  // Callers pass fresh arrays on every render; only a change of content redraws.
  const key = JSON.stringify([labels, lines]);
  useEffect(() => {
    const [labels, lines] = JSON.parse(key) as [string[], TrendLine[]];
    chart.current?.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
        legend: { type: 'scroll', top: 0 },
        grid: { left: 48, right: 16, top: 40, bottom: 32 },
        xAxis: { type: 'category', data: labels, boundaryGap: false },
        // From the ten below the lowest point, so close lines stay apart; never above 100.
        yAxis: {
          type: 'value',
          min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10),
          max: 100,
          axisLabel: { formatter: '{value}%' },
        },
        series: lines.map((l) => ({
          type: 'line',
          name: l.name,
          data: l.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
          connectNulls: false,
          showSymbol: true,
        })),
      },
      true,
    );
  }, [key]);

  return (
    <div
      ref={el}
      style={{ width: '100%', height }}
      data-testid="results-trend-chart"
      data-series={lines.length}
      data-buckets={labels.length}
      // Whether the chart opens on a stretch with no data (tests check the default fits the data).
      data-first-empty={String(lines.every((l) => l.values[0] === null || l.values[0] === undefined))}
    />
  );
}
