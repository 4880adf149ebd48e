/**
 * Wire types of the evaluation API (frameworks, check points, plans, results). They
 * mirror src/services/{framework,checkpoint,inspection}.service.ts (results: resultsApi.ts);
 * enums come from src/shared/evaluation-enums.ts.
 */
import type { FrameworkStatus, Method, NodeLevel, PlanReason, ResultGroup } from '../../../../src/shared/evaluation-enums.js';

export interface FrameworkVersion {
  id: number;
  name: string;
  version: number;
  status: FrameworkStatus;
  publishedAt: string | null;
  digest: string;
  createdAt: string;
}

export interface FrameworkNode {
  code: string;
  parentCode: string | null;
  level: NodeLevel;
  name: string;
  weight?: number | null;
  method?: Method;
  points?: number;
  pointTypes?: readonly string[];
  passRule?: { kind: string; max?: number } | null;
}

export interface FrameworkDetail extends FrameworkVersion {
  nodes: FrameworkNode[];
}

export type WeaknessReason =
  | { kind: 'low_rate'; rate: number; threshold: number; over: number }
  | { kind: 'repeated_cases'; count: number; minCases: number; days: number };

export interface Checkpoint {
  id: number;
  code: string;
  name: string;
  type: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  responsibleUnitId: number | null;
  areaUnitId: number | null;
  mustCheck: boolean;
  isNew: boolean;
  active: boolean;
  createdAt: string;
  weak: boolean;
  weakReasons: WeaknessReason[];
}

export interface CheckpointInput {
  code: string;
  name: string;
  type: string;
  address?: string | null;
  lon?: number | null;
  lat?: number | null;
  responsibleUnitId?: number | null;
  areaUnitId?: number | null;
  mustCheck?: boolean;
  isNew?: boolean;
  active?: boolean;
}

export interface PlanHead {
  id: number;
  name: string;
  periodFrom: string;
  periodTo: string;
  unitId: number | null;
  seed: number;
  targetCount: number;
  frameworkId: number;
  createdAt: string;
}

export interface PlanPoint {
  checkpointId: number;
  code: string;
  name: string;
  type: string;
  reasons: PlanReason[];
  inspectorId: number | null;
}

export interface Plan extends PlanHead {
  points: PlanPoint[];
}

export type { ResultGroup };
/** The groupings of src/shared/evaluation-enums.ts in the order the results page offers them. */
export const RESULT_GROUPS: readonly ResultGroup[] = ['district', 'unit', 'pointType', 'item', 'indicator', 'standard', 'point', 'all'];

export interface RateCell {
  key: string;
  earned: number;
  possible: number;
  rate: number | null;
  answered: number;
  na: number;
}

/** 得分率 as a percentage with one decimal, or a dash. */
export function pct(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}
