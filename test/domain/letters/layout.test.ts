import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_COLUMNS,
  CHAR_PITCH_PT,
  CHARS_PER_LINE,
  DOCX_GRID_CHAR_SPACE,
  LINE_PITCH_PT,
  LINE_PITCH_TWIPS,
  LINES_PER_PAGE,
  MARGINS_MM,
  MARGINS_TWIPS,
  PAGE_TWIPS,
  TYPE_AREA_MM,
  breakLines,
  breakLinesBalanced,
  formatChineseDate,
  formatLetterNumber,
  issuerNameSizePt,
  letterHeadGeometry,
  mmToPt,
  mmToTwips,
  ptToHalfPoints,
  ptToMm,
  signatureRightIndents,
  textWidthEm,
} from '../../../src/domain/letters/layout.js';
import { attachmentRow, composeAddressee, composeLetterBody, composeLetterTitle } from '../../../src/domain/letters/letter-document.js';

describe('units', () => {
  it('converts millimetres to twips and points', () => {
    expect(mmToTwips(25.4)).toBe(1440);
    expect(mmToTwips(37)).toBe(2098);
    expect(mmToTwips(28)).toBe(1587);
    expect(mmToPt(25.4)).toBeCloseTo(72, 10);
    expect(ptToMm(mmToPt(156))).toBeCloseTo(156, 10);
    expect(ptToHalfPoints(16)).toBe(32); // 3号
    expect(ptToHalfPoints(22)).toBe(44); // 2号
  });

  it('lays out A4 with the GB/T 9704 margins and a 156 × 225 mm 版心', () => {
    expect(PAGE_TWIPS).toEqual({ width: 11906, height: 16838 });
    expect(MARGINS_MM).toEqual({ top: 37, left: 28, right: 26, bottom: 35 });
    expect(MARGINS_TWIPS).toEqual({ top: 2098, left: 1587, right: 1474, bottom: 1984 });
    expect(TYPE_AREA_MM).toEqual({ width: 156, height: 225 });
  });

  it('fits 22 lines of 28 characters in the 版心', () => {
    expect(LINE_PITCH_PT * LINES_PER_PAGE).toBeCloseTo(mmToPt(225), 10);
    expect(CHAR_PITCH_PT * CHARS_PER_LINE).toBeCloseTo(mmToPt(156), 10);
    const typeAreaTwips = PAGE_TWIPS.height - MARGINS_TWIPS.top - MARGINS_TWIPS.bottom;
    expect(LINE_PITCH_TWIPS).toBe(579);
    expect(LINE_PITCH_TWIPS * 22).toBeLessThanOrEqual(typeAreaTwips);
    expect(LINE_PITCH_TWIPS * 23).toBeGreaterThan(typeAreaTwips);
    // The grid's per-character delta keeps 28 characters inside 156 mm.
    expect(28 * (16 + DOCX_GRID_CHAR_SPACE / 4096)).toBeLessThanOrEqual(mmToPt(156));
  });

  it('sums the attachment columns to the 版心 width', () => {
    expect(ATTACHMENT_COLUMNS.reduce((s, c) => s + c.widthMm, 0)).toBe(156);
  });
});

describe('letter numbers and dates', () => {
  it('formats 发文字号 with the full year in 六角括号', () => {
    expect(formatLetterNumber('周创指督', 2026, 7)).toBe('周创指督〔2026〕7号');
    expect(formatLetterNumber('周创指提', 2027, 120)).toBe('周创指提〔2027〕120号');
    expect(() => formatLetterNumber('周创指督', 26, 7)).toThrow(RangeError);
    expect(() => formatLetterNumber('周创指督', 2026, 0)).toThrow(RangeError);
  });

  it('writes dates in Arabic numerals without leading zeros', () => {
    expect(formatChineseDate('2026-03-05')).toBe('2026年3月5日');
    expect(formatChineseDate('2026-12-03')).toBe('2026年12月3日');
    expect(formatChineseDate('2026-10-10')).toBe('2026年10月10日');
    expect(() => formatChineseDate('2026-02-30')).toThrow(RangeError);
    expect(() => formatChineseDate('2026-3-5')).toThrow(RangeError);
  });
});

