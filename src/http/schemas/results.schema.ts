import { Type, type Static } from '@sinclair/typebox';
import { RESULT_GROUPS, TREND_BUCKETS, TREND_GROUPS } from '../../shared/evaluation-enums.js';
import { IdString } from '../../shared/contracts/common.contract.js';

/**
 * Query strings of /api/results. `from`/`to`: a China date (YYYY-MM-DD = 00:00 China
 * time) or an ISO-8601 instant with a zone; `to` is exclusive and must be after
 * `from` (the service answers 422 naming the field). Without `frameworkId`, the
 * version pinned by the campaign (named, else current) is used.
 */
const Period = {
  frameworkId: Type.Optional(IdString({ description: 'Framework version; default: the campaign’s pinned one' })),
  from: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'Start (inclusive): YYYY-MM-DD (China time) or an ISO instant with a zone',
  }),
  to: Type.String({ minLength: 1, maxLength: 40, description: 'End (exclusive)' }),
};

const literals = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));

export const RatesQuery = Type.Object({ ...Period, groupBy: literals(RESULT_GROUPS) }, { additionalProperties: false });
export type RatesQuery = Static<typeof RatesQuery>;

export const IndexQuery = Type.Object(
  { ...Period, campaignId: Type.Optional(IdString({ description: 'Campaign whose weights apply; default: the current one' })) },
  { additionalProperties: false },
);
export type IndexQuery = Static<typeof IndexQuery>;

export const TrendQuery = Type.Object(
  { ...Period, bucket: Type.Optional(literals(TREND_BUCKETS)), groupBy: Type.Optional(literals(TREND_GROUPS)) },
  { additionalProperties: false },
);
export type TrendQuery = Static<typeof TrendQuery>;
