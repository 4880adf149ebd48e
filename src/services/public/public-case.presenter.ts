import type { Executor } from '../../db/database.js';
import { publicCaseRepository, type PublicCaseRow } from '../../db/repositories/public-case.repository.js';
import { coarsePosition, publicStageOf } from '../../domain/public/public-case.js';
import type { PublicSettings } from '../../domain/public/public-settings.js';
import type { CaseState } from '../../shared/case-enums.js';
import type { PublicCaseView, PublicPhoto, PublicTimelineEntry } from '../../shared/contracts/public.contract.js';
import { PUBLIC_STAGE_LABELS, type PublicStage, type SatisfactionRating } from '../../shared/public-enums.js';

/** Photo phases shown publicly: the report's photos are "before", the rectification's evidence "after". */
const PHOTO_KIND: Record<string, PublicPhoto['kind']> = { report: 'before', after: 'after' };

/** The URL of a case photo's stripped public copy, token included (the page is the reporter's). */
export function publicPhotoUrl(number: string, fileId: number, token: string): string {
  return `/api/public/cases/${number}/photos/${fileId}?token=${encodeURIComponent(token)}`;
}

/**
 * The timeline in plain words: each event's resulting state as its public stage, with
 * consecutive events of one stage folded into the first (a return and a re-acceptance
 * both read "已受理"). No actor, no note: only when and which stage.
 */
export function publicTimeline(events: { to_state: string; at: string }[]): PublicTimelineEntry[] {
  const out: PublicTimelineEntry[] = [];
  for (const e of events) {
    const stage = publicStageOf(e.to_state as CaseState);
    if (out.at(-1)?.stage === stage) continue;
    out.push({ at: e.at, stage, text: PUBLIC_STAGE_LABELS[stage].zh });
  }
  return out;
}

/**
 * The closing note a reporter sees: the responsible unit's account of its rectification
 * (the last `rectify` event's note), once the case is closed. It is the one note written
 * to report back on the work; dispatch, return, rejection, extension and verification
 * notes are exchanges between staff and stay internal.
 */
export function closingNoteOf(state: string, events: { action: string; note: string | null }[]): string | null {
  if (state !== 'closed') return null;
  const rectify = events.filter((e) => e.action === 'rectify').at(-1);
  return rectify?.note?.trim() || null;
}

/**
 * The public view of a case (issue 15 point 2). With `token` (already checked) the full
 * view; without, the minimal one. Built from {@link PublicCaseRow}, which holds no reporter,
 * contact or staff column; the timeline, note and photos are read only for the full view.
 */
export async function presentPublicCase(
  db: Executor,
  row: PublicCaseRow,
  opts: { token: string | null; categoryName: string; settings: PublicSettings },
): Promise<PublicCaseView> {
  const full = opts.token !== null;
  const stage: PublicStage = publicStageOf(row.state as CaseState);
  const isPrivate = row.position_private === 1;
  let position: PublicCaseView['position'] = null;
  if (!isPrivate && row.lon !== null && row.lat !== null) {
    position = full
      ? { lon: row.lon, lat: row.lat, coarse: false }
      : { ...coarsePosition(row.lon, row.lat, opts.settings.coarseGridM), coarse: true };
  }
  const view: PublicCaseView = {
    number: row.number,
    full,
    categoryName: opts.categoryName,
    description: row.description,
    stage,
    stageText: PUBLIC_STAGE_LABELS[stage].zh,
    reportedAt: row.created_at,
    // An address pins the place as well as a point does.
    address: full && !isPrivate ? row.address : null,
    position,
    unitName: row.assigned_unit_id !== null ? await publicCaseRepository.unitName(db, row.assigned_unit_id) : null,
    deadline: row.deadline,
    closedAt: row.closed_at,
    closingNote: null,
    timeline: [],
    photos: [],
    plusOnes: Number(row.plus_one_count),
    canRate: false,
    satisfaction: null,
  };
  if (opts.token === null) return view;
  const token = opts.token;
  const events = await publicCaseRepository.events(db, row.id);
  view.timeline = publicTimeline(events);
  view.closingNote = closingNoteOf(row.state, events);
  const files = await publicCaseRepository.files(db, row.id, Object.keys(PHOTO_KIND));
  view.photos = files
    .filter((f) => f.mime.startsWith('image/'))
    .map((f) => ({ url: publicPhotoUrl(row.number, f.id, token), kind: PHOTO_KIND[f.phase]! }));
  const rated = await publicCaseRepository.satisfaction(db, row.id);
  view.satisfaction = rated ? { rating: rated.rating as SatisfactionRating, comment: rated.comment, ratedAt: rated.rated_at } : null;
  view.canRate = row.state === 'closed' && !rated;
  return view;
}

/** Photo phases the public photo route may serve. */
export const PUBLIC_PHOTO_PHASES = Object.keys(PHOTO_KIND);
