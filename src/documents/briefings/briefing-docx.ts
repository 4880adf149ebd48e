import type { Briefing } from '../../shared/contracts/briefings.contract.js';

/**
 * Renders a briefing as DOCX (see briefing-docx-impl.ts). The `docx` package is loaded
 * on the first briefing, not when the server starts.
 */
export async function renderBriefingDocx(b: Briefing): Promise<Buffer> {
  const impl = await import('./briefing-docx-impl.js');
  return impl.renderBriefingDocx(b);
}
