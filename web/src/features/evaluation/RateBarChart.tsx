import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the chart uses; this module is itself lazy-loaded by the results page.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** 得分率 bars (0–100 %), one per group. */
export default function RateBarChart({ labels, values, height = 320 }: { labels: string[]; values: (number | null)[]; height?: number }) {
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

  // Callers pass fresh arrays on every render; only a change of content redraws (and re-animates).
  const key = JSON.stringify([labels, values]);
  useEffect(() => {
    const [labels, values] = JSON.parse(key) as [string[], (number | null)[]];
    chart.current?.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
        grid: { left: 48, right: 16, top: 16, bottom: labels.length > 6 ? 90 : 40 },
        xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 35 : 0 } },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          {
            type: 'bar',
            data: values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
            itemStyle: { color: '#1677ff' },
            barMaxWidth: 36,
          },
        ],
      },
      true,
    );
  }, [key]);

  return <div ref={el} style={{ width: '100%', height }} data-testid="results-chart" />;
}
