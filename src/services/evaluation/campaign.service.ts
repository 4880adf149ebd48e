import type { Database, Executor } from '../../db/database.js';
import { campaignRepository, type CampaignRow } from '../../db/repositories/campaign.repository.js';
import { frameworkRepository } from '../../db/repositories/framework.repository.js';
import {
  applySettingsPatch,
  checkEvaluationSettings,
  settingsFromStored,
  type EvaluationSettings,
} from '../../domain/evaluation/campaign-settings.js';
import { pinVersion } from '../../domain/evaluation/framework-versions.js';
import { checkLadder, DEFAULT_LADDER, ladderNotConfigured, type Ladder, type LadderProblem } from '../../domain/letters/ladder.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { can, ROLE_PERMISSIONS, type Actor } from '../../domain/policies/permissions.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import type { Role } from '../../shared/enums.js';
import type { CampaignCreate, CampaignPatch, CampaignView } from '../../shared/contracts/campaigns.contract.js';
import type { FrameworkStatus } from '../../shared/evaluation-enums.js';
import type { Permission } from '../../shared/enums.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import { loadFramework, ruleError } from './framework.service.js';

/** Stored settings JSON: evaluation keys at the top; other sections (the ladder) kept as they are. */
function storedJson(row: CampaignRow | undefined): Record<string, unknown> {
  if (!row) return {};
  try {
    const v = JSON.parse(row.settings) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    // A hand-edited row must not take the evaluation pages down; defaults apply.
    return {};
  }
}

/**
 * Campaigns (创建活动): each pins one published framework version and carries the
 * settings HQ tunes — the weak-point rule, the position limit, the weights of the
 * simulated index and of the annual and cycle schemes. The newest campaign is the
 * current one; its settings apply wherever a request names no campaign.
 */
