import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderLetterDocx } from '../../src/documents/letters/letter-docx.js';
import { sampleLetter } from '../../src/documents/letters/sample-letter.js';
import type { LetterDocument } from '../../src/domain/letters/letter-document.js';

/** 10:00 on 2026-03-05 in China. */
const NOW = new Date('2026-03-05T02:00:00Z');

describe('letter DOCX (GB/T 9704-2012 信函格式)', () => {
  let letter: LetterDocument;
  let documentXml: string;
  let zip: JSZip;

  beforeAll(async () => {
    letter = sampleLetter('督办函', NOW);
    zip = await JSZip.loadAsync(await renderLetterDocx(letter));
    documentXml = await zip.file('word/document.xml')!.async('string');
  });

  /** The XML of the `<w:p>` holding `text`. */
  const paragraphWith = (text: string): string => {
    const p = documentXml.split('<w:p>').find((s) => s.includes(text));
    if (!p) throw new Error(`no paragraph with ${text}`);
    return p.slice(0, p.indexOf('</w:p>'));
  };

  it('is A4 with the standard margins and a 22-line grid', () => {
    expect(documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margins = /<w:pgMar ([^>]*)\/>/.exec(documentXml)?.[1] ?? '';
    expect(margins).toContain('w:top="2098"'); // 37 mm
    expect(margins).toContain('w:left="1587"'); // 28 mm
    expect(margins).toContain('w:right="1474"'); // 26 mm
    expect(margins).toContain('w:bottom="1984"'); // 35 mm
    expect(documentXml).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-8\d\d"\/>/);
  });

  it('sets the issuer name red in 小标宋 in a frame 30 mm from the top, over a red double line', () => {
    const issuer = paragraphWith(`>${letter.issuerName}<`);
    expect(issuer).toMatch(/<w:framePr [^>]*w:y="1701"[^>]*w:hAnchor="page" w:vAnchor="page"/); // 30 mm
    expect(issuer).toMatch(/<w:framePr [^>]*w:w="9638"/); // 170 mm
    expect(issuer).toMatch(/<w:bottom w:val="thickThinSmallGap" w:color="E60012"/);
    expect(issuer).toMatch(/<w:r><w:rPr><w:rFonts [^>]*w:eastAsia="方正小标宋简体"[^>]*\/><w:color w:val="E60012"\/>/);
  });

  it('puts the number with the full year flush right, and the title in 2号小标宋', () => {
    expect(letter.number).toBe('周创指督〔2026〕7号');
    const number = paragraphWith(letter.number);
    expect(number).toContain('<w:jc w:val="right"/>');
    expect(number).toContain('<w:sz w:val="32"/>');
    const title = paragraphWith(letter.title);
    expect(title).toContain('<w:jc w:val="center"/>');
    expect(title).toContain('<w:sz w:val="44"/>');
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
  });

  it('sets the body in 3号仿宋 on exact 579-twip lines, first lines indented two characters', () => {
    const body = paragraphWith(letter.bodyParagraphs[0]!.slice(0, 10));
    expect(body).toContain('w:eastAsia="仿宋_GB2312"');
    expect(body).toContain('<w:sz w:val="32"/>');
    expect(body).toMatch(/w:line="579" w:lineRule="exact"/);
    expect(body).toMatch(/<w:ind [^>]*w:firstLineChars="200"/);
    expect(body).toContain('<w:jc w:val="both"/>');
  });

  it('keeps the last two body lines with the 附件 line, signature and date (no page of signature alone)', () => {
    // The sample ends with 特此督办。 (one line): the paragraph before it is kept too, split
    // by Word only with widow control (two lines at least), the last one kept whole.
    const paras = letter.bodyParagraphs;
    expect(paras[paras.length - 1]).toBe('特此督办。');
    const last = paragraphWith('特此督办。');
    const before = paragraphWith(paras[paras.length - 2]!.slice(0, 12));
    for (const p of [last, before]) expect(p).toContain('<w:keepNext/>');
    expect(before).toContain('<w:widowControl/>');
    expect(before).not.toContain('<w:keepLines/>');
    expect(last).toContain('<w:keepLines/>');
    // Earlier paragraphs flow freely.
    expect(paragraphWith(paras[0]!.slice(0, 12))).not.toContain('<w:keepNext/>');
    expect(paragraphWith(`附件：`)).toContain('<w:keepNext/>');
  });

  it('dates the letter in Arabic numerals without leading zeros', () => {
    expect(documentXml).toContain('>2026年3月5日<');
    expect(documentXml).not.toMatch(/年0\d月|月0\d日/);
  });

  it('attaches the 问题清单 on a new page with a repeated header row in 黑体', () => {
    expect(paragraphWith('>附件<')).toContain('<w:pageBreakBefore/>');
    const table = documentXml.slice(documentXml.indexOf('<w:tbl>'), documentXml.indexOf('</w:tbl>'));
    const headerRow = table.slice(table.indexOf('<w:tr>'), table.indexOf('</w:tr>'));
    expect(headerRow).toContain('<w:tblHeader/>');
    for (const h of ['序号', '案卷编号', '问题描述', '地址', '责任单位', '整改期限', '超期天数']) expect(headerRow).toContain(`>${h}<`);
    expect(headerRow).toContain('w:eastAsia="黑体"');
    expect(table.split('<w:tr>').length - 1).toBe(1 + letter.cases.length);
    expect(table).toContain('>2026-000123<');
  });

  it('has no page number on page 1 but the second red double line; `— n —` in 宋体 on the others', async () => {
    const settings = await zip.file('word/settings.xml')!.async('string');
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    expect(documentXml).toContain('<w:titlePg/>');
    const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
    const footerOf = async (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(\\w+)"`).exec(documentXml)?.[1];
      const target =
        new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1];
      return zip.file(`word/${target}`)!.async('string');
    };
    const first = await footerOf('first');
    expect(first).toMatch(/<w:top w:val="thickThinSmallGap" w:color="E60012"/);
    expect(first).not.toContain('PAGE');
    for (const type of ['default', 'even']) {
      const footer = await footerOf(type);
      expect(footer).toContain('>PAGE<');
      expect(footer).toContain('— ');
      expect(footer).toContain('w:eastAsia="宋体"');
      expect(footer).toContain('<w:sz w:val="28"/>'); // 4号
    }
  });
});
