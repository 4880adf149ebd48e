import sharp from 'sharp';
import { Client, type Reply } from './client.js';
import type { Rng } from './rng.js';

/** A write the server acknowledged (2xx), to look for after a crash. */
export type Ack =
  | { kind: 'report'; caseId: number; number: string }
  | { kind: 'action'; caseId: number; version: number }
  | { kind: 'letter_draft'; letterId: number }
  | { kind: 'letter_issue'; letterId: number; number: string };

/** What a set of writers did: acknowledged writes, refusals (4xx) and failures (no answer, 5xx). */
export interface WriteStats {
  acks: Ack[];
  refused: number;
  failed: number;
  failures: string[];
  refusals: string[];
}

/** The unit letters go to: 市城市管理局 of the demo city (cases are assigned to it). */
export const LETTER_UNIT_CODE = '411600-CGJ';

let photoCache: Buffer[] | null = null;
/** Small real JPEGs (two colours), made once. */
async function photos(): Promise<Buffer[]> {
  photoCache ??= await Promise.all(
    ['#3366aa', '#aa6633'].map((c) =>
      sharp({ create: { width: 64, height: 48, channels: 3, background: c } })
        .jpeg()
        .toBuffer(),
    ),
  );
  return photoCache;
}

/** The context writers need from the server: ids of the letter unit and cases assigned to it. */
export interface WriteContext {
  letterUnitId: number;
  letterCaseIds: number[];
}

/** Looks up the letter unit and its cases as HQ. */
export async function writeContext(hq: Client): Promise<WriteContext> {
  const units = (await hq.call('GET', '/api/units')).json as { items: { id: number; code: string }[] };
  const unit = units.items.find((u) => u.code === LETTER_UNIT_CODE);
  if (!unit) throw new Error(`unit ${LETTER_UNIT_CODE} not found`);
  const cases = (await hq.call('GET', `/api/cases?unitId=${unit.id}&pageSize=100`)).json as { items: { id: number }[] };
  return { letterUnitId: unit.id, letterCaseIds: cases.items.map((c) => c.id) };
}

/**
 * Concurrent writers as HQ: case reports with one or two photos (multipart), `accept`
 * on the writer's own reports, hand-drafted letters (type 测试函) drafted and issued.
 * Runs until `stop()`; every 2xx is recorded in `stats.acks`.
 */
export function startWriters(hq: Client, ctx: WriteContext, rng: Rng, concurrency: number): { stats: WriteStats; stop(): Promise<void> } {
  const stats: WriteStats = { acks: [], refused: 0, failed: 0, failures: [], refusals: [] };
  let running = true;
  const note = (what: string, r: Reply) => {
    if (r.status >= 200 && r.status < 300) return true;
    if (r.status >= 400 && r.status < 500) {
      stats.refused += 1;
      if (stats.refusals.length < 10) stats.refusals.push(`${what}: ${r.status} ${r.text.slice(0, 200)}`);
    } else {
      stats.failed += 1;
      if (stats.failures.length < 20) stats.failures.push(`${what}: ${r.status} ${r.text.slice(0, 200)}`);
    }
    return false;
  };
  const worker = async (w: number) => {
    const mine: { id: number; version: number }[] = [];
    const imgs = await photos();
    while (running) {
      const p = rng.next();
      if (p < 0.55 || mine.length === 0) {
        const form = new FormData();
        const command = {
          source: 'inspection',
          categoryCode: 'E01-01',
          description: `可靠性测试上报 w${w} ${rng.int(1e9)}`,
          address: '周口市川汇区人民路1号',
          lon: 114.65,
          lat: 33.62,
        };
        form.append('command', JSON.stringify(command));
        for (let i = 0; i <= rng.int(2); i++)
          form.append('photos', new Blob([new Uint8Array(imgs[i % imgs.length]!)], { type: 'image/jpeg' }), `p${i}.jpg`);
        const r = await hq.call('POST', '/api/cases', { form });
        if (note('report', r)) {
          const b = r.json as { id: number; number: string };
          stats.acks.push({ kind: 'report', caseId: b.id, number: b.number });
          mine.push({ id: b.id, version: 1 });
        }
      } else if (p < 0.8) {
        const c = mine.splice(rng.int(mine.length), 1)[0]!;
        if (c.version !== 1) continue;
        const r = await hq.call('POST', `/api/cases/${c.id}/actions`, { json: { action: 'accept', version: c.version } });
        if (note('accept', r)) stats.acks.push({ kind: 'action', caseId: c.id, version: (r.json as { version: number }).version });
      } else if (ctx.letterCaseIds.length) {
        const caseId = ctx.letterCaseIds[rng.int(ctx.letterCaseIds.length)]!;
        const d = await hq.call('POST', '/api/letters', {
          json: { unitId: ctx.letterUnitId, type: '测试函', caseIds: [caseId], title: `可靠性测试函 w${w}` },
        });
        if (!note('letter draft', d)) continue;
        const draft = d.json as { id: number; version: number };
        stats.acks.push({ kind: 'letter_draft', letterId: draft.id });
        const i = await hq.call('POST', `/api/letters/${draft.id}/issue`, { json: { version: draft.version } });
        if (note('letter issue', i))
          stats.acks.push({ kind: 'letter_issue', letterId: draft.id, number: (i.json as { number: string }).number });
      }
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return {
    stats,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** Acknowledged writes not found (or found changed back) on the server, with samples. */
export async function missingAcks(hq: Client, acks: Ack[]): Promise<{ lost: number; samples: string[] }> {
  let lost = 0;
  const samples: string[] = [];
  const miss = (a: Ack, why: string) => {
    lost += 1;
    if (samples.length < 10) samples.push(`${JSON.stringify(a)}: ${why}`);
  };
  const cases = new Map<number, { status: number; number?: string; version?: number }>();
  const caseOf = async (id: number) => {
    if (!cases.has(id)) {
      const r = await hq.call('GET', `/api/cases/${id}`);
      const b = r.json as { number?: string; version?: number } | undefined;
      cases.set(id, { status: r.status, number: b?.number, version: b?.version });
    }
    return cases.get(id)!;
  };
  for (const a of acks) {
    if (a.kind === 'report') {
      const c = await caseOf(a.caseId);
      if (c.status !== 200) miss(a, `GET case → ${c.status}`);
      else if (c.number !== a.number) miss(a, `number is ${c.number}`);
    } else if (a.kind === 'action') {
      const c = await caseOf(a.caseId);
      if (c.status !== 200 || (c.version ?? 0) < a.version) miss(a, `GET case → ${c.status}, version ${c.version}`);
    } else {
      const r = await hq.call('GET', `/api/letters/${a.letterId}`);
      const b = r.json as { status?: string; number?: string } | undefined;
      if (r.status !== 200) miss(a, `GET letter → ${r.status}`);
      else if (a.kind === 'letter_issue' && (b?.status === 'draft' || b?.number !== a.number))
        miss(a, `status ${b?.status}, number ${b?.number}`);
    }
  }
  return { lost, samples };
}
