/**
 * Typed client of the audit log (/api/audit…). The types are the server's contracts
 * (src/shared/contracts/audit.contract.ts).
 */
import type { AuditList, AuditProblem, AuditQuery, AuditRecord, AuditVerify } from '../../../src/shared/contracts/audit.contract.js';
import { api } from './client.js';

export type { AuditList, AuditProblem, AuditQuery, AuditRecord, AuditVerify };

export const auditApi = {
  search: (q: AuditQuery) => api<AuditList>('/api/audit', { query: q }),
  /** Verifies the keyed chain and its anchors (reads the whole log). */
  verify: () => api<AuditVerify>('/api/audit/verify'),
};
