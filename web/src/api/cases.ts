import type { CaseAction, CaseSource, CaseState, CategoryClass, Severity } from '../../../src/shared/case-enums.js';
import type { ActCommand, CaseListItem, EventActorKind, PendingExtension } from '../../../src/shared/case-views.js';
import { api, ApiError, type Query } from './client.js';

export type { ActCommand, CaseListItem, PendingExtension };

/**
 * Wire types of the case workflow (GET/POST /api/cases…, /api/notifications…). The
 * server's `CaseListItem` / `CaseDetail` (src/services/cases/case-query.service.ts) are the
 * source of truth; these mirror them without importing server code into the bundle.
 */

export interface CaseEventView {
  seq: number;
  action: CaseAction;
  fromState: CaseState | null;
  toState: CaseState;
  actorId: number | null;
  actorName: string | null;
  at: string;
  note: string | null;
  deadlineBefore: string | null;
  deadlineAfter: string | null;
  unitBefore: number | null;
  unitAfter: number | null;
  unitBeforeName: string | null;
  unitAfterName: string | null;
  /** Only in a reporter's view: staff are named by role or unit, not by name. */
  actorKind?: EventActorKind;
  /** On a merge: the number of the case it went into. */
  targetCaseNumber?: string | null;
  data: Record<string, unknown>;
  photos: { id: number; phase: string }[];
}

export type DeadlineOutcome = 'met' | 'missed' | 'open' | 'superseded';

export interface DeadlineView {
  setBy: CaseAction;
  setAt: string;
  deadline: string;
  outcome: DeadlineOutcome;
}

export interface CaseDetail extends CaseListItem {
  reporterContact: string | null;
  checkPointId: number | null;
  areaUnitId: number | null;
  events: CaseEventView[];
  deadlines: DeadlineView[];
  allowedActions: CaseAction[];
}

export interface DeadlineRule {
  unit: 'hours' | 'working_days';
  amount: number;
}

export interface Category {
  code: string;
  class: CategoryClass;
  name: string;
  parentCode: string | null;
  defaultSeverity: Severity;
  deadlineRule?: DeadlineRule;
}

export interface Categories {
  items: Category[];
  severityRules: Record<Severity, DeadlineRule>;
}

export interface Suggestion {
  unitId: number | null;
  unitCode: string;
  unitName: string | null;
  deadline: string;
}

export interface MapPoint {
  id: number;
  number: string;
  state: CaseState;
  overdue: boolean;
  lon: number;
  lat: number;
  categoryCode: string;
}

export interface Notice {
  id: number;
  caseId: number | null;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/** What a reporter sends (the `command` of the multipart request). */
export interface ReportCommand {
  source: CaseSource;
  categoryCode: string;
  severity?: Severity;
  description: string;
  address?: string | null;
  lon?: number | null;
  lat?: number | null;
  areaUnitId?: number | null;
  reporterContact?: string | null;
}

/** Filters of GET /api/cases, /export and /map (CaseQuery on the server). */
export interface CaseFilter extends Query {
  state?: string;
  unitId?: number;
  areaUnitId?: number;
  categoryCode?: string;
  severity?: Severity;
  source?: CaseSource;
  overdue?: boolean;
  mine?: boolean;
  from?: string;
  to?: string;
  q?: string;
  orderBy?: 'deadline' | 'created';
  page?: number;
  pageSize?: number;
}

// Anything that changes a case may bring notifications (to others, and to us when we
// act on our own report): the bell listens and re-counts at once instead of waiting.
const changeListeners = new Set<() => void>();

export function onCasesChanged(fn: () => void): () => void {
  changeListeners.add(fn);
  return () => {
    changeListeners.delete(fn);
  };
}

export function casesChanged(): void {
  for (const fn of changeListeners) fn();
}

/** One multipart body: the JSON `command` plus files (the server reads types from bytes). */
function multipart(command: unknown, files: { photos?: File[]; before?: File[] }): FormData {
  const form = new FormData();
  // A plain field: a Blob would be sent as a file part (with a file name), which the server refuses.
  form.append('command', JSON.stringify(command));
  for (const f of files.before ?? []) form.append('before', f, f.name);
  for (const f of files.photos ?? []) form.append('photos', f, f.name);
  return form;
}

/** POST /api/cases: JSON when there are no photos, else one multipart request. */
export async function reportCase(cmd: ReportCommand, photos: File[]): Promise<{ id: number; number: string }> {
  const r = photos.length
    ? await api<{ id: number; number: string }>('/api/cases', { method: 'POST', body: multipart(cmd, { photos }) })
    : await api<{ id: number; number: string }>('/api/cases', { method: 'POST', json: cmd });
  casesChanged();
  return r;
}

/**
 * POST /api/cases/:id/actions. 409 (the case moved on) is left to the caller, which
 * reloads and says so; other errors are toasted by the client.
 */
export async function actOnCase(
  id: number,
  cmd: ActCommand,
  files: { photos?: File[]; before?: File[] } = {},
): Promise<{ id: number; number: string; version: number }> {
  const hasFiles = Boolean(files.photos?.length || files.before?.length);
  const r = await api<{ id: number; number: string; version: number }>(`/api/cases/${id}/actions`, {
    method: 'POST',
    ...(hasFiles ? { body: multipart(cmd, files) } : { json: cmd }),
    quiet: [409],
  }).catch((e: unknown) => {
    // A 409 means the case moved on: everything showing it must reload.
    if (e instanceof ApiError && e.status === 409) casesChanged();
    throw e;
  });
  casesChanged();
  return r;
}

export const fileUrl = (id: number, variant: 'thumb' | 'public' | 'original') => `/api/files/${id}/${variant}`;

let categoriesCache: Promise<Categories> | null = null;

/** Categories change rarely; one fetch per page load. */
export function loadCategories(): Promise<Categories> {
  if (!categoriesCache) {
    categoriesCache = api<Categories>('/api/cases/categories');
    categoriesCache.catch(() => (categoriesCache = null));
  }
  return categoriesCache;
}
