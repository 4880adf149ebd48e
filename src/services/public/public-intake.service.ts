import type { Database } from '../../db/database.js';
import { publicRepository } from '../../db/repositories/public.repository.js';
import { publicCaseRepository, type PublicCaseRow } from '../../db/repositories/public-case.repository.js';
import { transactOrUndo } from '../../db/transactions.js';
import { distanceMeters } from '../../domain/evaluation/sampling.js';
import { coarsePosition, publicStageOf } from '../../domain/public/public-case.js';
import type { PublicSettings } from '../../domain/public/public-settings.js';
import { TERMINAL_CASE_STATES, type CaseState } from '../../shared/case-enums.js';
import type {
  DuplicateCandidate,
  PlusOneReply,
  PowChallenge,
  PublicCaseView,
  PublicConfig,
  PublicMap,
  PublicReportReply,
} from '../../shared/contracts/public.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { CaseService } from '../cases/case.service.js';
import type { FileService, FileContent } from '../files/file.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { intakeActor } from './intake-actor.js';
import { PublicAbuseGuard, publicError } from './public-abuse.js';
import { presentPublicCase, PUBLIC_PHOTO_PHASES } from './public-case.presenter.js';
import { readPlusOne, readReport, type PublicWrite } from './public-input.js';
import { newPublicToken, publicTokenMatches } from './public-token.js';
import type { PublicSettingsService } from './public-settings.service.js';

/** Most photos of one public report. */
export const PUBLIC_MAX_PHOTOS = 3;
/** How far back the public map looks, and how many cases it shows at most. */
const MAP_DAYS = 30;
const MAP_LIMIT = 500;
const DAY_MS = 86_400_000;
const NUMBER = /^\d{4}-\d{6}$/;

const notFoundZh = () => publicError(404, 'not_found', '未找到该问题，请检查编号和链接');

/**
 * Citizens without an account (issue 15 points 1, 2, 4, 5): the public page's settings,
 * the proof-of-work challenge, reports (through the one case service, source `citizen`),
 * "我也遇到" (+1) on an open duplicate, tracking by number and token, photos and the map.
 *
 * Every write: intake open → rate limits (per address and device) → proof of work →
 * the input → duplicates. Refusals are 4xx with a Chinese message naming the field; the
 * sender's address and device are kept only as keyed hashes.
 */
