import type {
  ActionItem,
  ActionItemList,
  ActionItemQuery,
  CreateActionItemBody,
} from '../../../src/shared/contracts/action-items.contract.js';
import { api } from './client.js';

/**
 * The typed client of the 周例会 action items (/api/action-items…). Wire types come from
 * src/shared/contracts/action-items.contract.ts (`import type`: no TypeBox in the bundle).
 */
export const actionItemsApi = {
  /** GET /api/action-items: the items the caller may see (units: their own), filtered. */
  list: (q: ActionItemQuery = {}) => api<ActionItemList>('/api/action-items', { query: { ...q } }),
  /** GET /api/action-items/:id. */
  get: (id: number) => api<ActionItem>(`/api/action-items/${id}`),
  /** POST /api/action-items: HQ assigns an item of a meeting to a unit. */
  create: (body: CreateActionItemBody) => api<ActionItem>('/api/action-items', { method: 'POST', json: body }),
  /** POST /api/action-items/:id/report: JSON without evidence, else multipart ("command" + files "evidence"). */
  report: (id: number, version: number, note: string, files: File[]) => {
    const cmd = { version, note };
    if (!files.length) return api<ActionItem>(`/api/action-items/${id}/report`, { method: 'POST', json: cmd });
    const form = new FormData();
    // A plain field: a Blob would arrive as a file part.
    form.append('command', JSON.stringify(cmd));
    for (const f of files) form.append('evidence', f, f.name);
    return api<ActionItem>(`/api/action-items/${id}/report`, { method: 'POST', body: form });
  },
  /** POST /api/action-items/:id/confirm. */
  confirm: (id: number, version: number) => api<ActionItem>(`/api/action-items/${id}/confirm`, { method: 'POST', json: { version } }),
  /** POST /api/action-items/:id/return: sent back with a reason. */
  sendBack: (id: number, version: number, reason: string) =>
    api<ActionItem>(`/api/action-items/${id}/return`, { method: 'POST', json: { version, reason } }),
  /** POST /api/action-items/:id/escalate: a letter of the next rung. */
  escalate: (id: number, version: number) => api<ActionItem>(`/api/action-items/${id}/escalate`, { method: 'POST', json: { version } }),
  /** The URL of an evidence photo (for <img>). */
  fileUrl: (id: number, fileId: number) => `/api/action-items/${id}/files/${fileId}`,
};
