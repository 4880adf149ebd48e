/**
 * Wire shapes of campaigns and their evaluation settings: what the routes accept and
 * answer, what the service returns, what the web client types its calls with (type-only
 * imports). The rules that check the settings are in src/domain/evaluation/campaign-settings.ts.
 */
import { Type, type Static } from '@sinclair/typebox';
import { MAX_ID } from './common.contract.js';

/** The weak-point rule: below `rateThreshold` over the last N inspections, or K cases in M days. */
export const WeaknessRuleSettings = Type.Object({
  lastN: Type.Integer(),
  rateThreshold: Type.Number(),
  minCases: Type.Integer(),
  caseWindowDays: Type.Number(),
});
export type WeaknessRuleSettings = Static<typeof WeaknessRuleSettings>;

/** Item code → weight. */
const ItemWeights = Type.Record(Type.String({ maxLength: 64 }), Type.Number());
/** 年度分 = 网上材料 + 实地测评 + 问卷调查 weights (sum 100). */
const AnnualWeights = Type.Object({ online: Type.Number(), field: Type.Number(), survey: Type.Number() });

/** The evaluation settings of a campaign, all present. */
export const EvaluationSettings = Type.Object({
  weakness: WeaknessRuleSettings,
  /** An inspection recorded farther than this from its point is flagged (never refused). */
  maxPositionMeters: Type.Number(),
  /** An inspector's day route holds at most this many points (the plan is split into days). */
  maxPointsPerDay: Type.Integer(),
  /** Item code → weight (sum 100) for the simulated index; null = the framework's own weights. */
  itemWeights: Type.Union([ItemWeights, Type.Null()]),
  /** 年度分 = 网上材料 + 实地测评 + 问卷调查 weights (sum 100). */
  annualWeights: AnnualWeights,
  /** Cycle score weights, oldest year first (sum 1). */
  cycleWeights: Type.Array(Type.Number()),
});
export type EvaluationSettings = Static<typeof EvaluationSettings>;

/** A change to the settings: any subset, the weakness rule field by field. */
export const EvaluationSettingsPatch = Type.Object(
  {
    weakness: Type.Optional(
      Type.Object(
        {
          lastN: Type.Optional(Type.Integer()),
          rateThreshold: Type.Optional(Type.Number()),
          minCases: Type.Optional(Type.Integer()),
          caseWindowDays: Type.Optional(Type.Number()),
        },
        { additionalProperties: false },
      ),
    ),
    maxPositionMeters: Type.Optional(Type.Number()),
    maxPointsPerDay: Type.Optional(Type.Integer()),
    itemWeights: Type.Optional(Type.Union([ItemWeights, Type.Null()])),
    annualWeights: Type.Optional(Type.Object(AnnualWeights.properties, { additionalProperties: false })),
    cycleWeights: Type.Optional(Type.Array(Type.Number(), { minItems: 1, maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type EvaluationSettingsPatch = Static<typeof EvaluationSettingsPatch>;

/** POST /api/campaigns. */
export const CampaignCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    frameworkId: Type.Integer({ minimum: 1, maximum: MAX_ID }),
    settings: Type.Optional(EvaluationSettingsPatch),
  },
  { additionalProperties: false },
);
export type CampaignCreate = Static<typeof CampaignCreate>;

/** PATCH /api/campaigns/:id. */
export const CampaignPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    frameworkId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID })),
    settings: Type.Optional(EvaluationSettingsPatch),
  },
  { additionalProperties: false },
);
export type CampaignPatch = Static<typeof CampaignPatch>;

/** A campaign as the API shows it. */
export const CampaignView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** The pinned framework version (null until one is pinned). */
  frameworkId: Type.Union([Type.Integer(), Type.Null()]),
  settings: EvaluationSettings,
  createdAt: Type.String(),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  /** Whether this is the newest campaign, whose settings apply by default. */
  current: Type.Boolean(),
});
export type CampaignView = Static<typeof CampaignView>;

/** GET /api/campaigns: newest (current) first. */
export const CampaignList = Type.Object({ items: Type.Array(CampaignView) });
export type CampaignList = Static<typeof CampaignList>;