export class CampaignService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    /** The ladder in force where no campaign configures one: the product's, whose issuers are blank, unless configured (the demo's). */
    private readonly defaultLadder: Ladder = DEFAULT_LADDER,
  ) {}

  private actorWith(ctx: RequestContext, permission: Permission): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, permission)) throw forbidden();
    return ctx.actor;
  }

  private view(row: CampaignRow, currentId: number | undefined): CampaignView {
    return {
      id: row.id,
      name: row.name,
      frameworkId: row.framework_id,
      settings: settingsFromStored(storedJson(row)),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      current: row.id === currentId,
    };
  }

  private async row(db: Executor, id: number): Promise<CampaignRow> {
    const row = await campaignRepository.byId(db, id);
    if (!row) throw notFound('campaign', id);
    return row;
  }

  /** Item codes of a pinned version, to check item weights against. */
  private async itemCodes(db: Executor, frameworkId: number | null): Promise<string[] | undefined> {
    if (frameworkId === null) return undefined;
    const fw = await loadFramework(db, frameworkId);
    return (fw.children.get(null) ?? []).map((n) => n.code);
  }

  private async checked(db: Executor, settings: EvaluationSettings, frameworkId: number | null): Promise<void> {
    const problems = checkEvaluationSettings(settings, await this.itemCodes(db, frameworkId));
    if (problems.length > 0) {
      const first = problems[0]!;
      throw invalid(`settings.${first.field}`, first.message, { problems: problems.map((p) => ({ ...p, field: `settings.${p.field}` })) });
    }
  }

  /** Pinning as the domain allows it (published only; no switch once inspected). */
  private async pinnable(db: Executor, campaign: { frameworkId: number | null; since: string }, frameworkId: number): Promise<void> {
    const fw = await frameworkRepository.byId(db, frameworkId);
    if (!fw) throw invalid('frameworkId', `framework ${frameworkId} not found`);
    const inspectionCount =
      campaign.frameworkId === null ? 0 : await campaignRepository.inspectionCount(db, campaign.frameworkId, campaign.since);
    try {
      pinVersion({ frameworkVersionId: campaign.frameworkId, inspectionCount }, { id: fw.id, status: fw.status as FrameworkStatus });
    } catch (e) {
      ruleError(e);
    }
  }

  /** All campaigns, newest first. */
  async list(ctx: RequestContext): Promise<CampaignView[]> {
    this.actorWith(ctx, 'evaluation.read');
    const rows = await campaignRepository.list(this.database.db);
    return rows.map((r) => this.view(r, rows[0]?.id));
  }

  async get(ctx: RequestContext, id: number): Promise<CampaignView> {
    this.actorWith(ctx, 'evaluation.read');
    const db = this.database.db;
    const [row, current] = [await this.row(db, id), await campaignRepository.current(db)];
    return this.view(row, current?.id);
  }

  /** Creates a campaign pinned to a published version, with settings (defaults for what is not given). */
  async create(ctx: RequestContext, input: CampaignCreate): Promise<CampaignView> {
    this.actorWith(ctx, 'evaluation.manage');
    const name = input.name?.trim() ?? '';
    if (!name) throw invalid('name', 'is required');
    if (name.length > 200) throw invalid('name', 'must be at most 200 characters');
    const db = this.database.db;
    const now = this.clock.now().toISOString();
    await this.pinnable(db, { frameworkId: null, since: now }, input.frameworkId);
    const settings = applySettingsPatch(settingsFromStored({}), input.settings ?? {});
    await this.checked(db, settings, input.frameworkId);
    const id = await db.transaction().execute(async (trx) => {
      const id = await campaignRepository.insert(trx, {
        name,
        framework_id: input.frameworkId,
        settings: JSON.stringify(settings),
        created_at: now,
      });
      await this.audit.record(trx, ctx, {
        action: 'campaign.create',
        targetType: 'campaign',
        targetId: id,
        summary: { name, pinned: input.frameworkId },
      });
      return id;
    });
    return this.get(ctx, id);
  }

  /**
   * Renames, re-pins or changes settings. Settings are patched (a rule field at a
   * time) and the whole result is checked before anything is written. Re-pinning is
   * refused once the campaign has inspections against its version.
   */
  async update(ctx: RequestContext, id: number, patch: CampaignPatch): Promise<CampaignView> {
    this.actorWith(ctx, 'evaluation.manage');
    const db = this.database.db;
    const row = await this.row(db, id);
    const name = patch.name === undefined ? row.name : patch.name.trim();
    if (!name) throw invalid('name', 'must not be empty');
    if (name.length > 200) throw invalid('name', 'must be at most 200 characters');
    const frameworkId = patch.frameworkId ?? row.framework_id;
    if (patch.frameworkId !== undefined)
      await this.pinnable(db, { frameworkId: row.framework_id, since: row.created_at }, patch.frameworkId);
    const stored = storedJson(row);
    const settings = applySettingsPatch(settingsFromStored(stored), patch.settings ?? {});
    // Item weights name the items of one version; a re-pin must bring matching weights.
    await this.checked(db, settings, frameworkId);
    const now = this.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await campaignRepository.update(trx, id, {
        name,
        framework_id: frameworkId,
        settings: JSON.stringify({ ...stored, ...settings }),
        updated_at: now,
      });
      await this.audit.record(trx, ctx, {
        action: 'campaign.update',
        targetType: 'campaign',
        targetId: id,
        summary: {
          ...(patch.name !== undefined ? { name } : {}),
          ...(patch.frameworkId !== undefined ? { pinned: frameworkId } : {}),
          ...(patch.settings ? { settings: patch.settings } : {}),
        },
      });
    });
    return this.get(ctx, id);
  }

  /**
   * The evaluation settings in force: those of the named campaign, else of the
   * current one, else the defaults (a city that has not set up a campaign yet).
   */
  async evaluationSettings(db: Executor, campaignId?: number): Promise<EvaluationSettings> {
    const row = campaignId === undefined ? await campaignRepository.current(db) : await campaignRepository.byId(db, campaignId);
    if (campaignId !== undefined && !row)
      throw new AppError(404, 'not_found', `campaign ${campaignId} not found`, { resource: 'campaign', id: campaignId });
    return settingsFromStored(storedJson(row));
  }

  /**
   * The escalation ladder letters are issued under: the named (else current) campaign's,
   * or the default ladder when none has been configured. A 422 `ladder_not_configured`
   * naming every missing field (the issuers' names and 机关代字…) when that is the
   * product's default, whose issuers are blank: no letter is drafted, issued or swept
   * under a ladder without an issuer.
   */
  async ladder(db: Executor, campaignId?: number): Promise<Ladder> {
    const ladder = await this.ladderInForce(db, campaignId);
    const missing = ladderNotConfigured(ladder);
    if (missing) throw new AppError(422, 'ladder_not_configured', missing.message, { field: 'ladder', problems: missing.problems });
    return ladder;
  }

  /** The ladder in force, configured or not: what HQ sees and edits. */
  private async ladderInForce(db: Executor, campaignId?: number): Promise<Ladder> {
    const row = campaignId === undefined ? await campaignRepository.current(db) : await campaignRepository.byId(db, campaignId);
    const stored = storedJson(row).ladder as Ladder | undefined;
    return stored && Array.isArray(stored.rungs) && checkLadder(stored).length === 0 ? stored : this.defaultLadder;
  }

  /** The ladder of a campaign as configured (or the default it starts from, blanks and all, for HQ to fill in). */
  async getLadder(ctx: RequestContext, id: number): Promise<Ladder> {
    this.actorWith(ctx, 'letter.read');
    await this.row(this.database.db, id);
    return this.ladderInForce(this.database.db, id);
  }

  /**
   * Replaces a campaign's ladder. Checked whole by the domain (every problem named by
   * its path, e.g. `ladder.rungs[1].recipient`); a named office must be a real unit.
   */
  async setLadder(ctx: RequestContext, id: number, sent: Ladder): Promise<Ladder> {
    let ladder = sent;
    this.actorWith(ctx, 'letter.manage');
    const db = this.database.db;
    const row = await this.row(db, id);
    const problems = checkLadder(ladder);
    if (problems.length > 0) {
      const first = problems[0]!;
      throw invalid(`ladder.${first.field}`, first.message, { problems: problems.map((p) => ({ ...p, field: `ladder.${p.field}` })) });
    }
    const offices = ladder.rungs.flatMap((r, i) => (r.recipient.kind === 'office' ? [{ i, code: r.recipient.unitCode }] : []));
    const found = new Set(
      (
        await unitRepository.byCodes(
          db,
          offices.map((o) => o.code),
        )
      ).map((u) => u.code),
    );
    const unknown: LadderProblem[] = offices
      .filter((o) => !found.has(o.code))
      .map((o) => ({
        field: `ladder.rungs[${o.i}].recipient.unitCode`,
        code: 'office_not_found',
        params: { code: o.code },
        message: `unit ${o.code} not found`,
      }));
    if (unknown.length > 0) throw invalid(unknown[0]!.field, unknown[0]!.message, { problems: unknown });
    ladder = await withApprovers(db, ladder);
    const now = this.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await campaignRepository.update(trx, id, { settings: JSON.stringify({ ...storedJson(row), ladder }), updated_at: now });
      await this.audit.record(trx, ctx, {
        action: 'campaign.update',
        targetType: 'campaign',
        targetId: id,
        summary: { ladder: ladder.rungs.map((r) => `${r.level}:${r.type}`) },
      });
    });
    return this.ladderInForce(db, id);
  }

  /** The current campaign (newest), if any — its pinned version is the default framework of results. */
  async current(db: Executor): Promise<{ id: number; name: string; frameworkId: number | null } | null> {
    const row = await campaignRepository.current(db);
    return row ? { id: row.id, name: row.name, frameworkId: row.framework_id } : null;
  }
}

