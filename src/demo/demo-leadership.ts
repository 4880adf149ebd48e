import type { ManualClock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import type { Database } from '../db/database.js';
import { userRepository } from '../db/repositories/user.repository.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { chinaDay } from '../domain/calendar/work-calendar.js';
import { periodOf, previousPeriod } from '../domain/assessment/periods.js';
import { loadActor } from '../services/accounts/auth.service.js';
import type { ActionItemService } from '../services/action-items/action-item.service.js';
import type { AssessmentAdjustmentService } from '../services/assessment/assessment-adjustments.service.js';
import type { AssessmentAppealService } from '../services/assessment/assessment-appeals.service.js';
import type { AssessmentModelService } from '../services/assessment/assessment-model.service.js';
import type { AssessmentResultsService } from '../services/assessment/assessment-results.service.js';
import type { BriefingService } from '../services/briefings/briefing.service.js';
import type { LetterService } from '../services/letters/letter.service.js';
import type { SanctionService } from '../services/sanctions/sanction.service.js';
import type { AssessmentPeriod, AssessmentRun } from '../shared/contracts/assessment.contract.js';
import { DEMO_CAMPAIGN_NAME } from './demo-evaluation.js';
import { demoAssessmentModel, demoCommentary, DEMO_ACTION_ITEMS } from './demo-leadership-texts.js';

/** The services the leadership loop is played through, on the demo's clock. */
export interface DemoLeadershipServices {
  assessmentModels: AssessmentModelService;
  assessmentResults: AssessmentResultsService;
  assessmentAdjustments: AssessmentAdjustmentService;
  assessmentAppeals: AssessmentAppealService;
  sanctions: SanctionService;
  briefings: BriefingService;
  actionItems: ActionItemService;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** One step of the loop at its instant; steps run in time order on the demo's clock. */
interface Step {
  at: number;
  order: number;
  run: () => Promise<void>;
}

/**
 * The leadership loop of the demo (issue 13 point 10), played through the real services on
 * the demo's clock after the cases, inspections and letters:
 * - the campaign's 考核办法 (published) with the city's groups and a 红黑榜 rule;
 * - the results of the last four full weeks and the last two full months, each computed and
 *   published just after its period ends (so ranks, changes and 红黑榜 exist), two 加减分
 *   proposed by HQ and approved by the leader before one week is computed;
 * - on the third week, one unit's appeal accepted (a corrected version published, the first
 *   kept as superseded) and another's rejected, within the appeal window;
 * - each week's 周例会 briefing generated, commented (形势分析, 下步工作) and published
 *   (第1–4期), with action items assigned to units: reported done and confirmed, except one
 *   left overdue and the last meeting's still open;
 * - 奖惩 records on the last week's 红黑榜 (通报表扬, 通报批评, 约谈), with the letters
 *   the black-listed units received.
 * The letters are left as they are: the 问责函 still waits for the leader's approval.
 * Deterministic for a given `now`; moves `deps.clock` and leaves it at `now`.
 */
export async function loadDemoLeadership(
  deps: DemoLeadershipServices & { letters: LetterService; database: Database; clock: ManualClock },
  opts: { now: Date },
): Promise<{ runs: number; briefings: number }> {
  const {
    database,
    clock,
    assessmentModels,
    assessmentResults,
    assessmentAdjustments,
    assessmentAppeals,
    sanctions,
    briefings,
    actionItems,
  } = deps;
  const db = database.db;
  const now = opts.now.getTime();
  const campaign = await db.selectFrom('campaigns').select('id').where('name', '=', DEMO_CAMPAIGN_NAME).executeTakeFirst();
  if (!campaign) return { runs: 0, briefings: 0 };
  const campaignId = campaign.id;

  // The actors: HQ, the city leader, and the units' own accounts (by unit).
  let hq: RequestContext | null = null;
  let leader: RequestContext | null = null;
  const unitActor = new Map<number, RequestContext>();
  for (const u of await userRepository.all(db)) {
    if (!u.is_active) continue;
    const actor = await loadActor(database, u);
    const ctx: RequestContext = { actor, requestId: 'demo', clientIp: null };
    if (!hq && actor.grants.some((g) => g.role === 'hq_dispatcher')) hq = ctx;
    if (!leader && actor.grants.some((g) => g.role === 'leader' && g.unitPath.split('/').length === 3)) leader = ctx;
    for (const g of actor.grants)
      if ((g.role === 'unit_handler' || g.role === 'unit_head') && !unitActor.has(g.unitId)) unitActor.set(g.unitId, ctx);
  }
  if (!hq || !leader) return { runs: 0, briefings: 0 };
  const HQ = hq;
  const LEADER = leader;
  const units = await unitRepository.list(db);
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const unitName = new Map(units.map((u) => [u.id, u.name]));

  // The periods: the last four full weeks and the last two full months, oldest first.
  const weeks: AssessmentPeriod[] = [previousPeriod(periodOf('week', opts.now))];
  while (weeks.length < 4) weeks.unshift(previousPeriod(weeks[0]!));
  const months: AssessmentPeriod[] = [previousPeriod(periodOf('month', opts.now))];
  months.unshift(previousPeriod(months[0]!));
  // Each period is published at 09:00 after it ends (or just before `now` when that is later).
  const publishAt = (p: AssessmentPeriod) => Math.min(Date.parse(p.end) + 9 * HOUR, now - 40 * MIN);

  const steps: Step[] = [];
  const at = (t: number, run: () => Promise<void>) => steps.push({ at: t, order: steps.length, run });
  const published = new Map<string, AssessmentRun>();

  // The model, published before the first period is computed.
  const first = Math.min(...[...weeks, ...months].map(publishAt));
  at(first - 2 * HOUR, async () => {
    const draft = await assessmentModels.create(HQ, { campaignId, model: demoAssessmentModel() });
    await assessmentModels.publish(HQ, draft.id);
  });

  const computeAndPublish = async (p: AssessmentPeriod) => {
    const run = await assessmentResults.compute(HQ, { campaignId, periodKey: p.key });
    published.set(p.key, await assessmentResults.publish(HQ, run.id));
  };
  for (const p of months) at(publishAt(p), () => computeAndPublish(p));

  // 加减分 for the second week: proposed by HQ the morning after, approved by the leader before the computation.
  const adjusted = weeks[1]!;
  const adjustments: [string, number, string][] = [
    ['411602', 2, '承办全市文明交通志愿服务集中行动，组织有力、群众反响好，经指挥部研究加2分'],
    ['411600-ZJJ', -1.5, '本周暗访发现建筑工地围挡破损、渣土车未覆盖问题，经查属实，经指挥部研究减1.5分'],
  ];
  at(publishAt(adjusted) - 60 * MIN, async () => {
    for (const [code, points, reason] of adjustments) {
      const unit = unitByCode.get(code);
      if (!unit) continue;
      const a = await assessmentAdjustments.propose(HQ, { campaignId, unitId: unit.id, periodKey: adjusted.key, points, reason });
      clock.set(new Date(clock.now().getTime() + 10 * MIN));
      await assessmentAdjustments.decide(LEADER, a.id, true, '同意');
    }
  });

  for (const [k, week] of weeks.entries()) {
    const t = publishAt(week);
    at(t, () => computeAndPublish(week));
    // The 周例会 the same morning: the briefing of the week, commented and published (第k+1期), and its action items.
    at(t + 10 * MIN, async () => {
      const draft = await briefings.generate(HQ, { periodKind: 'week', from: chinaDay(new Date(week.start)) });
      const run = published.get(week.key);
      const edited = await briefings.edit(HQ, draft.id, { version: draft.version, commentary: demoCommentary(k, run, unitName) });
      await briefings.publish(HQ, edited.id, edited.version);
      await assignItems(k, edited.id, t);
    });
  }

  // Action items of the meeting k: due on Friday; reported done on Thursday and confirmed on
  // Friday, except the one left overdue (the third meeting's second item) and the last meeting's,
  // which are due the Friday after next so that they are still in progress whatever day the demo
  // is loaded (its last meeting is at most six days old).
  const assignItems = async (k: number, briefingId: number, t: number) => {
    const due = chinaDay(new Date(t + (k === weeks.length - 1 ? 11 : 4) * DAY));
    for (const [j, item] of DEMO_ACTION_ITEMS[k]!.entries()) {
      const unit = unitByCode.get(item.unitCode);
      if (!unit) continue;
      clock.set(new Date(clock.now().getTime() + MIN));
      const created = await actionItems.create(HQ, { briefingId, title: item.title, detail: item.detail, unitId: unit.id, dueDate: due });
      const reporter = unitActor.get(unit.id);
      if (k === weeks.length - 1 || (k === 2 && j === 1) || !reporter) continue;
      at(t + 3 * DAY + 7 * HOUR + j * 20 * MIN, async () => {
        const reported = await actionItems.report(reporter, created.id, { version: created.version, note: item.report });
        clock.set(new Date(clock.now().getTime() + 18 * HOUR));
        await actionItems.confirm(HQ, reported.id, reported.version);
      });
    }
  };

  // Appeals against the third week: one accepted (corrected version), one rejected.
  const appealed = weeks[2]!;
  const appealers: [string, boolean, string, string][] = [
    [
      '411622',
      true,
      '本周我县2件案件因暴雨天气申请延期已获批准，系统仍按原期限计为逾期，请予核减。',
      '经核实，2件案件延期申请已于期限前批准，逾期认定有误，予以更正，加1.5分。',
    ],
    [
      '411600-CGJ',
      false,
      '督办函所涉占道经营问题属商务部门职责，不应计入我局扣分。',
      '经核实，该路段占道经营整治属市城管局职责（市创建指挥部任务分解表第12项），申诉理由不成立，维持原结果。',
    ],
  ];
  at(publishAt(appealed) + DAY + HOUR, async () => {
    const run = published.get(appealed.key);
    if (!run) return;
    for (const [n, [code, accept, reason, decision]] of appealers.entries()) {
      const unit = unitByCode.get(code);
      const who = unit ? unitActor.get(unit.id) : undefined;
      const item = unit ? run.groups.flatMap((g) => g.items).find((i) => i.unitId === unit.id && i.explained && i.parts.length) : undefined;
      if (!unit || !who || !item) continue;
      const part = item.parts.find((p) => p.kind === (accept ? 'cases' : 'letters')) ?? item.parts[0]!;
      clock.set(new Date(clock.now().getTime() + n * HOUR));
      const appeal = await assessmentAppeals.create(who, { runId: run.id, unitId: unit.id, items: [{ partKind: part.kind }], reason });
      at(publishAt(appealed) + 2 * DAY + (6 + n) * HOUR, async () => {
        if (accept) await assessmentAppeals.accept(HQ, appeal.id, { points: 1.5, reason: decision });
        else await assessmentAppeals.reject(HQ, appeal.id, { reason: decision });
      });
    }
  });

  // 奖惩 on the last week's 红黑榜, after its 周例会.
  const last = weeks[weeks.length - 1]!;
  at(publishAt(last) + 25 * MIN, async () => {
    const run = published.get(last.key);
    if (!run) return;
    const issued = (await deps.letters.list(HQ, { state: 'issued' })).filter((l) => l.number !== null && l.status === 'issued');
    const decidedOn = chinaDay(clock.now());
    let seq = 0;
    for (const g of run.groups) {
      const red = g.lists.find((e) => e.list === 'red');
      if (red && seq < 2) {
        seq++;
        await sanctions.record(HQ, {
          campaignId,
          unitId: red.unitId,
          periodKey: last.key,
          kind: 'commendation',
          summary: `${last.label}${g.name}考核排名第${red.rank}位（${red.score.toFixed(2)}分），列入红榜，予以通报表扬。`,
          decidedOn,
          documentNumber: `周创指〔${decidedOn.slice(0, 4)}〕${10 + seq}号`,
          list: 'red',
        });
      }
    }
    let black = 0;
    for (const g of run.groups) {
      for (const e of g.lists.filter((x) => x.list === 'black')) {
        if (black >= 3) break;
        const letterIds = issued
          .filter((l) => l.unitId === e.unitId)
          .slice(0, 3)
          .map((l) => l.id);
        const kind = black === 0 ? 'interview' : 'criticism';
        black++;
        await sanctions.record(HQ, {
          campaignId,
          unitId: e.unitId,
          periodKey: last.key,
          kind,
          summary:
            kind === 'interview'
              ? `${last.label}${g.name}排名末位（${e.score.toFixed(2)}分），列入黑榜，且督办问题整改不力，由市创建指挥部约谈主要负责同志。`
              : `${last.label}${g.name}排名靠后（${e.score.toFixed(2)}分），列入黑榜，予以通报批评，限期整改。`,
          decidedOn,
          documentNumber: `周创指〔${decidedOn.slice(0, 4)}〕${20 + black}号`,
          list: 'black',
          ...(letterIds.length ? { letterIds } : {}),
        });
      }
    }
  });

  // Run the steps in time order; steps may add later steps (reports, decisions), so sort each time.
  let done = 0;
  while (done < steps.length) {
    const rest = steps.slice(done).sort((a, b) => a.at - b.at || a.order - b.order);
    steps.splice(done, rest.length, ...rest);
    const step = steps[done++]!;
    if (step.at >= now) continue;
    clock.set(new Date(step.at));
    await step.run();
  }
  clock.set(opts.now);
  // As the letters did: the notices of the loop older than three days were read.
  await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.ref('created_at') }))
    .where('created_at', '<', new Date(now - 3 * DAY).toISOString())
    .where('read_at', 'is', null)
    .execute();
  return { runs: published.size, briefings: weeks.length };
}
