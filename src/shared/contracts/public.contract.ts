/**
 * Wire shapes of the public side (issue 15, DESIGN.md §3.8). Routes (all without an
 * account unless marked HQ):
 *
 *   GET  /api/public/config                         PublicConfig
 *   GET  /api/public/challenge                      PowChallenge (proof of work for the next write)
 *   POST /api/public/reports        multipart       201 PublicReportReply | 409 duplicate_candidates (details: DuplicateCandidates)
 *        fields: categoryCode, description, lon, lat, address?, reporterName?, reporterPhone?, consent ('true' when
 *        a name or phone is given), positionPrivate? ('true'), force? ('true': not the same problem, report anyway),
 *        challenge, nonce; files: photo (1–3). Header `X-Device-Id` (a random id the page keeps in localStorage).
 *   POST /api/public/cases/:number/plus-ones  multipart  201 PlusOneReply   fields: description?, challenge, nonce; file photo?
 *   GET  /api/public/cases/:number?token=…          PublicCaseView (full with the token; minimal without, if HQ allows)
 *   GET  /api/public/cases/:number/photos/:fileId?token=…   the stripped public copy (image)
 *   POST /api/public/cases/:number/satisfaction     JSON SatisfactionBody → 201 SatisfactionReply (once per case)
 *   GET  /api/public/map                            PublicMap (if HQ enabled it)
 *   GET/PATCH /api/public-settings (HQ)             PublicSettingsView / PublicSettingsPatch
 *   GET  /api/satisfaction/reviews (HQ)             SatisfactionReviewList   ?state=pending|done
 *   POST /api/satisfaction/reviews/:caseId (HQ)     SatisfactionReviewBody → SatisfactionReviewItem
 *   GET  /api/satisfaction/units (HQ, leaders)      UnitSatisfactionList     ?from&to (dates)
 *   POST /api/cases/:id/satisfaction (the logged-in citizen who reported it)  SatisfactionOwnBody → 201 SatisfactionReply
 *   GET/POST /api/api-keys, POST /api/api-keys/:id/revoke (HQ, sysadmin)   ApiKeyList / ApiKeyIssue → ApiKeyIssued
 */
import { Type, type Static } from '@sinclair/typebox';
import { PUBLIC_STAGES, SATISFACTION_RATINGS, SATISFACTION_REVIEWS, API_KEY_SOURCES } from '../public-enums.js';
import { CalendarDate, IdString, Paging, StringEnum } from './common.contract.js';

const Int = Type.Integer();
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A case number as citizens see it, e.g. 2026-000123. */
export const CaseNumber = Type.String({ pattern: '^\\d{4}-\\d{6}$', description: 'case number, e.g. 2026-000123' });

/** What the public page needs to draw itself. */
export const PublicConfig = Type.Object({
  cityName: Type.String(),
  intakeOpen: Type.Boolean(),
  /** Set while intake is paused. */
  pausedMessage: NullableString,
  categories: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), group: NullableString })),
  trackByNumber: Type.Boolean(),
  publicMap: Type.Boolean(),
  /** [minLon, minLat, maxLon, maxLat]: a report's point must lie inside. */
  cityBbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
  maxPhotos: Int,
  maxPhotoBytes: Int,
  /** XYZ tile URL template, or null (the page then draws points on a plain grid). */
  tileUrl: NullableString,
});
export type PublicConfig = Static<typeof PublicConfig>;

/** A proof-of-work challenge: find `nonce` so that SHA-256(`challenge` + ":" + nonce) starts with `bits` zero bits. */
export const PowChallenge = Type.Object({ challenge: Type.String(), bits: Int, expiresAt: Type.String() });
export type PowChallenge = Static<typeof PowChallenge>;

/** A new public report's number and its private follow-up token (shown once). */
export const PublicReportReply = Type.Object({
  number: CaseNumber,
  token: Type.String(),
  /** Path of the follow-up page, number and token included. */
  trackPath: Type.String(),
});
export type PublicReportReply = Static<typeof PublicReportReply>;

