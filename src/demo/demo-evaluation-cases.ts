import type { Database } from '../db/database.js';
import { caseRepository } from '../db/repositories/case.repository.js';
import type { CaseState } from '../shared/case-enums.js';
import type { CaseService } from '../services/cases/case.service.js';
import type { ActBody } from '../shared/contracts/cases.contract.js';
import type { ManualClock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import type { Upload } from '../services/files/file.service.js';
import { DAY, HOUR, MIN, UNIT_HANDLERS, officeHours } from './demo-case-handling.js';
import { CATEGORY_TEXTS, REOPEN_REASONS, VERIFY_NOTES } from './demo-case-texts.js';
import { chance, pick, uniform, weighted, type Rng } from './demo-random.js';
import { bytesSource } from '../storage/upload-source.js';

/**
 * The cases the demo's inspections raise for failed standards, moved on the way the
 * demo cases are (demo-cases.ts): HQ (`hq`) accepts and dispatches most within a day
 * to the unit the case policy suggests, the unit's demo handler acknowledges and
 * rectifies (with before and after photos), and `inspector` verifies and closes
 * (with a photo). A share stays open at each stage, some past their deadline; cases
 * of the last two days are still reported or only accepted.
 *
 * The steps are played in time order on the loader's clock, interleaved with the
 * inspections by {@link InspectionCaseFlow.runUntil}, so the clock never goes back.
 */

type Action = 'accept' | 'dispatch' | 'acknowledge' | 'rectify' | 'verify_close' | 'verify_reopen';

interface Step {
  action: Action;
  /** rectify: after the deadline. */
  late?: boolean;
}

const s = (action: Action, extra: Omit<Step, 'action'> = {}): Step => ({ action, ...extra });
const WORKED = [s('accept'), s('dispatch'), s('acknowledge')];

/** What becomes of a case older than {@link RECENT_DAYS}, and how often. */
const FATES: readonly (readonly [() => Step[], number])[] = [
  [() => [...WORKED, s('rectify'), s('verify_close')], 57],
  [() => [...WORKED, s('rectify', { late: true }), s('verify_close')], 10],
  [() => [...WORKED, s('rectify'), s('verify_reopen'), s('acknowledge'), s('rectify'), s('verify_close')], 5],
  // Still open: awaiting verification, at work, not yet acknowledged.
  [() => [...WORKED, s('rectify')], 9],
  [() => [...WORKED], 12],
  [() => [s('accept'), s('dispatch')], 7],
];

/** Cases younger than this are still reported or only accepted. */
const RECENT_DAYS = 2;

/** What units write when they rectify a failed standard, when the category has no texts of its own. */
const FIXES = ['已对照测评标准完成整改，现场已恢复整洁规范', '已落实专人管护，问题已整改到位', '已组织人员现场整改，建立长效管理台账'];

const DISPATCH_NOTE = '实地测评发现不达标问题，请按时限整改并上传整改前后照片';

interface Agent {
  caseId: number;
  /** Known once dispatched. */
  categoryCode: string | null;
  steps: Step[];
  /** Index of the next step. */
  next: number;
  /** When the next step happens; null when the case is done for the demo. */
  at: number | null;
  version: number;
  unitCode: string | null;
  deadline: number | null;
  dispatchedAt: number | null;
}

export interface InspectionCaseDeps {
  database: Database;
  clock: ManualClock;
  cases: CaseService;
  /** The loader's own contexts by username (`hq`, `inspector`, unit handlers). */
  as: (username: string) => Promise<RequestContext>;
  /** The demo units by code. */
  units: ReadonlyMap<string, { id: number }>;
  /** The problem as the inspector photographed it, and the place once put right. */
  photos: { before: Buffer; after: Buffer };
  /** The present: every step happens before it. */
  now: number;
  rng: Rng;
}

/** Moves the inspection cases on; add each case as it is reported, then run the clock forward. */
export class InspectionCaseFlow {
  private readonly agents: Agent[] = [];
  private readonly limit: number;
  private readonly unitCodes: ReadonlyMap<number, string>;

  constructor(private readonly deps: InspectionCaseDeps) {
    this.limit = deps.now - 2 * MIN;
    this.unitCodes = new Map([...deps.units].map(([code, u]) => [u.id, code]));
  }

  /** A case reported at `reportedAt`: the clock's time when its inspection was submitted. */
  add(caseId: number, reportedAt: number): void {
    const { rng, now } = this.deps;
    const recent = now - reportedAt < RECENT_DAYS * DAY;
    const steps = recent ? (chance(rng, 0.5) ? [s('accept')] : []) : weighted(rng, FATES)();
    const agent: Agent = {
      caseId,
      categoryCode: null,
      steps,
      next: 0,
      at: null,
      version: 1,
      unitCode: null,
      deadline: null,
      dispatchedAt: null,
    };
    agent.at = this.schedule(agent, reportedAt);
    this.agents.push(agent);
  }

  /** Performs every step due before `t`, in time order, moving the clock to each. */
  async runUntil(t: number): Promise<void> {
    for (;;) {
      let a: Agent | undefined;
      for (const x of this.agents) if (x.at !== null && x.at < t && (a === undefined || x.at < a.at!)) a = x;
      if (!a) return;
      this.deps.clock.set(new Date(a.at!));
      await this.perform(a);
    }
  }

  /** Performs every step left before now. */
  async finish(): Promise<void> {
    await this.runUntil(this.limit);
  }

  /** The cases' states now, by state. */
  async states(): Promise<Partial<Record<CaseState, number>>> {
    const out: Partial<Record<CaseState, number>> = {};
    for (const a of this.agents) {
      const row = (await caseRepository.byId(this.deps.database.db, a.caseId))!;
      const state = row.state as CaseState;
      out[state] = (out[state] ?? 0) + 1;
    }
    return out;
  }

  /** When the agent's next step happens, from the step just done at `t`; null past the present. */
  private schedule(a: Agent, t: number): number | null {
    const step = a.steps[a.next];
    if (!step) return null;
    const { rng } = this.deps;
    const d = a.deadline;
    const tight = d !== null && a.dispatchedAt !== null && d - a.dispatchedAt <= 30 * HOUR;
    let at: number;
    switch (step.action) {
      case 'accept':
        at = officeHours(rng, t + uniform(rng, 20, 180) * MIN, 8, 21);
        break;
      case 'dispatch':
        at = officeHours(rng, t + uniform(rng, 5, 90) * MIN, 8, 21);
        break;
      case 'acknowledge':
        at = tight ? t + uniform(rng, 5, 25) * MIN : officeHours(rng, t + uniform(rng, 20, 300) * MIN);
        break;
      case 'rectify':
        if (d === null) {
          at = officeHours(rng, t + uniform(rng, 2, 30) * HOUR);
        } else if (step.late) {
          at = officeHours(rng, Math.max(d, t) + uniform(rng, 2, 40) * HOUR);
        } else {
          const latest = d - 30 * MIN;
          at = t + Math.max(10 * MIN, (latest - t) * uniform(rng, 0.15, 0.8));
          if (!tight) {
            const office = officeHours(rng, at);
            if (office <= latest) at = office;
          }
        }
        break;
      default:
        // verify_close, verify_reopen: the inspector comes back on a later round.
        at = officeHours(rng, t + (tight ? uniform(rng, 20, 120) * MIN : uniform(rng, 3, 40) * HOUR));
    }
    return at < this.limit ? at : null;
  }

  /** Performs the agent's next step at the clock's time. */
  private async perform(a: Agent): Promise<void> {
    const { database, clock, cases, as, rng, photos } = this.deps;
    const step = a.steps[a.next]!;
    const t = clock.now().getTime();
    // The category's own texts, else those of its first finer category.
    const texts = CATEGORY_TEXTS.find((c) => c.code === a.categoryCode) ?? CATEGORY_TEXTS.find((c) => c.code === `${a.categoryCode}-01`);
    const upload = (bytes: Buffer, field: string, name: string): Upload => ({ source: bytesSource(bytes), filename: `${name}.jpg`, field });
    let actor = 'hq';
    let input: ActBody = { action: step.action, version: a.version };
    let files: Upload[] = [];
    switch (step.action) {
      case 'dispatch': {
        // The unit the case policy suggests for the category and place (as HQ's dispatch form does).
        const suggestion = await cases.suggestDispatch(await as('hq'), a.caseId);
        const unitId = suggestion.unitId ?? this.deps.units.get('411600-CGJ')!.id;
        a.unitCode = this.unitCodes.get(unitId) ?? null;
        input = { ...input, unitId, note: DISPATCH_NOTE };
        break;
      }
      case 'acknowledge':
      case 'rectify': {
        const handler = a.unitCode ? UNIT_HANDLERS[a.unitCode]?.[0] : undefined;
        // A unit without a demo account cannot act: its cases wait at dispatch.
        if (!handler) {
          a.at = null;
          return;
        }
        actor = handler;
        if (step.action === 'rectify') {
          input = { ...input, note: pick(rng, texts?.fixes ?? FIXES) };
          files = [upload(photos.before, 'before', '整改前'), upload(photos.after, 'photos', '整改后')];
        }
        break;
      }
      case 'verify_close':
        actor = 'inspector';
        input = { ...input, note: pick(rng, VERIFY_NOTES) };
        files = [upload(photos.after, 'photos', '复查')];
        break;
      case 'verify_reopen':
        actor = 'inspector';
        input = { ...input, reason: pick(rng, [...(texts?.reopen ?? []), ...REOPEN_REASONS]) };
        files = [upload(photos.before, 'photos', '复查')];
        break;
      default:
        break;
    }
    try {
      a.version = (await cases.act(await as(actor), a.caseId, input, files)).version;
    } catch (e) {
      throw new Error(
        `demo evaluation: ${input.action} on case ${a.caseId} as ${actor} at ${new Date(t).toISOString()} failed: ${(e as Error).message}`,
        { cause: e },
      );
    }
    if (step.action === 'dispatch' || step.action === 'verify_reopen') {
      const row = (await caseRepository.byId(database.db, a.caseId))!;
      a.deadline = row.deadline ? Date.parse(row.deadline) : null;
      a.dispatchedAt = row.dispatched_at ? Date.parse(row.dispatched_at) : null;
      a.categoryCode = row.category_code;
    }
    a.next += 1;
    a.at = this.schedule(a, t);
  }
}
