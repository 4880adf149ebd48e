import type { CampaignCreate, CampaignList, CampaignPatch, CampaignView } from '../../../src/shared/contracts/campaigns.contract.js';
import { api } from './client.js';

/**
 * The typed client of campaigns (/api/campaigns…): the pinned framework version and the
 * evaluation settings. Wire types come from src/shared/contracts/campaigns.contract.ts
 * (`import type`: no TypeBox in the bundle). The ladder of a campaign is in letters.ts.
 */
export const campaignsApi = {
  /** GET /api/campaigns: newest (current) first. */
  list: () => api<CampaignList>('/api/campaigns'),
  /** GET /api/campaigns/:id. */
  get: (id: number) => api<CampaignView>(`/api/campaigns/${id}`),
  /** POST /api/campaigns: a campaign pinned to a published framework version. */
  create: (body: CampaignCreate) => api<CampaignView>('/api/campaigns', { method: 'POST', json: body }),
  /** PATCH /api/campaigns/:id: rename, re-pin or change settings. */
  update: (id: number, patch: CampaignPatch) => api<CampaignView>(`/api/campaigns/${id}`, { method: 'PATCH', json: patch }),
};
