import type { Database } from '../../src/db/database.js';

/**
 * Fixtures of the 奖惩 tests: an issued letter to a unit and a published 考核 run with a
 * 红黑榜, written as rows (their own modules are tested elsewhere; here only the links matter).
 */
export async function issuedLetter(database: Database, unitId: number, n: number, status = 'issued'): Promise<number> {
  const at = '2026-03-02T01:00:00.000Z';
  const r = await database.db
    .insertInto('letters')
    .values({
      number: status === 'issued' ? `周创指督〔2026〕${n}号` : null,
      year: status === 'issued' ? 2026 : null,
      seq: status === 'issued' ? n : null,
      type: '督办函',
      rung_key: null,
      campaign_id: null,
      issuer_name: '周口市创建全国文明城市工作指挥部',
      issuer_code: '周创指督',
      unit_id: unitId,
      addressee: '收文单位',
      title: `关于督办问题整改的函 ${n}`,
      body: JSON.stringify(['正文']),
      status,
      reply_deadline: null,
      issued_at: status === 'issued' ? at : null,
      issued_by: null,
      delivered_at: null,
      signed_at: null,
      signed_by: null,
      reply: null,
      replied_at: null,
      withdrawn_at: null,
      withdrawn_by: null,
      withdraw_reason: null,
      created_by: null,
      created_at: at,
      updated_at: at,
      sign_unit_id: null,
      approved_at: null,
      approved_by: null,
      returned_at: null,
      return_reason: null,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** A published run of `periodKey` whose one group puts `red` on the red list and `black` on the black list. */
export async function publishedRun(
  database: Database,
  campaignId: number,
  periodKey: string,
  red: number,
  black: number,
  periodKind = 'month',
): Promise<number> {
  const at = '2026-03-10T01:00:00.000Z';
  const model = await database.db
    .insertInto('assessment_models')
    .values({
      campaign_id: campaignId,
      version: 1,
      status: 'published',
      model: '{}',
      created_by: null,
      created_at: at,
      updated_at: null,
      published_by: null,
      published_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const groups = [
    {
      key: 'g',
      name: '市直部门',
      items: [
        {
          unitId: red,
          unitName: '红榜单位',
          score: 90,
          rank: 1,
          change: { unitId: red, move: 'up', places: 1, previousRank: 2 },
          list: 'red',
          explained: true,
          parts: [],
        },
        {
          unitId: black,
          unitName: '黑榜单位',
          score: 50,
          rank: 2,
          change: { unitId: black, move: 'down', places: -1, previousRank: 1 },
          list: 'black',
          explained: true,
          parts: [],
        },
      ],
      lists: [
        { unitId: red, unitName: '红榜单位', list: 'red', rank: 1, score: 90 },
        { unitId: black, unitName: '黑榜单位', list: 'black', rank: 2, score: 50 },
      ],
    },
  ];
  const run = await database.db
    .insertInto('assessment_runs')
    .values({
      campaign_id: campaignId,
      model_id: Number(model.id),
      period_kind: periodKind,
      period_key: periodKey,
      version: 1,
      status: 'published',
      snapshot: JSON.stringify(groups),
      hash: 'a'.repeat(64),
      unit_count: 2,
      computed_by: null,
      computed_at: at,
      published_by: null,
      published_at: at,
      appeal_deadline: null,
      corrects_run_id: null,
      correction_reason: null,
      superseded_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(run.id);
}
