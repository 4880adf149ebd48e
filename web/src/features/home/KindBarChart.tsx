import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Registering only what the chart uses keeps echarts' share of the dashboard chunk small.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export function KindBarChart({ labels, values, height = 280 }: { labels: string[]; values: number[]; height?: number }) {
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

  useEffect(() => {
    chart.current?.setOption({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: values, itemStyle: { color: '#1677ff' }, barMaxWidth: 36 }],
    });
  }, [labels, values]);

  return <div ref={el} style={{ width: '100%', height }} data-testid="kind-chart" />;
}
