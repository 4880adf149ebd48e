import { Type, type Static } from '@sinclair/typebox';
import { MAX_ID } from '../../shared/contracts/common.contract.js';

const Weights = Type.Record(Type.String({ maxLength: 64 }), Type.Number());

/** A change to a campaign's evaluation settings; every key optional (the weakness rule field by field). */
export const SettingsPatch = Type.Object(
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
    itemWeights: Type.Optional(Type.Union([Weights, Type.Null()])),
    annualWeights: Type.Optional(
      Type.Object({ online: Type.Number(), field: Type.Number(), survey: Type.Number() }, { additionalProperties: false }),
    ),
    cycleWeights: Type.Optional(Type.Array(Type.Number(), { minItems: 1, maxItems: 10 })),
  },
  { additionalProperties: false },
);

export const CampaignCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    frameworkId: Type.Integer({ minimum: 1, maximum: MAX_ID }),
    settings: Type.Optional(SettingsPatch),
  },
  { additionalProperties: false },
);
export type CampaignCreate = Static<typeof CampaignCreate>;

export const CampaignPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    frameworkId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID })),
    settings: Type.Optional(SettingsPatch),
  },
  { additionalProperties: false },
);
export type CampaignPatch = Static<typeof CampaignPatch>;
