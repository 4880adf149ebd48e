/**
 * Typed client of the unit tree (/api/units…). The types are the server's contracts
 * (src/shared/contracts/units.contract.ts).
 */
import type { ImportResult } from '../../../src/shared/contracts/imports.contract.js';
import type { Unit, UnitCreate, UnitList, UnitPatch } from '../../../src/shared/contracts/units.contract.js';
import { api, download, XLSX_TYPE } from './client.js';

export type { Unit, UnitCreate };

export const unitsApi = {
  /** The whole tree, parents first. */
  list: () => api<UnitList>('/api/units'),
  create: (body: UnitCreate) => api<Unit>('/api/units', { method: 'POST', json: body }),
  update: (id: number, body: UnitPatch) => api<Unit>(`/api/units/${id}`, { method: 'PATCH', json: body }),
  /** 409 (the unit is still referred to) is left to the caller, which explains it. */
  remove: (id: number) => api<undefined>(`/api/units/${id}`, { method: 'DELETE', quiet: [409] }),
  /** All or nothing; 422 (bad rows, in `details.errors`) is left to the caller. */
  importXlsx: (bytes: ArrayBuffer) =>
    api<ImportResult>('/api/units/import', { method: 'POST', body: bytes, contentType: XLSX_TYPE, quiet: [422] }),
  exportXlsx: () => download('/api/units/export', 'units-export.xlsx'),
  templateXlsx: () => download('/api/units/template', 'units-template.xlsx'),
};
