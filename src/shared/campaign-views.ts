/**
 * Wire shapes of campaigns and their evaluation settings, shared by server and web.
 * Only plain data; the rules that check them are in src/domain/evaluation/campaign-settings.ts.
 */

/** The weak-point rule: below `rateThreshold` over the last N inspections, or K cases in M days. */
export interface WeaknessRuleSettings {
  lastN: number;
  rateThreshold: number;
  minCases: number;
  caseWindowDays: number;
}

/** The evaluation settings of a campaign, all present. */
export interface EvaluationSettings {
  weakness: WeaknessRuleSettings;
  /** An inspection recorded farther than this from its point is flagged (never refused). */
  maxPositionMeters: number;
  /** An inspector's day route holds at most this many points (the plan is split into days). */
  maxPointsPerDay: number;
  /** Item code → weight (sum 100) for the simulated index; null = the framework's own weights. */
  itemWeights: Record<string, number> | null;
  /** 年度分 = 网上材料 + 实地测评 + 问卷调查 weights (sum 100). */
  annualWeights: { online: number; field: number; survey: number };
  /** Cycle score weights, oldest year first (sum 1). */
  cycleWeights: number[];
}

/** A change to the settings: any subset, the weakness rule field by field. */
export interface EvaluationSettingsPatch {
  weakness?: Partial<WeaknessRuleSettings>;
  maxPositionMeters?: number;
  maxPointsPerDay?: number;
  itemWeights?: Record<string, number> | null;
  annualWeights?: EvaluationSettings['annualWeights'];
  cycleWeights?: number[];
}

/** A campaign as the API shows it. */
export interface CampaignView {
  id: number;
  name: string;
  /** The pinned framework version (null until one is pinned). */
  frameworkId: number | null;
  settings: EvaluationSettings;
  createdAt: string;
  updatedAt: string | null;
  /** Whether this is the newest campaign, whose settings apply by default. */
  current: boolean;
}