describe('letter head', () => {
  it('sizes the issuer name to fit, at most 小初', () => {
    expect(issuerNameSizePt('周口市创建全国文明城市指挥部')).toBe(30);
    expect(issuerNameSizePt('周口市人民政府')).toBe(36);
    expect(issuerNameSizePt('周口市创建全国文明城市指挥部') * 14).toBeLessThanOrEqual(mmToPt(150));
  });

  it('puts the name at 30 mm, the line 4 mm below it and the number 7/8 of a 3号 character below the line', () => {
    const g = letterHeadGeometry('周口市创建全国文明城市指挥部');
    expect(g.issuerTopMm).toBe(30);
    expect(g.lineTopMm - g.issuerBottomMm).toBeCloseTo(4, 10);
    expect(g.numberTopMm - g.lineBottomMm).toBeCloseTo((7 / 8) * ptToMm(16), 10);
    expect(g.numberTopMm).toBeGreaterThan(MARGINS_MM.top);
  });

  it('centres the issuer name over the date, or puts it flush right when longer', () => {
    expect(textWidthEm('2026年3月5日')).toBe(6);
    expect(signatureRightIndents('周口市创建全国文明城市指挥部', '2026年3月5日')).toEqual({ signatoryChars: 0, dateChars: 4 });
    expect(signatureRightIndents('市政府', '2026年3月5日')).toEqual({ signatoryChars: 5.5, dateChars: 4 });
  });
});

describe('line breaking', () => {
  const em = (s: string) => textWidthEm(s);

  it('fills lines of 28 characters and indents the first', () => {
    const text = '一'.repeat(60);
    expect(breakLines(text, { width: 28, firstLineIndent: 2, measure: em }).map((l) => l.length)).toEqual([26, 28, 6]);
  });

  it('never starts a line with closing punctuation nor ends one with opening punctuation', () => {
    const lines = breakLines('一二三四，五六（七八', { width: 4, measure: em });
    expect(lines.every((l) => !/^[，。）]/.test(l))).toBe(true);
    expect(lines.every((l) => !/（$/.test(l))).toBe(true);
    expect(lines.join('')).toBe('一二三四，五六（七八');
    expect(breakLines('一二三四，五六', { width: 4, measure: em })).toEqual(['一二三', '四，五六']);
    expect(breakLines('一二三（四五', { width: 4, measure: em })).toEqual(['一二三', '（四五']);
  });

  it('keeps case numbers whole and balances short cells', () => {
    const lines = breakLines('案卷2026-000123已超期', { width: 6, measure: em });
    expect(lines.some((l) => l.includes('2026-000123'))).toBe(true);
    expect(breakLines('2026-000123', { width: 4, measure: em })).toEqual(['2026-', '000123']);
    expect(breakLinesBalanced('市城市管理局', { width: 4, measure: em })).toEqual(['市城市', '管理局']);
  });
});

describe('letter text', () => {
  const base = { caseCount: 5, maxOverdueDays: 12, replyDeadline: '2026-12-03' };

  it('writes each rung in its own register, with the reply deadline in Chinese', () => {
    const reminder = composeLetterBody({ ...base, typeLabel: '提醒函', recipient: { kind: 'unit_head', unitName: '川汇区人民政府' } }).join(
      '',
    );
    expect(reminder).toContain('五件问题已超过规定整改期限');
    expect(reminder).toContain('现予以提醒');
    expect(reminder).toContain('请于2026年12月3日前将整改情况');

    const prior = [{ typeLabel: '提醒函', number: '周创指提〔2026〕9号', issueDay: '2026-11-20' }];
    const supervision = composeLetterBody({
      ...base,
      typeLabel: '督办函',
      recipient: { kind: 'leader_in_charge', unitName: '市城市管理局' },
      prior,
    }).join('');
    expect(supervision).toContain('已于2026年11月20日以《提醒函》（周创指提〔2026〕9号）进行提醒');
    expect(supervision).toContain('超期时间最长的已达12天');
    expect(supervision).toContain('于2026年12月3日前全部整改到位');
    expect(supervision).toContain('启动问责程序');

    const accountability = composeLetterBody({
      ...base,
      typeLabel: '问责函',
      recipient: { kind: 'office', unitName: '市城市管理局', officeName: '市纪委监委驻市委办公室纪检监察组' },
    }).join('');
    expect(accountability).toContain('市城市管理局承办的五件创建问题');
    expect(accountability).toContain('建议依规依纪对市城市管理局有关责任人员进行问责');
    expect(accountability).not.toContain('你单位');
  });

  it('titles, addresses and tabulates', () => {
    expect(composeLetterTitle('督办函', '市城市管理局')).toBe('关于对市城市管理局问题整改不力的督办函');
    expect(composeAddressee({ kind: 'unit_head', unitName: '市城市管理局' })).toBe('市城市管理局主要负责同志：');
    expect(
      attachmentRow(
        {
          number: '2026-000123',
          description: '占道经营',
          address: '七一路',
          deadline: '2026年3月1日',
          overdueDays: 4,
          unitName: '市城市管理局',
        },
        0,
      ),
    ).toEqual(['1', '2026-000123', '占道经营', '七一路', '市城市管理局', '2026年3月1日', '4']);
    expect(() =>
      composeLetterBody({ ...base, caseCount: 0, typeLabel: '提醒函', recipient: { kind: 'unit_head', unitName: 'x' } }),
    ).toThrow(RangeError);
  });
});
