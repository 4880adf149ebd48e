import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderBriefingDocx } from '../../src/documents/briefings/briefing-docx.js';
import { renderBriefingPdf } from '../../src/documents/briefings/briefing-pdf.js';
import type { Briefing } from '../../src/shared/contracts/briefings.contract.js';
import { extractText } from '../helpers/pdf-text.js';

const figures = { newCases: 12, handled: 9, closed: 7, disposalRate: 0.75, onTimeDisposalRate: 0.5, overduePending: 2 };

/** A published briefing with every section filled. */
export function sampleBriefing(): Briefing {
  return {
    id: 1,
    status: 'published',
    periodKind: 'week',
    from: '2026-03-02',
    to: '2026-03-08',
    year: 2026,
    seq: 3,
    numberText: '2026年第3期',
    title: '关于2026年3月2日至3月8日创建工作情况的通报',
    version: 3,
    createdAt: '2026-03-11T01:00:00.000Z',
    publishedAt: '2026-03-12T02:00:00.000Z',
    commentary: { situation: ['本周全市创建工作总体平稳。'], nextSteps: ['各单位要加快超期案件整改。'] },
    snapshotHash: 'a'.repeat(64),
    issuer: '周口市创建全国文明城市工作指挥部',
    createdBy: { id: 1, name: '总指挥部' },
    publishedBy: { id: 1, name: '总指挥部' },
    content: {
      period: { kind: 'week', from: '2026-03-02', to: '2026-03-08' },
      previous: { from: '2026-02-23', to: '2026-03-01' },
      asOf: '2026-03-11T01:00:00.000Z',
      headline: {
        current: figures,
        previous: { ...figures, newCases: 10 },
        change: { newCases: 2, handled: 0, closed: 0, disposalRate: 0, onTimeDisposalRate: 0, overduePending: 0 },
        overdueNow: 5,
      },
      ranking: [
        {
          rank: 1,
          previousRank: 2,
          change: 1,
          unitId: 2,
          name: '市交通运输局',
          composite: 92.5,
          disposalRate: 1,
          onTimeDisposalRate: 1,
          dispatched: 4,
          overdue: 0,
          backlogOwed: 0,
        },
        {
          rank: 2,
          previousRank: 1,
          change: -1,
          unitId: 1,
          name: '市城市管理局',
          composite: 61.25,
          disposalRate: 0.5,
          onTimeDisposalRate: 0.25,
          dispatched: 8,
          overdue: 2,
          backlogOwed: 6,
        },
      ],
      newCases: {
        total: 1,
        items: [
          {
            id: 1,
            number: '2026030001',
            category: '暴露垃圾',
            unitName: '市城市管理局',
            address: '七一路',
            at: '2026-03-03T01:00:00.000Z',
          },
        ],
      },
      closedCases: { total: 0, items: [] },
      overdueByUnit: [{ unitId: 1, name: '市城市管理局', overdue: 5 }],
      letters: {
        byType: [{ type: '提醒函', count: 1, numbers: ['周创指提〔2026〕4号'] }],
        items: [
          {
            number: '周创指提〔2026〕4号',
            type: '提醒函',
            unitName: '市城市管理局',
            title: '提醒函',
            issuedAt: '2026-03-05T01:00:00.000Z',
          },
        ],
      },
      weakCheckpoints: [{ code: 'P001', name: '人民公园', rate: 0.42, answered: 10 }],
      evaluationByDistrict: [{ name: '川汇区', rank: 1, index: 88.5, rate: 0.885 }],
      assessment: null,
      actionItems: [],
    },
  };
}