/** An open case the new report may be ("我也遇到"). */
export const DuplicateCandidate = Type.Object({
  number: CaseNumber,
  categoryName: Type.String(),
  description: Type.String(),
  distanceM: Int,
  reportedAt: Type.String(),
  stage: StringEnum(PUBLIC_STAGES),
  plusOnes: Int,
});
export type DuplicateCandidate = Static<typeof DuplicateCandidate>;
export const DuplicateCandidates = Type.Object({ candidates: Type.Array(DuplicateCandidate) });
export type DuplicateCandidates = Static<typeof DuplicateCandidates>;

export const PlusOneReply = Type.Object({ number: CaseNumber, plusOnes: Int });
export type PlusOneReply = Static<typeof PlusOneReply>;

/** One step of the public timeline: plain words, no person. */
export const PublicTimelineEntry = Type.Object({ at: Type.String(), stage: StringEnum(PUBLIC_STAGES), text: Type.String() });
export type PublicTimelineEntry = Static<typeof PublicTimelineEntry>;

export const PublicPhoto = Type.Object({ url: Type.String(), kind: StringEnum(['before', 'after'] as const) });
export type PublicPhoto = Static<typeof PublicPhoto>;

/**
 * A case as the public sees it. `full` is true with the right token: then photos, the
 * timeline, the closing note and the rating are there; by number alone they are empty.
 * Never: staff names or accounts, the reporter's contact, internal notes, unit ids, the exact
 * position of a case marked private.
 */
export const PublicCaseView = Type.Object({
  number: CaseNumber,
  full: Type.Boolean(),
  categoryName: Type.String(),
  description: Type.String(),
  stage: StringEnum(PUBLIC_STAGES),
  stageText: Type.String(),
  reportedAt: Type.String(),
  address: NullableString,
  /** Exact for the reporter (with the token) unless private; else coarse; null when private or unknown. */
  position: Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number(), coarse: Type.Boolean() })),
  unitName: NullableString,
  deadline: NullableString,
  closedAt: NullableString,
  closingNote: NullableString,
  timeline: Type.Array(PublicTimelineEntry),
  photos: Type.Array(PublicPhoto),
  plusOnes: Int,
  /** True when the case is closed, the token is given and no rating exists yet. */
  canRate: Type.Boolean(),
  satisfaction: Nullable(Type.Object({ rating: StringEnum(SATISFACTION_RATINGS), comment: NullableString, ratedAt: Type.String() })),
});
export type PublicCaseView = Static<typeof PublicCaseView>;

export const SatisfactionBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    rating: StringEnum(SATISFACTION_RATINGS),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type SatisfactionBody = Static<typeof SatisfactionBody>;

/** Path of the public rating route. */
export const SatisfactionRateParams = Type.Object({ number: CaseNumber }, { additionalProperties: false });
export type SatisfactionRateParams = Static<typeof SatisfactionRateParams>;

/** A logged-in citizen rating a case they reported (no token: the account proves it). */
export const SatisfactionOwnBody = Type.Object(
  { rating: StringEnum(SATISFACTION_RATINGS), comment: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type SatisfactionOwnBody = Static<typeof SatisfactionOwnBody>;

/** The rating as recorded. */
export const SatisfactionReply = Type.Object({
  number: CaseNumber,
  rating: StringEnum(SATISFACTION_RATINGS),
  comment: NullableString,
  ratedAt: Type.String(),
  /** True for 不满意: HQ will review it. */
  sentToHq: Type.Boolean(),
});
export type SatisfactionReply = Static<typeof SatisfactionReply>;

/** The public map: recent cases at coarse positions. */
export const PublicMap = Type.Object({
  items: Type.Array(
    Type.Object({
      number: CaseNumber,
      categoryName: Type.String(),
      stage: StringEnum(PUBLIC_STAGES),
      lon: Type.Number(),
      lat: Type.Number(),
      reportedAt: Type.String(),
    }),
  ),
});
export type PublicMap = Static<typeof PublicMap>;

const SettingsFields = {
  intakeOpen: Type.Boolean(),
  pausedMessage: Type.String({ maxLength: 200 }),
  categoryCodes: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 500 }),
  trackByNumber: Type.Boolean(),
  publicMap: Type.Boolean(),
  duplicateRadiusM: Int,
  duplicateWindowDays: Int,
  perIpPerHour: Int,
  perDevicePerHour: Int,
  powBits: Int,
  coarseGridM: Int,
};
/** HQ's settings of the public side (domain/public/public-settings.ts). */
export const PublicSettingsView = Type.Object(SettingsFields);
export type PublicSettingsView = Static<typeof PublicSettingsView>;
export const PublicSettingsPatch = Type.Partial(Type.Object(SettingsFields), { additionalProperties: false, minProperties: 1 });
export type PublicSettingsPatch = Static<typeof PublicSettingsPatch>;

