import type { FileVariant } from '../../../src/shared/case-enums.js';
import type {
  ActBody,
  ActReply,
  CaseDetail,
  CaseList,
  CaseListItem,
  CaseMapReply,
  CaseQuery,
  Categories,
  IndicatorQuery,
  IndicatorsReply,
  ReportBody,
  ReportReply,
  Suggestion,
} from '../../../src/shared/contracts/cases.contract.js';
import { api, ApiError, download, withQuery } from './client.js';

// Re-exported for pages outside the case feature that show cases (the letters' case picker).
export type { CaseListItem };

/**
 * The typed client of the case workflow (/api/cases…, /api/files…). Wire types come from
 * src/shared/contracts/cases.contract.ts (`import type`: no TypeBox in the bundle).
 */

// Anything that changes a case may bring notifications (to others, and to us when we
// act on our own report): the bell listens and re-counts at once instead of waiting.
const changeListeners = new Set<() => void>();

/** Calls `fn` after every change this tab makes to a case; returns the unsubscribe. */
export function onCasesChanged(fn: () => void): () => void {
  changeListeners.add(fn);
  return () => {
    changeListeners.delete(fn);
  };
}

function casesChanged(): void {
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
async function report(cmd: ReportBody, photos: File[]): Promise<ReportReply> {
  const r = photos.length
    ? await api<ReportReply>('/api/cases', { method: 'POST', body: multipart(cmd, { photos }) })
    : await api<ReportReply>('/api/cases', { method: 'POST', json: cmd });
  casesChanged();
  return r;
}

/**
 * POST /api/cases/:id/actions. 409 (the case moved on) is left to the caller, which
 * reloads and says so; other errors are toasted by the client.
 */
async function act(id: number, cmd: ActBody, files: { photos?: File[]; before?: File[] } = {}): Promise<ActReply> {
  const hasFiles = Boolean(files.photos?.length || files.before?.length);
  const r = await api<ActReply>(`/api/cases/${id}/actions`, {
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

let categoriesCache: Promise<Categories> | null = null;

/** Categories change rarely; one fetch per page load. */
function categories(): Promise<Categories> {
  if (!categoriesCache) {
    categoriesCache = api<Categories>('/api/cases/categories');
    categoriesCache.catch(() => (categoriesCache = null));
  }
  return categoriesCache;
}

export const casesApi = {
  /** GET /api/cases: a page of the cases the caller may see, filtered. */
  list: (q: CaseQuery) => api<CaseList>('/api/cases', { query: q }),
  /** GET /api/cases/:id: the case page. */
  get: (id: number) => api<CaseDetail>(`/api/cases/${id}`),
  /** GET /api/cases/:id/suggestion: unit and deadline for a dispatch (quiet: the form works without). */
  suggestion: (id: number) => api<Suggestion>(`/api/cases/${id}/suggestion`, { quiet: true }),
  /** GET /api/cases/map: located cases. */
  map: (q: Omit<CaseQuery, 'page' | 'pageSize' | 'orderBy'>) => api<CaseMapReply>('/api/cases/map', { query: q }),
  /** GET /api/cases/indicators: summed facts and the standard indicators of a cohort period (China days). */
  indicators: (q: IndicatorQuery) => api<IndicatorsReply>('/api/cases/indicators', { query: q }),
  /** GET /api/cases/export: the filtered cases as .xlsx, saved under the server's file name. */
  exportXlsx: (q: Omit<CaseQuery, 'page' | 'pageSize'>) => download(withQuery('/api/cases/export', q), 'cases.xlsx'),
  categories,
  report,
  act,
  /** A photo's address, for <img src>: thumb and public show; original saves. */
  fileUrl: (id: number, variant: FileVariant) => `/api/files/${id}/${variant}`,
};
