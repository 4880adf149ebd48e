import type { PublicSettingsPatch, PublicSettingsView } from '../../../src/shared/contracts/public.contract.js';
import { api } from './client.js';

/** The typed client of HQ's settings of the public side (issue 15): GET/PATCH /api/public-settings. */
export const publicSettingsApi = {
  get: () => api<PublicSettingsView>('/api/public-settings'),
  /** Changes some settings; the server checks the whole result (422 naming the field). */
  update: (patch: PublicSettingsPatch) => api<PublicSettingsView>('/api/public-settings', { method: 'PATCH', json: patch }),
};
