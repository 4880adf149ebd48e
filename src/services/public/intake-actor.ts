import type { Database } from '../../db/database.js';
import { publicRepository } from '../../db/repositories/public.repository.js';
import type { Actor } from '../../domain/policies/permissions.js';
import type { Clock } from '../../core/clock.js';

/** Who sent a report from outside: the public page, or an integrator's API key. */
export type IntakeChannel = { kind: 'public' } | { kind: 'api_key'; keyId: number; keyName: string };

/**
 * The actor a report from outside is recorded under. Anonymous reports need a reporter
 * for the case service's rules and the audit log, so each channel has a system account
 * (inactive, no usable password: nobody can log in as it) holding the citizen role at
 * the city's root. An API key's account is named after the key, so the audit names it.
 */
export async function intakeActor(database: Database, clock: Clock, channel: IntakeChannel): Promise<Actor> {
  const root = await publicRepository.rootUnit(database.db);
  if (!root) throw new Error('the city has no units yet');
  const [username, displayName] =
    channel.kind === 'public' ? ['public-intake', '市民（网页上报）'] : [`api-key-${channel.keyId}`, `接口：${channel.keyName}`];
  const userId = await publicRepository.systemUser(database.db, username, displayName, root.id, clock.now().toISOString());
  // The audit log records the actor's username: for a key that is the key's name (names are
  // unique and at most 60 characters, so "key:" + name fits the log's 64), not an id to look up.
  const actorName = channel.kind === 'public' ? username : `key:${channel.keyName}`.slice(0, 64);
  return { userId, username: actorName, displayName, grants: [{ role: 'citizen', unitId: root.id, unitPath: root.path }] };
}
