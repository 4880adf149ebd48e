import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { userRepository } from '../db/repositories/user.repository.js';
import { chinaDay, chinaMidnight, shiftDay } from '../domain/calendar/work-calendar.js';
import type { AuditService } from '../services/audit/audit.service.js';
import { loadActor } from '../services/accounts/auth.service.js';
import type { CasePolicyService } from '../services/cases/case-policy.service.js';
import type { CaseService } from '../services/cases/case.service.js';
import { CampaignService } from '../services/evaluation/campaign.service.js';
import { CheckpointService } from '../services/evaluation/checkpoint.service.js';
import type { ManualClock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import { FrameworkService } from '../services/evaluation/framework.service.js';
import { InspectionService, type SubmitAnswer } from '../services/evaluation/inspection.service.js';
import { InspectionPlanService } from '../services/evaluation/inspection-plan.service.js';
import type { CaseState } from '../shared/case-enums.js';
import type { PointType } from '../shared/evaluation-enums.js';
import { demoPhoto } from './demo-case-handling.js';
import { DEMO_CITY_BBOX } from './demo-city.js';
import { InspectionCaseFlow } from './demo-evaluation-cases.js';
import { demoFrameworkNodes } from './demo-evaluation-framework.js';
import { AREAS, DEPARTMENT_OF, TYPE_WEIGHTS, clampToCity, pointName, type Area } from './demo-evaluation-points.js';
import { bell, chance, int, pick, seededRng, uniform, weighted, type Rng } from './demo-random.js';
import { notificationRepository } from '../db/repositories/notification.repository.js';
import { bytesSource } from '../storage/upload-source.js';

export { demoFrameworkNodes } from './demo-evaluation-framework.js';

/**
 * The demo city's evaluation data (issue 4): a published framework that is a
 * realistic subset of the national 测评体系, about 300 check points across the
 * eleven county-level units, and a few weeks of inspections by the `inspector`
 * account, so the results pages show real differences between districts.
 *
 * Everything goes through the real services (FrameworkService, CheckpointService,
 * InspectionService, and through it CaseService for failed standards) on a manual
 * clock that walks through the past weeks; the failed standards' cases are moved on
 * by HQ, the units and the inspector along the way (demo-evaluation-cases.ts).
 * Deterministic for a given seed and `now` (a seeded PRNG, never Math.random).
 */

/** What the loader needs: the case services on `clock`, which it moves, and the audit log. */
export interface DemoEvaluationDeps {
  database: Database;
  clock: ManualClock;
  audit: AuditService;
  cases: CaseService;
  casePolicy: CasePolicyService;
  cityBbox?: [number, number, number, number];
}

export interface DemoEvaluationOptions {
  /** The present: every inspection happens before it. */
  now: Date;
  seed?: number;
  /** Weeks of inspections (4 by default, at most 4 so everything stays within the demo's 28 days). */
  weeks?: number;
  /** Points sampled per weekly plan (60 by default; forced points may exceed it). */
  perWeek?: number;
  /** Upper bound on failed standards (each becomes a case); 30 by default. */
  maxFailures?: number;
}

export interface DemoEvaluationResult {
  frameworkId: number;
  standards: number;
  checkpoints: number;
  plans: number;
  inspections: number;
  failures: number;
  /** The failures' cases by state, once moved on. */
  caseStates: Partial<Record<CaseState, number>>;
}

export const DEMO_FRAMEWORK_NAME = '全国文明城市测评体系（演示子集）';
/** The demo's campaign, pinned to the demo framework. */
export const DEMO_CAMPAIGN_NAME = '2026年周口市创建全国文明城市';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------
// Randomness: the demo's seeded PRNG (src/demo/demo-random.ts), never Math.random.

/** A UUID (version 4 layout) drawn from the seeded PRNG, as a phone would make one. */
function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(rng() * 4)).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A small street-scene photo for failed standards, made once. */
async function failurePhoto(): Promise<Buffer> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120">' +
    '<rect width="160" height="120" fill="#cfd8dc"/><rect x="10" y="30" width="60" height="50" fill="#8d6e63"/>' +
    '<rect x="84" y="42" width="56" height="38" fill="#90a4ae"/><rect y="80" width="160" height="40" fill="#616161"/>' +
    '<circle cx="40" cy="98" r="7" fill="#43a047"/><circle cx="58" cy="100" r="5" fill="#fdd835"/></svg>';
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
}

// ---------------------------------------------------------------------------
// Loading

/**
 * Loads the demo evaluation data. Expects the demo units and accounts (`hq`,
 * `inspector`) to exist. Moves `deps.clock`; leaves it at `now`.
 */
