import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the charts use; this module is loaded with the lazy projects dashboard.
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** One group of a roll-up as charted: its label, project count and investment (万元). */
export interface ChartGroup {
  label: string;
  count: number;
  investment: number;
}

/**
 * A roll-up as bars (count and investment in 亿元 on two axes) or as a pie of investment. Redraws
 * only when the content changes; follows its container's width.
 */
export default function RollupChart({
  groups,
  kind,
  countName,
  investmentName,
  height = 280,
}: {
  groups: ChartGroup[];
  kind: 'bar' | 'pie';
  countName: string;
  investmentName: string;
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  const key = JSON.stringify([groups, kind, countName, investmentName]);
  useEffect(() => {
    const [gs, k, cn, inv] = JSON.parse(key) as [ChartGroup[], 'bar' | 'pie', string, string];
    const yi = (wan: number) => Math.round(wan / 100) / 100;
    const narrow = (el.current?.clientWidth ?? 1000) < 480;
    chart.current?.setOption(
      k === 'pie'
        ? {
            animation: false,
            // Series name = the investment axis name with its unit, in the UI's language.
            tooltip: { trigger: 'item', formatter: '{a}<br/>{b}: {c} ({d}%)' },
            // On a phone the outside labels run off the card: percentages inside, names in a legend.
            ...(narrow ? { legend: { type: 'scroll', bottom: 0 } } : {}),
            series: [
              {
                type: 'pie',
                name: inv,
                radius: narrow ? ['30%', '60%'] : ['35%', '65%'],
                center: ['50%', narrow ? '45%' : '50%'],
                data: gs.map((g) => ({ name: g.label, value: yi(g.investment) })),
                label: narrow ? { position: 'inside', formatter: '{d}%', fontSize: 10 } : { formatter: '{b}\n{d}%' },
              },
            ],
          }
        : {
            animation: false,
            tooltip: { trigger: 'axis' },
            legend: { data: [cn, inv], top: 0 },
            grid: { left: 48, right: 56, top: 32, bottom: gs.length > 5 ? 80 : 32 },
            xAxis: { type: 'category', data: gs.map((g) => g.label), axisLabel: { interval: 0, rotate: gs.length > 5 ? 30 : 0 } },
            yAxis: [
              { type: 'value', name: cn, minInterval: 1 },
              { type: 'value', name: inv, splitLine: { show: false } },
            ],
            series: [
              { name: cn, type: 'bar', data: gs.map((g) => g.count), barMaxWidth: 28, itemStyle: { color: '#1677ff' } },
              {
                name: inv,
                type: 'bar',
                yAxisIndex: 1,
                data: gs.map((g) => yi(g.investment)),
                barMaxWidth: 28,
                itemStyle: { color: '#52c41a' },
              },
            ],
          },
      true,
    );
  }, [key]);

  return <div ref={el} style={{ width: '100%', height }} />;
}
