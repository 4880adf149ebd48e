/**
 * The public side of the demo (issue 15): HQ opens a set of categories to citizens, turns on
 * tracking by number and the public map, and a few citizens report through the public page's
 * service — proof of work solved like the page does, no account — at past instants. Their
 * cases are then handled through the case workflow: one closed and rated 满意, one 基本满意,
 * one 不满意 waiting for HQ's review (回访复核), one in progress with two "我也遇到", one
 * accepted, one just received with a private position. The follow-up tokens are not kept
 * (only their hashes exist): a demo visitor files their own report at /report.
 */
import type { Database } from '../db/database.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { userRepository } from '../db/repositories/user.repository.js';
import type { SatisfactionRating } from '../shared/public-enums.js';
import type { CaseService } from '../services/cases/case.service.js';
import type { PublicIntakeService } from '../services/public/public-intake.service.js';
import type { PublicSettingsService } from '../services/public/public-settings.service.js';
import type { SatisfactionService } from '../services/public/satisfaction.service.js';
import { solvePow } from '../services/public/pow-solver.js';
import { loadActor } from '../services/accounts/auth.service.js';
import type { ActBody } from '../shared/contracts/cases.contract.js';
import type { ManualClock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import { CHINA_UTC_OFFSET_MS } from '../domain/calendar/work-calendar.js';
import { DAY, HOUR, MIN, demoPhoto } from './demo-case-handling.js';
import { notificationRepository } from '../db/repositories/notification.repository.js';
import { bytesSource } from '../storage/upload-source.js';

/** Categories the demo city opens to citizens: the street problems a passer-by sees. */
export const DEMO_PUBLIC_CATEGORIES = ['C01-01', 'C02-01', 'C03-01', 'E01-01', 'E02-01', 'E03-01', 'E05-01'] as const;

export interface DemoPublicServices {
  cases: CaseService;
  publicIntake: PublicIntakeService;
  publicSettings: PublicSettingsService;
  satisfaction: SatisfactionService;
}

export interface DemoPublicDeps extends DemoPublicServices {
  database: Database;
  clock: ManualClock;
}

/** How far a demo public report gets. */
type Outcome = 'received' | 'accepted' | 'in_progress' | { rated: SatisfactionRating; comment: string };

interface DemoPublicReport {
  daysAgo: number;
  categoryCode: (typeof DEMO_PUBLIC_CATEGORIES)[number];
  description: string;
  address: string;
  lon: number;
  lat: number;
  name?: string;
  phone?: string;
  positionPrivate?: boolean;
  outcome: Outcome;
  /** "我也遇到" from other passers-by. */
  plusOnes?: string[];
}

const REPORTS: readonly DemoPublicReport[] = [
  {
    daysAgo: 6,
    categoryCode: 'C01-01',
    description: '七一路与八一路交叉口东侧人行道井盖缺失，晚上很危险',
    address: '周口市川汇区七一路与八一路交叉口',
    lon: 114.6521,
    lat: 33.6234,
    name: '陈先生',
    phone: '13800001234',
    outcome: { rated: 'satisfied', comment: '第二天就换上了新井盖，谢谢！' },
  },
  {
    daysAgo: 5,
    categoryCode: 'E01-01',
    description: '交通路菜市场北门垃圾堆放多日无人清运，气味很大',
    address: '周口市川汇区交通路菜市场北门',
    lon: 114.6458,
    lat: 33.6172,
    outcome: { rated: 'dissatisfied', comment: '清走了一次，第二天又堆满了，希望能长期管起来' },
  },
  {
    daysAgo: 4,
    categoryCode: 'E03-01',
    description: '中州大道南段工地围挡破损，渣土车出入扬尘严重',
    address: '周口市川汇区中州大道南段',
    lon: 114.6603,
    lat: 33.6051,
    outcome: { rated: 'basically_satisfied', comment: '围挡修好了，洒水还不够勤' },
  },
  {
    daysAgo: 2,
    categoryCode: 'E05-01',
    description: '人民路小学门口早晚有流动摊贩占道经营，学生上下学不安全',
    address: '周口市川汇区人民路小学门口',
    lon: 114.6489,
    lat: 33.6288,
    outcome: 'in_progress',
    plusOnes: ['我每天接孩子都遇到，确实很挤', '晚上六点后最严重'],
  },
  {
    daysAgo: 1,
    categoryCode: 'E02-01',
    description: '莲花路公交站台广告牌上贴满小广告',
    address: '周口市川汇区莲花路公交站',
    lon: 114.6396,
    lat: 33.6317,
    outcome: 'accepted',
  },
  {
    daysAgo: 0,
    categoryCode: 'C02-01',
    description: '我家楼下小区出口的路面塌陷了一个坑，电动车容易摔倒',
    address: '周口市川汇区工农路某小区出口',
    lon: 114.6552,
    lat: 33.6139,
    name: '刘女士',
    phone: '13900005678',
    positionPrivate: true,
    outcome: 'received',
  },
];

/** 09:30 China time `daysAgo` days before `now`, or two hours before `now` for today. */
function morning(now: number, daysAgo: number): number {
  if (daysAgo === 0) return now - 2 * HOUR;
  const chinaMidnight = Math.floor((now + CHINA_UTC_OFFSET_MS) / DAY) * DAY - CHINA_UTC_OFFSET_MS;
  return chinaMidnight - daysAgo * DAY + 9.5 * HOUR;
}

/** Loads the demo's public side as of `now`. */
export async function loadDemoPublic(deps: DemoPublicDeps, opts: { now: Date }): Promise<{ reports: number }> {
  const { database, clock, cases, publicIntake, publicSettings, satisfaction } = deps;
  const db = database.db;
  const now = opts.now.getTime();
  const as = async (username: string): Promise<RequestContext> => {
    const row = await userRepository.byUsername(db, username);
    if (!row) throw new Error(`demo public: account ${username} is missing`);
    return { actor: await loadActor(database, row), requestId: 'demo', clientIp: null };
  };
  const [hq, handler, inspector] = [await as('hq'), await as('handler'), await as('inspector')];
  const cgj = await unitRepository.byCode(db, '411600-CGJ');
  if (!cgj) throw new Error('demo public: unit 411600-CGJ is missing');

  clock.set(new Date(morning(now, 14)));
  await publicSettings.update(hq, { categoryCodes: [...DEMO_PUBLIC_CATEGORIES], trackByNumber: true, publicMap: true });

  const photo = await demoPhoto();
  const anonymous: RequestContext = { actor: null, requestId: 'demo', clientIp: null };
  let device = 0;
  const write = async (fields: Record<string, string | undefined>, withPhoto: boolean) => {
    const c = await publicIntake.challenge();
    device += 1;
    return {
      fields: { ...fields, challenge: c.challenge, nonce: solvePow(c) },
      files: withPhoto ? [{ source: bytesSource(photo), filename: '现场照片.jpg', field: 'photo' }] : [],
      deviceId: `demo-device-${device}`,
    };
  };

  for (const r of REPORTS) {
    let t = morning(now, r.daysAgo);
    clock.set(new Date(t));
    const reply = await publicIntake.report(
      anonymous,
      await write(
        {
          categoryCode: r.categoryCode,
          description: r.description,
          address: r.address,
          lon: String(r.lon),
          lat: String(r.lat),
          reporterName: r.name,
          reporterPhone: r.phone,
          consent: r.name || r.phone ? 'true' : undefined,
          positionPrivate: r.positionPrivate ? 'true' : undefined,
          // The demo's own cases may lie near: these are reported as new problems.
          force: 'true',
        },
        true,
      ),
    );
    if (r.outcome === 'received') continue;
    const row = await db.selectFrom('cases').select(['id', 'version']).where('number', '=', reply.number).executeTakeFirstOrThrow();
    let version = row.version;
    const step = async (ctx: RequestContext, after: number, body: Omit<ActBody, 'version'>, evidence = false) => {
      t += after;
      clock.set(new Date(t));
      const res = await cases.act(
        ctx,
        row.id,
        { version, ...body },
        evidence ? [{ source: bytesSource(photo), filename: '整改照片.jpg', field: 'photos' }] : [],
      );
      version = res.version;
    };
    await step(hq, 35 * MIN, { action: 'accept' });
    if (r.outcome === 'accepted') continue;
    await step(hq, 25 * MIN, { action: 'dispatch', unitId: cgj.id });
    await step(handler, 90 * MIN, { action: 'acknowledge' });
    for (const [i, text] of (r.plusOnes ?? []).entries()) {
      clock.set(new Date(t + (i + 1) * 3 * HOUR));
      await publicIntake.plusOne(anonymous, reply.number, await write({ description: text }, false));
    }
    if (r.outcome === 'in_progress') continue;
    await step(handler, 20 * HOUR, { action: 'rectify', note: '已按要求整改完毕，现场照片附后' }, true);
    await step(inspector, 3 * HOUR, { action: 'verify_close', note: '现场核查已整改到位' }, true);
    t += 4 * HOUR;
    clock.set(new Date(t));
    await satisfaction.rate(
      anonymous,
      { number: reply.number },
      { token: reply.token },
      { rating: r.outcome.rated, comment: r.outcome.comment },
    );
  }
  // HQ and the unit have read their notices of these cases but the last days' (as in demo-cases.ts).
  await notificationRepository.markReadCreatedBefore(db, new Date(now - 3 * DAY).toISOString());
  clock.set(new Date(now));
  return { reports: REPORTS.length };
}
