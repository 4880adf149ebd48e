import type { LetterDocument } from '../../domain/letters/letter-document.js';

/**
 * Renders `doc` as a DOCX file in the 信函格式 of GB/T 9704-2012 (see letter-docx-impl.ts).
 *
 * The renderer and the `docx` package (a 1 MB bundle) are loaded on the first letter,
 * not when the server starts: most runs never render one.
 */
export async function renderLetterDocx(doc: LetterDocument): Promise<Buffer> {
  const impl = await import('./letter-docx-impl.js');
  return impl.renderLetterDocx(doc);
}