describe('briefing DOCX (GB/T 9704-2012 layout)', () => {
  let xml: string;
  const b = sampleBriefing();
  beforeAll(async () => {
    const zip = await JSZip.loadAsync(await renderBriefingDocx(b));
    xml = await zip.file('word/document.xml')!.async('string');
  });
  const paragraphWith = (text: string): string => {
    const p = xml.split('<w:p>').find((s) => s.includes(text));
    if (!p) throw new Error(`no paragraph with ${text}`);
    return p.slice(0, p.indexOf('</w:p>'));
  };

  it('is A4 with the standard margins and the 22-line grid', () => {
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margins = /<w:pgMar ([^>]*)\/>/.exec(xml)?.[1] ?? '';
    expect(margins).toContain('w:top="2098"');
    expect(margins).toContain('w:left="1587"');
    expect(margins).toContain('w:right="1474"');
    expect(margins).toContain('w:bottom="1984"');
    expect(xml).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="579"/);
  });

  it('has the red 版头 in 小标宋, the 期号, the issuer and date over a red rule, the title in 2号小标宋', () => {
    const head = paragraphWith('创建全国文明城市工作通报');
    expect(head).toContain('<w:jc w:val="center"/>');
    expect(head).toMatch(/w:eastAsia="方正小标宋简体"[^>]*\/><w:color w:val="E60012"\/>/);
    expect(paragraphWith('2026年第3期')).toContain('<w:jc w:val="center"/>');
    const issuer = paragraphWith(b.issuer);
    expect(issuer).toContain('2026年3月12日');
    expect(issuer).toMatch(/<w:bottom w:val="single" w:color="E60012"/);
    const title = paragraphWith(b.title);
    expect(title).toContain('<w:sz w:val="44"/>');
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
  });

  it('has the sections with tables, commentary, and the 抄送 and 印发 lines', () => {
    expect(paragraphWith('一、总体情况')).toContain('w:eastAsia="黑体"');
    expect(paragraphWith('本周全市创建工作总体平稳。')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('市交通运输局');
    expect(xml).toContain('↑1');
    expect(xml).toContain('周创指提〔2026〕4号');
    expect(xml).toContain('各单位要加快超期案件整改。');
    expect(paragraphWith('抄送：')).toMatch(/<w:top w:val="single"/);
    expect(paragraphWith('2026年3月12日印发')).toContain(`${b.issuer}办公室`);
  });
});

describe('briefing PDF', () => {
  it('contains the 版头, the title and the 期号 in embedded CJK fonts', async () => {
    const b = sampleBriefing();
    const pdf = await renderBriefingPdf(b);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = extractText(pdf).replace(/\s+/g, '');
    expect(text).toContain('创建全国文明城市工作通报');
    expect(text).toContain('2026年第3期');
    expect(text).toContain(b.title);
    expect(text).toContain('印发');
  });
});

describe('briefing charts (images in DOCX and PDF)', () => {
  it('embeds the PNG charts in the DOCX, drawn inline in their sections', async () => {
    const zip = await JSZip.loadAsync(await renderBriefingDocx(sampleBriefing()));
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    // 总体情况 (本期与上期) and 超期未处置案件 (units with the most overdue work).
    expect(media).toHaveLength(2);
    const png = await zip.file(media[0]!)!.async('nodebuffer');
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml.match(/<w:drawing>/g)).toHaveLength(2);
  });

  it('draws the charts into the PDF as images', async () => {
    const pdf = (await renderBriefingPdf(sampleBriefing())).toString('latin1');
    expect((pdf.match(/\/Subtype \/Image/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('gives a nice axis maximum and escapes labels in the SVG', async () => {
    const { axisMax, chartSvg } = await import('../../src/documents/briefings/briefing-charts.js');
    expect([axisMax(0), axisMax(7), axisMax(12), axisMax(500), axisMax(501)]).toEqual([1, 10, 20, 500, 1000]);
    const { svg } = chartSvg({ title: 'A<B', categories: ['x&y'], series: [{ name: 's', values: [3] }], horizontal: true });
    expect(svg).toContain('A&lt;B');
    expect(svg).toContain('x&amp;y');
  });
});

describe('briefing 考核 section (published results of the period)', () => {
  const withAssessment = (): Briefing => {
    const b = sampleBriefing();
    b.content.assessment = {
      runId: 3,
      campaignName: '2026 创文',
      periodKey: '2026-W10',
      periodLabel: '2026年第10周',
      version: 1,
      publishedAt: '2026-03-10T01:00:00.000Z',
      groups: [
        {
          key: 'dept',
          name: '市直部门',
          items: [
            { rank: 1, unitId: 2, unitName: '市交通运输局', score: 92.5, move: 'up', places: 2, list: 'red' },
            { rank: 2, unitId: 1, unitName: '市城市管理局', score: 61.25, move: 'down', places: -1, list: 'black' },
          ],
          red: ['市交通运输局'],
          black: ['市城市管理局'],
        },
      ],
    };
    return b;
  };

  it('is a section of the DOCX with the lists and the ranking with its moves', async () => {
    const zip = await JSZip.loadAsync(await renderBriefingDocx(withAssessment()));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('考核结果及红黑榜');
    expect(xml).toContain('市直部门：红榜 市交通运输局；黑榜 市城市管理局。');
    expect(xml).toContain('↑2');
    expect(xml).toContain('↓1');
  });

  it('is in the PDF text too', async () => {
    const text = extractText(await renderBriefingPdf(withAssessment())).replace(/\s+/g, '');
    expect(text).toContain('考核结果及红黑榜');
    expect(text).toContain('红榜市交通运输局');
  });
});