/** A rating as HQ reviews it (staff see the case's unit; still no reporter contact). */
export const SatisfactionReviewItem = Type.Object({
  caseId: Int,
  number: CaseNumber,
  categoryName: Type.String(),
  unitName: NullableString,
  rating: StringEnum(SATISFACTION_RATINGS),
  comment: NullableString,
  ratedAt: Type.String(),
  review: Nullable(StringEnum(SATISFACTION_REVIEWS)),
  reviewNote: NullableString,
  reviewedBy: NullableString,
  reviewedAt: NullableString,
});
export type SatisfactionReviewItem = Static<typeof SatisfactionReviewItem>;
export const SatisfactionReviewList = Type.Object({ items: Type.Array(SatisfactionReviewItem), total: Int });
export type SatisfactionReviewList = Static<typeof SatisfactionReviewList>;
export const SatisfactionReviewBody = Type.Object(
  { decision: StringEnum(SATISFACTION_REVIEWS), note: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type SatisfactionReviewBody = Static<typeof SatisfactionReviewBody>;
/** GET /api/satisfaction/reviews: `pending` (不满意, not reviewed; default) or `done` (reviewed). */
export const SatisfactionReviewQuery = Type.Object(
  { state: Type.Optional(StringEnum(['pending', 'done'] as const)), ...Paging },
  { additionalProperties: false },
);
export type SatisfactionReviewQuery = Static<typeof SatisfactionReviewQuery>;
export const SatisfactionReviewParams = Type.Object({ caseId: IdString() }, { additionalProperties: false });
export type SatisfactionReviewParams = Static<typeof SatisfactionReviewParams>;

/** The satisfaction indicator of one unit over a period. */
export const UnitSatisfaction = Type.Object({
  unitId: Int,
  unitName: Type.String(),
  rated: Int,
  satisfied: Int,
  basicallySatisfied: Int,
  dissatisfied: Int,
  /** (满意 + 基本满意) / rated; null when nothing was rated. */
  rate: Nullable(Type.Number()),
});
export type UnitSatisfaction = Static<typeof UnitSatisfaction>;
export const UnitSatisfactionList = Type.Object({ from: CalendarDate(), to: CalendarDate(), items: Type.Array(UnitSatisfaction) });
export type UnitSatisfactionList = Static<typeof UnitSatisfactionList>;
/** GET /api/satisfaction/units: China dates, both inclusive; default the last 90 days up to today. */
export const UnitSatisfactionQuery = Type.Object(
  { from: Type.Optional(CalendarDate()), to: Type.Optional(CalendarDate()) },
  { additionalProperties: false },
);
export type UnitSatisfactionQuery = Static<typeof UnitSatisfactionQuery>;

/** An integrator's API key (the secret itself only in ApiKeyIssued, once). */
export const ApiKey = Type.Object({
  id: Int,
  name: Type.String(),
  prefix: Type.String(),
  source: StringEnum(API_KEY_SOURCES),
  ratePerMinute: Int,
  createdBy: NullableString,
  createdAt: Type.String(),
  revokedAt: NullableString,
  lastUsedAt: NullableString,
});
export type ApiKey = Static<typeof ApiKey>;
export const ApiKeyList = Type.Object({ items: Type.Array(ApiKey) });
export type ApiKeyList = Static<typeof ApiKeyList>;
export const ApiKeyIssue = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    source: StringEnum(API_KEY_SOURCES),
    ratePerMinute: Type.Integer({ minimum: 1, maximum: 6000 }),
  },
  { additionalProperties: false },
);
export type ApiKeyIssue = Static<typeof ApiKeyIssue>;
export const ApiKeyIssued = Type.Object({ key: ApiKey, secret: Type.String({ description: 'shown once; store it now' }) });
export type ApiKeyIssued = Static<typeof ApiKeyIssued>;
