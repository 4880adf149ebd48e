import { writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { Command } from 'commander';
import { chinaMidnight, isValidDay } from '../domain/calendar/work-calendar.js';
import type { LetterType } from '../domain/letters/letter-document.js';
import { AppError, invalid } from '../core/errors.js';

/** Letter types by the names an operator may type: the Chinese type or the ladder's rung key. */
const TYPES: Record<string, LetterType> = {
  提醒函: '提醒函',
  reminder: '提醒函',
  督办函: '督办函',
  supervision: '督办函',
  问责函: '问责函',
  accountability: '问责函',
};

/**
 * `dudao letters sample --type 督办函 --out FILE.docx|FILE.pdf [--day YYYY-MM-DD]`: writes a
 * sample letter of the demo city, so an operator can check the layout (and the PDF fonts
 * of the machine) without a database. Bad input throws AppError, which `main` turns
 * into exit code 2.
 */
export function letterCommands(): Command {
  const letters = new Command('letters').description('official letters (提醒函 / 督办函 / 问责函) in the GB/T 9704-2012 信函格式');
  letters
    .command('sample')
    .description('write a sample letter of the demo city (周口市); DOCX or PDF by the extension of --out')
    .requiredOption('--type <type>', '提醒函, 督办函 or 问责函 (or reminder, supervision, accountability)')
    .requiredOption('--out <file>', 'output file ending in .docx or .pdf (overwritten if it exists)')
    .option('--day <YYYY-MM-DD>', 'issue day (China date); default today')
    .action(async (o: { type: string; out: string; day?: string }) => {
      const type = TYPES[o.type.trim()];
      if (!type) throw invalid('--type', `unknown letter type "${o.type}"; use 提醒函, 督办函 or 问责函`);
      const format = extname(o.out).toLowerCase();
      if (format !== '.docx' && format !== '.pdf') throw invalid('--out', `"${o.out}" must end in .docx or .pdf`);
      if (o.day !== undefined && !isValidDay(o.day)) throw invalid('--day', `"${o.day}" is not a YYYY-MM-DD date`);
      // Noon China time, so the China date is the one asked for whatever the host's zone.
      const now = o.day ? new Date(chinaMidnight(o.day).getTime() + 12 * 3_600_000) : new Date();

      // Loaded on demand: docx, pdfkit and the fonts are not needed by other commands.
      const { sampleLetter } = await import('../documents/letters/sample-letter.js');
      const doc = sampleLetter(type, now);
      let bytes: Buffer;
      if (format === '.docx') {
        const { renderLetterDocx } = await import('../documents/letters/letter-docx.js');
        bytes = await renderLetterDocx(doc);
      } else {
        const { renderLetterPdf } = await import('../documents/letters/letter-pdf.js');
        const { FontNotFoundError } = await import('../documents/letters/fonts.js');
        try {
          bytes = await renderLetterPdf(doc);
        } catch (e) {
          // A missing font is the machine's configuration, not a bug: message and exit code 2.
          if (e instanceof FontNotFoundError) throw new AppError(500, 'fonts_missing', e.message);
          throw e;
        }
      }
      const dest = resolve(o.out);
      writeFileSync(dest, bytes);
      console.log(`${type} ${doc.number} written to ${dest} (${bytes.length} bytes)`);
    });
  return letters;
}
