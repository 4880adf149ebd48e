/**
 * What the public may know of a case (issue 15 point 2): its state in plain words,
 * Open311's open/closed, and positions coarsened to a grid. Pure; the presenters in
 * services/public build every public answer (tracking page, public map, Open311) on these.
 */
import { TERMINAL_CASE_STATES, type CaseState } from '../../shared/case-enums.js';
import { PUBLIC_STAGE_OF_STATE, type Open311Status, type PublicStage } from '../../shared/public-enums.js';

/** The plain-words stage of a case state. */
export function publicStageOf(state: CaseState): PublicStage {
  return PUBLIC_STAGE_OF_STATE[state];
}

/** Open311's status: closed once nothing more will happen (closed, rejected, merged). */
export function open311StatusOf(state: CaseState): Open311Status {
  return TERMINAL_CASE_STATES.includes(state) ? 'closed' : 'open';
}

const M_PER_DEG_LAT = 111_320;

/**
 * Rounds a position to the centre of its `gridM` square, so a public map never shows
 * a house; the same input always gives the same output (no jitter to average away).
 */
export function coarsePosition(lon: number, lat: number, gridM: number): { lon: number; lat: number } {
  const dLat = gridM / M_PER_DEG_LAT;
  const cLat = (Math.floor(lat / dLat) + 0.5) * dLat;
  const dLon = gridM / (M_PER_DEG_LAT * Math.cos((cLat * Math.PI) / 180));
  const cLon = (Math.floor(lon / dLon) + 0.5) * dLon;
  return { lon: Number(cLon.toFixed(6)), lat: Number(cLat.toFixed(6)) };
}
