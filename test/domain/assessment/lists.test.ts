import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { competitionRanks, rankChanges, redBlackLists } from '../../../src/domain/assessment/lists.js';

describe('competitionRanks', () => {
  it('ranks 1, 2, 2, 4; units without a figure get no rank and push nobody down', () => {
    expect(competitionRanks([90, 80, 80, 70, null])).toEqual([1, 2, 2, 4, null]);
    expect(competitionRanks([null, 50, 50])).toEqual([null, 1, 1]);
    expect(competitionRanks([])).toEqual([]);
  });

  it('a higher score always has a better rank, equal scores share one', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 20 }))), (scores) => {
        const ranks = competitionRanks(scores);
        scores.forEach((a, i) =>
          scores.forEach((b, j) => {
            if (a === null || b === null) return;
            if (a > b) expect(ranks[i]!).toBeLessThan(ranks[j]!);
            if (a === b) expect(ranks[i]).toBe(ranks[j]);
          }),
        );
      }),
    );
  });
});

describe('rankChanges and redBlackLists', () => {
  it('a unit without a rank now is unranked, whatever it was', () => {
    expect(rankChanges([{ unitId: 1, score: null, rank: null }], [{ unitId: 1, score: 50, rank: 2 }])).toEqual([
      { unitId: 1, move: 'unranked', places: null, previousRank: 2 },
    ]);
  });

  it('in a group smaller than red + black a unit is on the red list only; no figure, no list', () => {
    const results = [
      { unitId: 1, score: 90, rank: 1 },
      { unitId: 2, score: 80, rank: 2 },
      { unitId: 3, score: null, rank: null },
    ];
    expect(redBlackLists({ kind: 'rank', red: 2, black: 2 }, results)).toEqual([
      { unitId: 1, list: 'red', rank: 1, score: 90 },
      { unitId: 2, list: 'red', rank: 2, score: 80 },
    ]);
    expect(redBlackLists({ kind: 'rank', red: 0, black: 0 }, results)).toEqual([]);
  });
});
