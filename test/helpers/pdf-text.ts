import { inflateSync } from 'node:zlib';

/* Reading back what pdfkit writes: objects, page content streams and text through the fonts' ToUnicode CMaps. */

export interface PdfObject {
  dict: string;
  stream?: Buffer;
}

/** The objects of an uncompressed-xref PDF (what pdfkit writes): dictionary text and raw stream bytes. */
export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*/g)) {
    const start = m.index + m[0].length;
    let depth = 0;
    let i = start;
    // Walk to the end of the top-level dictionary, counting << and >>.
    do {
      const step = text.startsWith('<<', i) ? 1 : text.startsWith('>>', i) ? -1 : 0;
      depth += step;
      i += step === 0 ? 1 : 2;
    } while (depth > 0 && i < text.length);
    const dict = text.slice(start, i);
    const after = /^\s*stream\r?\n/.exec(text.slice(i, i + 20));
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const stream = after && Number.isFinite(length) ? pdf.subarray(i + after[0].length, i + after[0].length + length) : undefined;
    objects.set(Number(m[1]), stream ? { dict, stream } : { dict });
  }
  return objects;
}

export const streamText = (o: PdfObject): string => {
  const raw = o.stream ?? Buffer.alloc(0);
  return (o.dict.includes('/FlateDecode') ? inflateSync(raw) : raw).toString('latin1');
};

/** Parses a ToUnicode CMap (bfchar and bfrange) into code → text. */
export function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, uni] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(code!, 16), utf16(uni!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = parseInt(lo!, 16);
      const to = parseInt(hi!, 16);
      if (rest!.startsWith('[')) {
        [...rest!.matchAll(/<([0-9a-fA-F]+)>/g)].forEach(([, u], k) => map.set(from + k, utf16(u!)));
      } else {
        const base = parseInt(rest!.slice(1, -1), 16);
        for (let c = from; c <= to; c++) map.set(c, String.fromCodePoint(base + c - from));
      }
    }
  }
  return map;
}

/** The decoded content streams of the pages, in page order. */
export function pageContents(objects: Map<number, PdfObject>): string[] {
  const contents: string[] = [];
  for (const o of objects.values()) {
    if (!/\/Type \/Page\b/.test(o.dict)) continue;
    const c = objects.get(Number(/\/Contents (\d+) 0 R/.exec(o.dict)?.[1]));
    if (c) contents.push(streamText(c));
  }
  return contents;
}

/**
 * The text of a pdfkit PDF in drawing order, decoded through each font's ToUnicode
 * CMap (pdfkit shows 2-byte glyph codes as hex strings in TJ arrays).
 */
export function extractText(pdf: Buffer): string {
  return extractPages(pdf).join('');
}

/** The text of each page, in page order (see {@link extractText}). */
export function extractPages(pdf: Buffer): string[] {
  const objects = pdfObjects(pdf);
  const fontCmaps = new Map<string, Map<number, string>>();
  for (const o of objects.values()) {
    // Font resource names (F1, F2…) are unique per document in pdfkit.
    for (const [, name, ref] of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(ref));
      const cmapRef = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict)?.[1];
      const cmap = cmapRef ? objects.get(Number(cmapRef)) : undefined;
      if (cmap) fontCmaps.set(name!, parseCmap(streamText(cmap)));
    }
  }
  const pages: string[] = [];
  for (const content of pageContents(objects)) {
    let out = '';
    let cmap = new Map<number, string>();
    for (const [, font, arr] of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (font) cmap = fontCmaps.get(font) ?? new Map();
      for (const [, hex] of (arr ?? '').matchAll(/<([0-9a-fA-F]*)>/g)) {
        for (let k = 0; k + 4 <= hex!.length; k += 4) out += cmap.get(parseInt(hex!.slice(k, k + 4), 16)) ?? '\uFFFD';
      }
    }
    pages.push(out);
  }
  return pages;
}
