import type { AnnualPart, ResultGroup, TrendBucket, TrendGroup } from './evaluation-enums.js';

/**
 * Wire shapes of /api/results (测评结果) shared by server and web, so the API and
 * the app cannot drift apart. Only plain data; no server code.
 */

/** 实得分, 应得分 and 得分率 (= earned / possible; null when nothing applicable was checked). */
export interface PartCell {
  earned: number;
  possible: number;
  rate: number | null;
}

/** A roll-up cell with what its key stands for: the unit / point / node / type code and its name. */
export interface NamedRateCell extends PartCell {
  key: string;
  code: string;
  name: string;
  /** Answers counted (pass, fail, score). */
  answered: number;
  /** Answers that were "not applicable". */
  na: number;
}

/** A district's (or the whole city's) simulated index and annual scheme. */
export interface DistrictIndexRow {
  /** Null for the whole-city row. */
  districtId: number | null;
  code: string;
  name: string;
  /** 1 = best; equal indices share a rank; null without an index (and for the city). */
  rank: number | null;
  /** Simulated evaluation index 0–100, null when nothing was inspected. */
  index: number | null;
  /** Sum of the weights of the items with data (100 = all measured); the index is rescaled to it. */
  coveredWeight: number;
  /** Item codes without data, in framework order. */
  missingItems: string[];
  earned: number;
  possible: number;
  rate: number | null;
  /** By item code, every item of the framework. */
  items: Record<string, PartCell>;
  annual: {
    /** 网上材料 (methods online + material), 实地测评 (field), 问卷调查 (survey). */
    parts: Record<AnnualPart, PartCell>;
    /** 年度分 0–100 rescaled to the parts with data; null without data. */
    score: number | null;
    coveredWeight: number;
    missingParts: AnnualPart[];
  };
}

export interface FrameworkRef {
  id: number;
  name: string;
  version: number;
}

/** GET /api/results/index. */
export interface IndexView {
  framework: FrameworkRef;
  /** The campaign whose settings applied (named, else current); null = defaults. */
  campaignId: number | null;
  /** The period as ISO instants; `to` exclusive. */
  from: string;
  to: string;
  /** The items with the weights in use; `weightsSource` says whose they are. */
  items: { code: string; name: string; weight: number }[];
  weightsSource: 'campaign' | 'framework';
  annualWeights: Record<AnnualPart, number>;
  /** Ranked by index, best first; districts without an index last. */
  districts: DistrictIndexRow[];
  city: DistrictIndexRow;
  /** Stored answers that could not be scored (should be 0). */
  rejected: number;
}

/** GET /api/results/rates. */
export interface RatesView {
  framework: FrameworkRef;
  groupBy: ResultGroup;
  cells: NamedRateCell[];
  rejected: number;
}

/** GET /api/results/trend. */
export interface TrendView {
  framework: FrameworkRef;
  from: string;
  to: string;
  bucket: TrendBucket;
  groupBy: TrendGroup;
  /** China dates; `start` inclusive (a Monday for weeks, the 1st for months), `end` exclusive. */
  buckets: { start: string; end: string }[];
  /** One cell per bucket; rate null where nothing applicable was inspected. */
  series: { key: string; code: string; name: string; cells: PartCell[] }[];
  rejected: number;
}
