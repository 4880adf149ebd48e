/**
 * Kept only for CampaignsPage, which still imports these names from here; the shapes are
 * the contracts (src/shared/contracts/evaluation.contract.ts) and the calls are
 * web/src/api/evaluation.ts. Delete once CampaignsPage imports them from there.
 */
export type { FrameworkDetail, FrameworkView as FrameworkVersion } from '../../../../src/shared/contracts/evaluation.contract.js';
