import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { apiKeyRepository, type ApiKeyListRow, type ApiKeyRow } from '../../db/repositories/api-key.repository.js';
import { can, canAtRoot, type Actor } from '../../domain/policies/permissions.js';
import type { ApiKey, ApiKeyIssue, ApiKeyIssued, ApiKeyList } from '../../shared/contracts/public.contract.js';
import { API_KEY_SOURCES, type ApiKeySource } from '../../shared/public-enums.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { conflictSaid, forbidden, invalid, notFound, unauthorized } from '../../core/errors.js';

/** Every secret starts so (recognisable in a leaked config file or a secret scanner). */
export const API_KEY_PREFIX = 'dd311_';

/**
 * Longest key name. The audit log records an Open311 write's actor as "key:" + the key's
 * name in a 64-character column, so names stay within 60 (the contract allows 100).
 */
export const API_KEY_NAME_MAX = 60;

/** A usable key as Open311 sees it after checking a secret. */
export interface ActiveApiKey {
  id: number;
  name: string;
  source: ApiKeySource;
  ratePerMinute: number;
}

/** SHA-256 (hex) of a secret, as stored. */
export function apiKeyHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function present(r: ApiKeyListRow): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.key_prefix,
    source: r.source as ApiKeySource,
    ratePerMinute: r.rate_per_minute,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

/**
 * Integrators' API keys for Open311 (issue 15 point 7). HQ (`case.configure`) or the city's
 * system administrator (`user.write` at the root unit: issuing access for an outside system is
 * account administration) issues a key with a name, the case source its reports carry and a
 * rate limit, and may revoke it. The secret (192 random bits after {@link API_KEY_PREFIX}) is
 * returned once; only its SHA-256 is stored. Issue and revoke are audited.
 */
export class ApiKeyService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private assert(ctx: RequestContext): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, 'case.configure') && !canAtRoot(ctx.actor, 'user.write'))
      throw forbidden('only HQ or the system administrator manage API keys');
    return ctx.actor;
  }

  /** Every key, newest first (never a secret). */
  async list(ctx: RequestContext): Promise<ApiKeyList> {
    this.assert(ctx);
    return { items: (await apiKeyRepository.list(this.database.db)).map(present) };
  }

  /** Issues a key; the reply holds the secret, which is not stored and cannot be shown again. */
  async issue(ctx: RequestContext, input: ApiKeyIssue): Promise<ApiKeyIssued> {
    const actor = this.assert(ctx);
    const name = input.name.trim();
    if (!name) throw invalid('name', 'is required');
    if (name.length > API_KEY_NAME_MAX) throw invalid('name', `must be at most ${API_KEY_NAME_MAX} characters`);
    if (!(API_KEY_SOURCES as readonly string[]).includes(input.source))
      throw invalid('source', `must be one of ${API_KEY_SOURCES.join(', ')}`);
    if (!Number.isInteger(input.ratePerMinute) || input.ratePerMinute < 1 || input.ratePerMinute > 6000)
      throw invalid('ratePerMinute', 'must be an integer from 1 to 6000');
    const secret = API_KEY_PREFIX + randomBytes(24).toString('base64url');
    const at = this.clock.now().toISOString();
    const id = await this.database.db.transaction().execute(async (trx) => {
      if (await apiKeyRepository.byName(trx, name))
        throw conflictSaid('name', { zh: `已有名为“${name}”的密钥`, en: `a key named "${name}" already exists` });
      const id = await apiKeyRepository.insert(trx, {
        name,
        keyHash: apiKeyHash(secret),
        keyPrefix: secret.slice(0, 12),
        source: input.source,
        ratePerMinute: input.ratePerMinute,
        createdBy: actor.userId,
        at,
      });
      await this.audit.record(trx, ctx, {
        action: 'api_key.issue',
        targetType: 'api_key',
        targetId: id,
        summary: { name, source: input.source, ratePerMinute: input.ratePerMinute, prefix: secret.slice(0, 12) },
      });
      return id;
    });
    const [row] = await apiKeyRepository.list(this.database.db, id);
    return { key: present(row!), secret };
  }

  /** Revokes a key: from now on it is refused (403). Revoking a revoked key changes nothing. */
  async revoke(ctx: RequestContext, id: number): Promise<ApiKey> {
    const actor = this.assert(ctx);
    const at = this.clock.now().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      const row = await apiKeyRepository.byId(trx, id);
      if (!row) throw notFound('api key', id);
      if (await apiKeyRepository.revoke(trx, id, at, actor.userId)) {
        await this.audit.record(trx, ctx, { action: 'api_key.revoke', targetType: 'api_key', targetId: id, summary: { name: row.name } });
      }
    });
    const [row] = await apiKeyRepository.list(this.database.db, id);
    return present(row!);
  }

  /** The key a secret belongs to if it is valid and not revoked; null otherwise. No authorization (Open311 calls it). */
  async authenticate(secret: string | undefined): Promise<ActiveApiKey | null> {
    if (!secret || !secret.startsWith(API_KEY_PREFIX) || secret.length > 200) return null;
    // Looked up by hash: an equality on a hash of the secret leaks nothing about the secret by timing.
    const row: ApiKeyRow | undefined = await apiKeyRepository.byHash(this.database.db, apiKeyHash(secret));
    if (!row || row.revoked_at) return null;
    return { id: row.id, name: row.name, source: row.source as ApiKeySource, ratePerMinute: row.rate_per_minute };
  }

  /** Notes that a key was just used (shown to HQ as "last used"). */
  async touch(id: number): Promise<void> {
    await apiKeyRepository.touch(this.database.db, id, this.clock.now().toISOString());
  }
}