export class PublicIntakeService {
  readonly guard: PublicAbuseGuard;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly deps: {
      audit: AuditService;
      cases: CaseService;
      files: FileService;
      policies: CasePolicyService;
      settings: PublicSettingsService;
    },
    private readonly opts: { cityBbox: [number, number, number, number]; secret: string },
  ) {
    this.guard = new PublicAbuseGuard(database, clock, opts.secret);
  }

  /** What the public page needs to draw itself. */
  async config(): Promise<PublicConfig> {
    const settings = await this.deps.settings.current();
    const categories = (await this.deps.policies.policy()).categories;
    const byCode = new Map(categories.map((c) => [c.code, c]));
    const root = await publicRepository.rootUnit(this.database.db);
    return {
      cityName: root?.name ?? '',
      intakeOpen: settings.intakeOpen,
      pausedMessage: settings.intakeOpen ? null : settings.pausedMessage,
      categories: settings.categoryCodes.flatMap((code) => {
        const c = byCode.get(code);
        if (!c) return [];
        return [{ code, name: c.name, group: c.parentCode ? (byCode.get(c.parentCode)?.name ?? null) : null }];
      }),
      trackByNumber: settings.trackByNumber,
      publicMap: settings.publicMap,
      cityBbox: this.opts.cityBbox,
      maxPhotos: PUBLIC_MAX_PHOTOS,
      maxPhotoBytes: this.deps.files.limits.maxBytes,
      // No tile server is configured anywhere yet: the page draws its plain grid.
      tileUrl: null,
    };
  }

  /** A proof-of-work challenge for the next write (issued even while paused: it costs nothing). */
  async challenge(): Promise<PowChallenge> {
    return this.guard.issue((await this.deps.settings.current()).powBits);
  }

  /** The checks every public write passes first; returns the settings and the spendable proof. */
  private async admit(ctx: RequestContext, w: PublicWrite) {
    const settings = await this.deps.settings.current();
    if (!settings.intakeOpen) throw publicError(403, 'intake_paused', settings.pausedMessage);
    const sender = this.guard.sender(ctx.clientIp, w.deviceId);
    await this.guard.limit(sender, settings);
    const proof = await this.guard.check(w.fields.challenge, w.fields.nonce);
    return { settings, sender, proof };
  }

  private async categoryNames(): Promise<Map<string, string>> {
    return new Map((await this.deps.policies.policy()).categories.map((c) => [c.code, c.name]));
  }

  /**
   * A new public report. 409 `duplicate_candidates` (details.candidates) when an open case
   * of its category lies within the duplicate radius and window, unless `force`.
   */
  async report(ctx: RequestContext, w: PublicWrite): Promise<PublicReportReply> {
    const { settings, proof } = await this.admit(ctx, w);
    const r = readReport(w, settings, this.opts.cityBbox);
    if (!r.force) {
      const candidates = await this.duplicates(r.categoryCode, r.lon, r.lat, settings);
      if (candidates.length > 0)
        throw publicError(409, 'duplicate_candidates', '附近已有相同问题正在处理，可以选择“我也遇到”', undefined, { candidates });
    }
    const actor = await intakeActor(this.database, this.clock, { kind: 'public' });
    const { token, hash } = newPublicToken();
    // The address is not recorded in clear: the audit gets no client address for this write.
    const intakeCtx: RequestContext = { actor, requestId: ctx.requestId, clientIp: null };
    const created = await this.deps.cases.report(
      intakeCtx,
      {
        source: 'citizen',
        categoryCode: r.categoryCode,
        description: r.description,
        address: r.address,
        lon: r.lon,
        lat: r.lat,
        reporterContact: r.phone,
      },
      r.photos,
      async (trx, c) => {
        await this.guard.spend(trx, proof);
        await publicCaseRepository.markPublic(trx, c.id, { tokenHash: hash, reporterName: r.name, positionPrivate: r.positionPrivate });
      },
    );
    return { number: created.number, token, trackPath: `/track/${created.number}?t=${encodeURIComponent(token)}` };
  }

  /** Open citizen cases of the category near the point within the window, nearest first (private ones never offered). */
  async duplicates(categoryCode: string, lon: number, lat: number, settings: PublicSettings): Promise<DuplicateCandidate[]> {
    const radius = settings.duplicateRadiusM;
    if (radius <= 0) return [];
    const dLat = (radius * 1.1) / 111_320;
    const dLon = (radius * 1.1) / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
    const since = new Date(this.clock.now().getTime() - settings.duplicateWindowDays * DAY_MS).toISOString();
    const rows = await publicCaseRepository.nearbyOpen(this.database.db, {
      categoryCode,
      since,
      box: [lon - dLon, lat - dLat, lon + dLon, lat + dLat],
    });
    const names = await this.categoryNames();
    return rows
      .filter((c) => c.position_private === 0 && c.lon !== null && c.lat !== null && !c.number.startsWith('~'))
      .map((c) => ({ c, d: distanceMeters({ lon, lat }, { lon: c.lon!, lat: c.lat! }) }))
      .filter((x) => x.d <= radius)
      .sort((a, b) => a.d - b.d)
      .slice(0, 5)
      .map(({ c, d }) => ({
        number: c.number,
        categoryName: names.get(c.category_code) ?? c.category_code,
        description: c.description,
        distanceM: Math.round(d),
        reportedAt: c.created_at,
        stage: publicStageOf(c.state as CaseState),
        plusOnes: Number(c.plus_one_count),
      }));
  }

  /** A citizen case of a public category, or 404. */
  private async publicCase(number: string, settings: PublicSettings): Promise<PublicCaseRow> {
    const row = NUMBER.test(number) ? await publicCaseRepository.byNumber(this.database.db, number) : undefined;
    if (!row || row.source !== 'citizen' || !settings.categoryCodes.includes(row.category_code)) throw notFoundZh();
    return row;
  }

  /** "我也遇到": joins the sender to an open case, with an optional photo and words of their own. */
  async plusOne(ctx: RequestContext, number: string, w: PublicWrite): Promise<PlusOneReply> {
    const { settings, sender, proof } = await this.admit(ctx, w);
    const row = await this.publicCase(number, settings);
    if (TERMINAL_CASE_STATES.includes(row.state as CaseState))
      throw publicError(409, 'case_closed', '该问题已办结或已合并，不能再附议；如问题仍在，请重新上报');
    const input = readPlusOne(w);
    const actor = await intakeActor(this.database, this.clock, { kind: 'public' });
    const prepared = await this.deps.files.prepare(input.photos);
    const at = this.clock.now().toISOString();
    return transactOrUndo(
      this.database,
      async (trx) => {
        await this.guard.spend(trx, proof);
        const plusOnes = await publicCaseRepository.incrementPlusOnes(trx, row.id);
        if (plusOnes === null) throw publicError(409, 'case_closed', '该问题已办结或已合并，不能再附议；如问题仍在，请重新上报');
        const [fileId] = prepared.length
          ? await this.deps.files.attach(trx, prepared, { caseId: row.id, eventId: null, phase: 'plus_one', createdBy: actor.userId })
          : [];
        await publicCaseRepository.insertPlusOne(trx, {
          case_id: row.id,
          at,
          description: input.description,
          file_id: fileId ?? null,
          device_hash: sender.deviceHash,
          ip_hash: sender.ipHash,
        });
        await this.deps.audit.record(
          trx,
          { actor, requestId: ctx.requestId, clientIp: null },
          {
            action: 'public.plus_one',
            targetType: 'case',
            targetId: row.id,
            summary: { number: row.number, plusOnes, photo: fileId ?? null },
          },
        );
        return { number: row.number, plusOnes };
      },
      () => this.deps.files.discard(prepared),
    );
  }

  /**
   * A case as the public sees it: the full view with the right token; by number alone the
   * minimal view when HQ allows it (citizen cases only: staff findings are not public), else
   * 404. A wrong token is treated as none.
   */
  async view(number: string, token: string | undefined): Promise<PublicCaseView> {
    const settings = await this.deps.settings.current();
    const row = NUMBER.test(number) ? await publicCaseRepository.byNumber(this.database.db, number) : undefined;
    if (!row) throw notFoundZh();
    const tokenOk = publicTokenMatches(token, row.public_token_hash);
    if (!tokenOk && !(settings.trackByNumber && row.source === 'citizen' && !row.number.startsWith('~'))) throw notFoundZh();
    const names = await this.categoryNames();
    return presentPublicCase(this.database.db, row, {
      token: tokenOk ? token! : null,
      categoryName: names.get(row.category_code) ?? row.category_code,
      settings,
    });
  }

  /** The stripped public copy of a report or rectification photo of the case; 404 unless the token matches. */
  async photo(number: string, fileId: number, token: string | undefined): Promise<FileContent> {
    const row = NUMBER.test(number) ? await publicCaseRepository.byNumber(this.database.db, number) : undefined;
    if (!row || !publicTokenMatches(token, row.public_token_hash)) throw notFoundZh();
    const file = await this.deps.files.get(fileId).catch(() => null);
    if (!file || file.case_id !== row.id || !PUBLIC_PHOTO_PHASES.includes(file.phase) || !file.mime.startsWith('image/'))
      throw notFoundZh();
    const { body, size, mime } = await this.deps.files.read(fileId, 'public');
    return { body, size, mime };
  }

  /** Recent citizen cases of public categories at coarse positions (private ones left out); 404 unless HQ enabled it. */
  async map(): Promise<PublicMap> {
    const settings = await this.deps.settings.current();
    if (!settings.publicMap) throw publicError(404, 'map_disabled', '公众地图未开放');
    const rows = await publicCaseRepository.recentForMap(this.database.db, {
      categoryCodes: settings.categoryCodes,
      since: new Date(this.clock.now().getTime() - MAP_DAYS * DAY_MS).toISOString(),
      limit: MAP_LIMIT,
    });
    const names = await this.categoryNames();
    return {
      items: rows.map((c) => ({
        number: c.number,
        categoryName: names.get(c.category_code) ?? c.category_code,
        stage: publicStageOf(c.state as CaseState),
        ...coarsePosition(c.lon!, c.lat!, settings.coarseGridM),
        reportedAt: c.created_at,
      })),
    };
  }
}
