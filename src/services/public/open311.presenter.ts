/**
 * What Open311 GeoReport v2 answers are made of (issue 15 point 6): Dudao's categories as
 * services and its cases as service requests, with the spec's element names, in the spec's
 * order. Pure: rows and settings in, plain objects out (JSON as is; XML through
 * http/open311/xml.ts). Never in here: staff names or accounts, the reporter's name or
 * contact, internal notes, unit ids, the exact position of a case marked private.
 */
import type { Open311CaseRow } from '../../db/repositories/open311.repository.js';
import type { CaseCategory } from '../../domain/cases/categories.js';
import { coarsePosition, open311StatusOf, publicStageOf } from '../../domain/public/public-case.js';
import { CATEGORY_CLASS_LABELS, type CaseState } from '../../shared/case-enums.js';
import { PUBLIC_STAGE_LABELS, type PublicStage } from '../../shared/public-enums.js';

/** One entry of GET services. */
export interface Open311ServiceItem {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

/** GET services/{code}: no Dudao category has attributes today, so the list is empty. */
export interface Open311ServiceDefinition {
  service_code: string;
  attributes: never[];
}

/** One service request as GET requests and GET requests/{id} show it. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** The reply to POST requests: the case number at once (type realtime, so no token). */
export interface Open311Created {
  service_request_id: string;
  service_notice: string;
  account_id: null;
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * An instant as the spec's w3 datetime with the city's offset (Beijing, +08:00), seconds
 * precision, e.g. 2026-03-02T09:00:00+08:00.
 */
export function w3Time(iso: string): string {
  const local = new Date(new Date(iso).getTime() + CHINA_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}

/**
 * Parses a client's w3 datetime: a date (YYYY-MM-DD, taken as Beijing midnight) or a date and
 * time with Z or ±HH:MM (seconds and fractions optional). Null when it is not one.
 */
export function parseW3(text: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const iso = m[2] ? `${m[1]}T${m[2]}${m[3] ?? ':00'}${m[4]}` : `${m[1]}T00:00:00+08:00`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A category as an Open311 service; its group is its parent category (or its class). */
export function presentService(category: CaseCategory, parent: CaseCategory | undefined): Open311ServiceItem {
  const classLabel = CATEGORY_CLASS_LABELS[category.class].zh;
  const group = parent?.name ?? classLabel;
  return {
    service_code: category.code,
    service_name: category.name,
    description: `${classLabel}类问题：${category.name}`,
    // Attributes (extra form fields) would make this true; no category has any yet.
    metadata: false,
    type: 'realtime',
    keywords: [category.name, group, classLabel].filter((v, i, a) => a.indexOf(v) === i).join(', '),
    group,
  };
}

/** A category's service definition. */
export function presentDefinition(category: CaseCategory): Open311ServiceDefinition {
  return { service_code: category.code, attributes: [] };
}

/** Stages in which no unit is responsible yet (a case sent back keeps its old unit on the row). */
const UNASSIGNED_STAGES: ReadonlySet<PublicStage> = new Set(['received', 'accepted', 'rejected']);

/** The notice of what happens next, from the deadline. */
function notice(deadline: string | null, state: CaseState): string | null {
  if (!deadline || open311StatusOf(state) === 'closed' || UNASSIGNED_STAGES.has(publicStageOf(state))) return null;
  return `责任单位应于 ${w3Time(deadline).slice(0, 16).replace('T', ' ')} 前处置完毕`;
}

/**
 * A case as an Open311 service request. Positions are coarsened to `gridM` (never exact:
 * the list is public), and withheld with the address when the reporter marked the position
 * private. `status_notes` is the plain-words stage, never a note somebody wrote.
 */
export function presentRequest(row: Open311CaseRow, categoryName: string, gridM: number): Open311Request {
  const state = row.state as CaseState;
  const hidden = row.position_private === 1;
  const position = !hidden && row.lon !== null && row.lat !== null ? coarsePosition(Number(row.lon), Number(row.lat), gridM) : null;
  return {
    service_request_id: row.number,
    status: open311StatusOf(state),
    status_notes: PUBLIC_STAGE_LABELS[publicStageOf(state)].zh,
    service_name: categoryName,
    service_code: row.category_code,
    description: row.description,
    agency_responsible: UNASSIGNED_STAGES.has(publicStageOf(state)) ? null : row.unit_name,
    service_notice: notice(row.deadline, state),
    requested_datetime: w3Time(row.created_at),
    updated_datetime: w3Time(row.updated_at),
    expected_datetime: row.deadline ? w3Time(row.deadline) : null,
    address: hidden ? null : row.address,
    address_id: null,
    zipcode: null,
    lat: position ? round6(position.lat) : null,
    long: position ? round6(position.lon) : null,
    // Photos are shown publicly only through the tracking page's token links; none here.
    media_url: null,
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The reply to a created request. */
export function presentCreated(number: string): Open311Created {
  return {
    service_request_id: number,
    service_notice: `已登记为案卷 ${number}，将按规定时限派往责任单位处置；可用 GET requests/${number} 查询进度。`,
    account_id: null,
  };
}
