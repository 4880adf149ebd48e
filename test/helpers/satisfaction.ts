import type { RequestContext } from '../../src/core/context.js';
import type { Database } from '../../src/db/database.js';
import type { UnitRow } from '../../src/db/schema.js';
import type { Clock } from '../../src/core/clock.js';
import type { Services } from '../../src/services/index.js';
import { intakeActor } from '../../src/services/public/intake-actor.js';
import { newPublicToken } from '../../src/services/public/public-token.js';
import { contextFor, makeUser } from './factories.js';
import { photos } from './images.js';

/** The staff that take a public report to closed: HQ, the unit's handler, an inspector who verifies. */
export interface ClosingCrew {
  hq: RequestContext;
  handler: RequestContext;
  verifier: RequestContext;
  unit: UnitRow;
}

/** HQ and an inspector at `root`, a handler at `unit`. */
export async function closingCrew(database: Database, root: UnitRow, unit: UnitRow): Promise<ClosingCrew> {
  const u = async (at: UnitRow, role: 'hq_dispatcher' | 'inspector' | 'unit_handler') =>
    contextFor(database, (await makeUser(database, { unit: at, roles: [{ role, unit: at }] })).id);
  return { hq: await u(root, 'hq_dispatcher'), handler: await u(unit, 'unit_handler'), verifier: await u(root, 'inspector'), unit };
}

/**
 * A report from the public page (the intake actor) with its follow-up token, taken to closed
 * by `crew` unless `close` is false. The token is set directly: issuing it is the intake's job.
 */
export async function publicCase(
  database: Database,
  services: Services,
  clock: Clock,
  crew: ClosingCrew,
  opts: { close?: boolean; by?: RequestContext; description?: string } = {},
): Promise<{ id: number; number: string; token: string }> {
  const ctx: RequestContext = opts.by ?? { actor: await intakeActor(database, clock, { kind: 'public' }), requestId: 't', clientIp: null };
  const r = await services.cases.report(
    ctx,
    {
      source: 'citizen',
      categoryCode: 'E01-01',
      description: opts.description ?? '垃圾没人收',
      lon: 114.65,
      lat: 33.62,
      address: '七一路',
    },
    await photos(1),
  );
  const { token, hash } = newPublicToken();
  await database.db.updateTable('cases').set({ public_token_hash: hash }).where('id', '=', r.id).execute();
  if (opts.close !== false) {
    const act = async (who: RequestContext, body: Record<string, unknown>, files = 0) => {
      const c = await services.caseQuery.get(crew.hq, r.id);
      await services.cases.act(who, r.id, { version: c.version, ...body } as never, files ? await photos(files) : []);
    };
    await act(crew.hq, { action: 'accept' });
    await act(crew.hq, { action: 'dispatch', unitId: crew.unit.id });
    await act(crew.handler, { action: 'acknowledge' });
    await act(crew.handler, { action: 'rectify', note: '已清运' }, 1);
    await act(crew.verifier, { action: 'verify_close' }, 1);
  }
  return { ...r, token };
}