/**
 * The ladder with each named approver checked and the name stored beside it: the
 * username must be an active, unlocked account holding `letter.approve` (422 naming the
 * rung's field otherwise), and `approverName` is the server's, whatever the client sent.
 */
async function withApprovers(db: Executor, ladder: Ladder): Promise<Ladder> {
  const named = ladder.rungs.flatMap((r) => (r.approval?.approver ? [r.approval.approver] : []));
  const users = new Map((named.length ? await userRepository.byUsernames(db, named) : []).map((u) => [u.username, u]));
  const grants = await userRepository.grantsOf(
    db,
    [...users.values()].map((u) => u.id),
  );
  const rungs = ladder.rungs.map((r, i) => {
    if (!r.approval) return r;
    const { approverName: _ignored, ...approval } = r.approval;
    if (approval.approver === undefined) return { ...r, approval };
    const user = users.get(approval.approver);
    const field = `ladder.rungs[${i}].approval.approver`;
    if (!user || user.is_active !== 1 || user.locked_at !== null)
      throw invalidSaid(field, { zh: `审批人“${approval.approver}”不是在用的账号`, en: `no active account ${approval.approver}` });
    if (!grants.some((g) => g.user_id === user.id && (ROLE_PERMISSIONS[g.role as Role] ?? []).includes('letter.approve')))
      throw invalidSaid(field, {
        zh: `${user.display_name}（${user.username}）不是领导，只有有审批函件权限的领导才能审批`,
        en: `${user.display_name} (${user.username}) is no leader: only holders of letter.approve approve letters`,
      });
    return { ...r, approval: { ...approval, approverName: user.display_name } };
  });
  return { ...ladder, rungs };
}
