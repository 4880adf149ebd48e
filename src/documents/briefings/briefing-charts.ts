import type Sharp from 'sharp';
import type { DocChart } from '../../domain/briefings/briefing-document.js';

/**
 * The briefing's charts as images (issue 13 point 7), drawn without a browser: each
 * DocChart becomes a small SVG (bars, value labels, legend) which sharp (librsvg)
 * rasterizes to PNG for the DOCX and the PDF alike. Chinese labels use the CJK fonts
 * fontconfig finds (Noto CJK on Debian); the values are also in the section's table,
 * so a machine without them loses only the labels' glyphs, never a figure.
 */

/** Drawing size in SVG units; the PNG is rendered at twice that for print. */
export const CHART_WIDTH = 800;
const ROW = 34;
const FONT = "'Noto Sans CJK SC','Noto Serif CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif";
const COLOURS = ['#C00000', '#7F7F7F', '#1F4E79'];

/** A chart as PNG with its size in SVG units (the aspect the documents keep). */
export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A rounded "nice" upper bound of the axis (1, 2, 5 × 10ⁿ steps), at least 1. */
export function axisMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

function legend(c: DocChart, y: number): string {
  if (c.series.length < 2) return '';
  return c.series
    .map((s, i) => {
      const x = CHART_WIDTH - 20 - (c.series.length - i) * 110;
      return `<rect x="${x}" y="${y - 12}" width="16" height="16" fill="${COLOURS[i % COLOURS.length]}"/><text x="${x + 22}" y="${y + 2}" font-size="16">${esc(s.name)}</text>`;
    })
    .join('');
}

/** The SVG of one chart and its height. Pure: the same chart gives the same text. */
export function chartSvg(c: DocChart): { svg: string; height: number } {
  const max = axisMax(Math.max(0, ...c.series.flatMap((s) => s.values)));
  const parts: string[] = [];
  let height: number;
  if (c.horizontal) {
    const labelW = 260;
    const plotW = CHART_WIDTH - labelW - 70;
    const barH = (ROW - 10) / c.series.length;
    height = 60 + c.categories.length * ROW + 10;
    c.categories.forEach((name, i) => {
      const y = 50 + i * ROW;
      parts.push(
        `<text x="${labelW - 8}" y="${y + ROW / 2 + 5}" font-size="15" text-anchor="end">${esc(name.length > 16 ? `${name.slice(0, 15)}…` : name)}</text>`,
      );
      c.series.forEach((s, k) => {
        const v = s.values[i] ?? 0;
        const w = (plotW * v) / max;
        const by = y + 5 + k * barH;
        parts.push(
          `<rect x="${labelW}" y="${by}" width="${w.toFixed(1)}" height="${(barH - 2).toFixed(1)}" fill="${COLOURS[k % COLOURS.length]}"/>`,
        );
        parts.push(`<text x="${(labelW + w + 6).toFixed(1)}" y="${(by + barH / 2 + 4).toFixed(1)}" font-size="14">${v}</text>`);
      });
    });
    parts.push(`<line x1="${labelW}" y1="45" x2="${labelW}" y2="${height - 10}" stroke="#000" stroke-width="1"/>`);
  } else {
    height = 380;
    const left = 60;
    const top = 60;
    const plotH = height - top - 50;
    const plotW = CHART_WIDTH - left - 20;
    const slot = plotW / Math.max(1, c.categories.length);
    const barW = (slot * 0.6) / c.series.length;
    for (let k = 0; k <= 4; k++) {
      const y = top + plotH - (plotH * k) / 4;
      parts.push(`<line x1="${left}" y1="${y}" x2="${CHART_WIDTH - 20}" y2="${y}" stroke="#D9D9D9" stroke-width="1"/>`);
      parts.push(`<text x="${left - 6}" y="${y + 5}" font-size="13" text-anchor="end">${(max * k) / 4}</text>`);
    }
    c.categories.forEach((name, i) => {
      const x0 = left + i * slot + slot * 0.2;
      c.series.forEach((s, k) => {
        const v = s.values[i] ?? 0;
        const h = (plotH * v) / max;
        const x = x0 + k * barW;
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${(barW - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[k % COLOURS.length]}"/>`,
        );
        parts.push(
          `<text x="${(x + barW / 2 - 2).toFixed(1)}" y="${(top + plotH - h - 6).toFixed(1)}" font-size="14" text-anchor="middle">${v}</text>`,
        );
      });
      parts.push(
        `<text x="${(left + i * slot + slot / 2).toFixed(1)}" y="${top + plotH + 26}" font-size="16" text-anchor="middle">${esc(name)}</text>`,
      );
    });
    parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${CHART_WIDTH - 20}" y2="${top + plotH}" stroke="#000" stroke-width="1"/>`);
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="${FONT}">` +
    `<rect width="100%" height="100%" fill="#FFFFFF"/>` +
    `<text x="${CHART_WIDTH / 2}" y="26" font-size="18" font-weight="bold" text-anchor="middle">${esc(c.title)}</text>` +
    legend(c, 26) +
    parts.join('') +
    `</svg>`;
  return { svg, height };
}

let sharpModule: Promise<typeof Sharp> | null = null;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

/** Rasterizes one chart to PNG at twice its SVG size (sharp is loaded on the first chart). */
export async function renderChart(c: DocChart): Promise<ChartImage> {
  const { svg, height } = chartSvg(c);
  const sharp = await loadSharp();
  // RGB without alpha: pdfkit then embeds the PNG's compressed data as it is instead of decoding it.
  const png = await sharp(Buffer.from(svg), { density: 144 }).flatten({ background: '#ffffff' }).png({ compressionLevel: 6 }).toBuffer();
  return { png, width: CHART_WIDTH, height };
}

/** Every chart of a document, in section order, rendered concurrently (keyed by the chart object). */
export async function renderCharts(charts: readonly DocChart[]): Promise<Map<DocChart, ChartImage>> {
  const images = await Promise.all(charts.map(renderChart));
  return new Map(charts.map((c, i) => [c, images[i]!]));
}
