import type { Database } from '../../db/database.js';
import { publicRepository } from '../../db/repositories/public.repository.js';
import { mergePublicSettings, readPublicSettings, type PublicSettings } from '../../domain/public/public-settings.js';
import { can } from '../../domain/policies/permissions.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { forbidden, invalid, unauthorized } from '../../core/errors.js';

/** How long a read of the settings is reused (ms): every public request reads them. */
const CACHE_MS = 2_000;

/**
 * HQ's settings of the public side (issue 15): read by every public request and by
 * Open311, changed by HQ (`case.configure`), audited. Reads are cached briefly per
 * instance; a change made here is seen at once on this instance and within
 * {@link CACHE_MS} on the others.
 */
export class PublicSettingsService {
  private cached: { at: number; value: PublicSettings } | null = null;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly policies: CasePolicyService,
  ) {}

  /** The current settings (no authorization: the public side reads them on every request). */
  async current(): Promise<PublicSettings> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.value;
    const value = readPublicSettings(await publicRepository.settings(this.database.db));
    this.cached = { at: now, value };
    return value;
  }

  /** The settings as HQ edits them. */
  async get(ctx: RequestContext): Promise<PublicSettings> {
    this.assert(ctx);
    this.cached = null;
    return this.current();
  }

  /** Changes some settings; the whole result is checked before anything is written. */
  async update(ctx: RequestContext, patch: Partial<PublicSettings>): Promise<PublicSettings> {
    const actor = this.assert(ctx);
    this.cached = null;
    const current = await this.current();
    const policy = await this.policies.policy();
    const merged = mergePublicSettings(current, patch, new Set(policy.categories.map((c) => c.code)));
    if (!merged.ok) throw invalid(merged.field, merged.message);
    const at = this.clock.now().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await publicRepository.saveSettings(trx, merged.settings, at, actor.userId);
      await this.audit.record(trx, ctx, { action: 'public.configure', targetType: 'public_settings', targetId: 1, summary: { ...patch } });
    });
    this.cached = null;
    return merged.settings;
  }

  private assert(ctx: RequestContext) {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, 'case.configure')) throw forbidden('only HQ configures public reporting');
    return ctx.actor;
  }
}