export async function loadDemoEvaluation(deps: DemoEvaluationDeps, opts: DemoEvaluationOptions): Promise<DemoEvaluationResult> {
  const { database, clock, audit, cases, casePolicy } = deps;
  const db = database.db;
  const bbox = deps.cityBbox ?? DEMO_CITY_BBOX;
  const now = opts.now.getTime();
  const weeks = Math.max(1, Math.min(4, opts.weeks ?? 4));
  const perWeek = opts.perWeek ?? 60;
  const maxFailures = opts.maxFailures ?? 30;
  const seed = opts.seed ?? 20_260_404;
  const rng = seededRng(seed);
  const frameworks = new FrameworkService(database, clock, audit);
  const campaigns = new CampaignService(database, clock, audit);
  const checkpoints = new CheckpointService(database, clock, audit, bbox, campaigns);
  const inspections = new InspectionService(database, clock, audit, cases, casePolicy, campaigns);
  const inspectionPlans = new InspectionPlanService(database, clock, audit, checkpoints);
  await casePolicy.ensureDefaults();

  const units = new Map((await unitRepository.list(db)).map((u) => [u.code, u]));
  const unitId = (code: string) => {
    const u = units.get(code);
    if (!u) throw new Error(`demo evaluation: unit ${code} is missing; load the demo city first`);
    return u.id;
  };
  const contexts = new Map<string, RequestContext>();
  const as = async (username: string): Promise<RequestContext> => {
    let c = contexts.get(username);
    if (!c) {
      const row = await userRepository.byUsername(db, username);
      if (!row) throw new Error(`demo evaluation: account ${username} is missing; load the demo accounts first`);
      c = { actor: await loadActor(database, row), requestId: 'demo', clientIp: null };
      contexts.set(username, c);
    }
    return c;
  };
  const hq = await as('hq');
  const inspector = await as('inspector');

  const sqlite = database.dialect === 'sqlite';
  const durability = sqlite ? Number((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]?.synchronous ?? 2) : 0;
  if (sqlite) await sql`pragma synchronous = NORMAL`.execute(db);
  const start = now - (7 * weeks - 1) * DAY;
  try {
    // The framework: drafted and published five weeks ago.
    clock.set(new Date(start - 7 * DAY));
    const draft = await frameworks.create(hq, { name: DEMO_FRAMEWORK_NAME, nodes: demoFrameworkNodes() });
    clock.set(new Date(start - 7 * DAY + 2 * HOUR));
    const framework = await frameworks.publish(hq, draft.id);
    await campaigns.create(hq, { name: DEMO_CAMPAIGN_NAME, frameworkId: framework.id });
    const standards = framework.nodes.filter((n) => n.level === 'standard');
    const standardsOf = (type: string) => standards.filter((s) => (s.pointTypes ?? []).includes(type));

    // How well each district keeps up, drawn from the seed: the results differ between districts.
    const quality = new Map(AREAS.map((a) => [a.code, uniform(rng, 0.72, 0.96)]));

    // The registry: about 300 points near the seats.
    clock.set(new Date(start - 6 * DAY));
    const points: { id: number; area: Area; type: PointType; lon: number; lat: number; quality: number }[] = [];
    for (const area of AREAS) {
      for (let i = 0; i < area.points; i++) {
        const type = weighted(rng, TYPE_WEIGHTS);
        const road = pick(rng, area.roads);
        const other =
          pick(
            rng,
            area.roads.filter((r) => r.name !== road.name),
          ) ?? road;
        const [lon, lat] = clampToCity(bbox, area.lon + bell(rng) * area.spread, area.lat + bell(rng) * area.spread * 0.8);
        const department = area.central ? DEPARTMENT_OF[type] : undefined;
        const mustCheck = type === 'government_hall' || type === 'civilization_practice_center' || type === 'hospital' || chance(rng, 0.04);
        const view = await checkpoints.create(hq, {
          code: `JC-${area.code}-${String(i + 1).padStart(3, '0')}`,
          name: pointName(rng, type, area, road.name, other.name),
          type,
          address: `${area.prefix}${road.name}${int(rng, 1, 399)}号`,
          lon,
          lat,
          responsibleUnitId: unitId(department ?? area.code),
          areaUnitId: unitId(units.has(road.street) ? road.street : area.code),
          mustCheck,
          isNew: !mustCheck && chance(rng, 0.03),
        });
        points.push({ id: view.id, area, type, lon, lat, quality: Math.min(0.995, quality.get(area.code)! + bell(rng) * 0.06) });
      }
    }
    const pointById = new Map(points.map((p) => [p.id, p]));

    // Weekly plans and the inspector's rounds.
    const photo = await failurePhoto();
    // The cases of failed standards move on in time with the rounds, on a randomness of their own
    // (so the inspections are the same whatever becomes of the cases).
    const flow = new InspectionCaseFlow({
      database,
      clock,
      cases,
      as,
      units,
      photos: { before: photo, after: await demoPhoto() },
      now,
      rng: seededRng(seed + 1),
    });
    const inspectorId = inspector.actor!.userId;
    let inspectionCount = 0;
    let failures = 0;
    let plans = 0;
    for (let w = 0; w < weeks; w++) {
      const from = chinaDay(new Date(start + w * 7 * DAY));
      const to = shiftDay(from, 6);
      const monday = chinaMidnight(from).getTime();
      const planAt = Math.min(now - HOUR, monday + 8 * HOUR);
      await flow.runUntil(planAt);
      clock.set(new Date(planAt));
      const plan = await inspectionPlans.createPlan(hq, {
        name: `第${w + 1}周实地测评（${from}至${to}）`,
        periodFrom: from,
        periodTo: to,
        seed: int(rng, 0, 2 ** 31),
        targetCount: perWeek,
        frameworkId: framework.id,
        inspectorIds: [inspectorId],
      });
      plans += 1;
      // Visits spread over the week's first five days, office hours, in time order and all before now.
      const visits = plan.points
        .map((pp) => ({ pp, at: monday + int(rng, 0, 4) * DAY + 9 * HOUR + int(rng, 0, 8 * 60 - 20) * MIN }))
        .filter((v) => v.at < now - 10 * MIN)
        .sort((a, b) => a.at - b.at || a.pp.checkpointId - b.pp.checkpointId);
      for (const { pp, at } of visits) {
        const point = pointById.get(pp.checkpointId);
        if (!point) continue;
        const answers: SubmitAnswer[] = [];
        const failed: string[] = [];
        for (const s of standardsOf(point.type)) {
          const points = s.points ?? 0;
          if (chance(rng, 0.03)) answers.push({ standardCode: s.code, answer: 'na' });
          else if (s.passRule?.kind === 'scored') {
            const q = Math.max(0, Math.min(1, point.quality + bell(rng) * 0.15));
            const score = Math.round(points * q * 2) / 2;
            answers.push(
              score >= points
                ? { standardCode: s.code, answer: 'pass' }
                : { standardCode: s.code, answer: 'score', score, note: score < points / 2 ? '多处不符合要求，已现场指出' : null },
            );
          } else if (failures + failed.length < maxFailures && chance(rng, (1 - point.quality) * 0.22)) {
            answers.push({
              standardCode: s.code,
              answer: 'fail',
              note: pick(rng, ['现场检查不达标，已拍照取证', '问题较突出，需责任单位限期整改', '与上周相比仍未整改到位']),
            });
            failed.push(s.code);
          } else answers.push({ standardCode: s.code, answer: 'pass' });
        }
        if (answers.length === 0) continue;
        const near = chance(rng, 0.95);
        await flow.runUntil(at);
        clock.set(new Date(at));
        const submitted = await inspections.submit(
          inspector,
          {
            idempotencyKey: uuid(rng),
            pointId: point.id,
            recordedAt: new Date(at - int(rng, 3, 15) * MIN).toISOString(),
            position: near
              ? {
                  lon: Math.round((point.lon + uniform(rng, -2e-4, 2e-4)) * 1e6) / 1e6,
                  lat: Math.round((point.lat + uniform(rng, -2e-4, 2e-4)) * 1e6) / 1e6,
                  accuracy: int(rng, 5, 30),
                }
              : { lon: Math.round((point.lon + 0.01) * 1e6) / 1e6, lat: point.lat, accuracy: int(rng, 20, 80) },
            answers,
          },
          failed.map((code) => ({ source: bytesSource(photo), filename: `${code}.jpg`, field: `photos_${code}` })),
        );
        for (const a of submitted.inspection.answers) if (a.caseId !== null) flow.add(a.caseId, at);
        inspectionCount += 1;
        failures += failed.length;
      }
    }
    await flow.finish();

    // The accounts have been reading their messages: only the last days' are still unread.
    await notificationRepository.markReadCreatedBefore(db, new Date(now - 3 * DAY).toISOString());

    return {
      frameworkId: framework.id,
      standards: standards.length,
      checkpoints: points.length,
      plans,
      inspections: inspectionCount,
      failures,
      caseStates: await flow.states(),
    };
  } finally {
    if (sqlite) await sql.raw(`pragma synchronous = ${durability}`).execute(db);
    clock.set(new Date(now));
  }
}
