import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { briefingDocument, type BriefingDocument } from '../../domain/briefings/briefing-document.js';
import type { Briefing } from '../../shared/contracts/briefings.contract.js';

/** The laid-out document of a briefing, dates in China time (shared by the DOCX and PDF renderers). */
export function layOutBriefing(b: Briefing): BriefingDocument {
  return briefingDocument(b, (iso) => chinaDay(new Date(iso)));
}

/** Size of the red 版头: 小初 (36 pt), as 简报 mastheads are commonly set. */
export const MASTHEAD_PT = 36;
