import type { Database, Executor } from '../db/database.js';
import {
  notificationRepository,
  outboxRepository,
  type NewNotificationRow,
  type NewOutboxRow,
  type NotificationRow,
} from '../db/repositories/notification.repository.js';
import type { Clock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import { notFound, unauthorized } from '../core/errors.js';
import type { NotificationList, NotificationQuery, NotificationView } from '../shared/contracts/notifications.contract.js';
import type { EmailPayload, RobotPayload } from './channels.js';

/** Which delivery channels are configured; unset or null means "not configured". */
export interface NotifyConfig {
  smtpUrl?: string | null;
  dingtalkWebhook?: string | null;
  wecomWebhook?: string | null;
}

/** One notice about a change, for the users it concerns. */
export interface Notice {
  userIds: number[];
  caseId: number | null;
  /** Stable machine name, e.g. `case.dispatched`; at most 32 characters. */
  kind: string;
  title: string;
  body: string;
}

/** Whom a notice reaches ({@link NotificationService.reach}): its users, once each, and the e-mail addresses to write to. */
export interface NoticeReach {
  userIds: number[];
  mail: string[];
}

const KIND_PATTERN = /^[a-z][a-z0-9_.-]{0,31}$/;
/** `notifications.title` is varchar(200); PostgreSQL would refuse a longer one and roll back the caller's change. */
const TITLE_MAX = 200;
/** Group robots show one line of context; the brand also matches a DingTalk "keyword" security setting. */
const ROBOT_PREFIX = '【督导】';

function present(r: NotificationRow): NotificationView {
  return { id: r.id, caseId: r.case_id, kind: r.kind, title: r.title, body: r.body, createdAt: r.created_at, readAt: r.read_at };
}

function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * In-app notifications and their delivery queue. `notify` writes inside the
 * caller's transaction, so a notice exists if and only if the change it tells
 * about was committed; the outbox sweep sends e-mail and robot messages later.
 */
export class NotificationService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly config: NotifyConfig,
  ) {}

  /**
   * Writes one in-app notification per user and the outbox rows: one e-mail per
   * active user with an address (when SMTP is configured), and one DingTalk and
   * one WeCom message per notice (group robots: the group reads it once).
   * Throws on a malformed `kind` — that is a programming error, and failing the
   * caller's transaction is better than a silently lost notice.
   */
  async notify(trx: Executor, n: Notice): Promise<{ notifications: number; outbox: number }> {
    const rows = this.rowsFor(await this.reach(trx, n.userIds), n);
    await notificationRepository.insertMany(trx, rows.notifications);
    await outboxRepository.insertMany(trx, rows.outbox);
    return { notifications: rows.notifications.length, outbox: rows.outbox.length };
  }

  /**
   * Whom a notice to `userIds` reaches, and on which channels: the part of {@link notify} that
   * reads the database (the e-mail addresses, when SMTP is configured). A report on PostgreSQL
   * writes its notices itself, in its audit record's statement, and reads this before it takes its
   * number, so that nothing but the number's own statements runs under the locks every report
   * queues for; {@link rowsFor} then builds the rows without a round trip.
   */
  async reach(trx: Executor, userIds: number[]): Promise<NoticeReach> {
    const unique = [...new Set(userIds)];
    const mail = this.config.smtpUrl ? (await notificationRepository.mailRecipients(trx, unique)).map((r) => r.email) : [];
    return { userIds: unique, mail };
  }

  /** The rows of notice `n` for the users and addresses of `reach` ({@link reach}); no database. */
  rowsFor(reach: NoticeReach, n: Omit<Notice, 'userIds'>): { notifications: NewNotificationRow[]; outbox: NewOutboxRow[] } {
    if (!KIND_PATTERN.test(n.kind)) throw new Error(`notification kind "${n.kind}" must match ${KIND_PATTERN}`);
    const now = this.clock.now().toISOString();
    const title = clip(n.title.trim(), TITLE_MAX);
    const notifications: NewNotificationRow[] = reach.userIds.map((userId) => ({
      user_id: userId,
      case_id: n.caseId,
      kind: n.kind,
      title,
      body: n.body,
      created_at: now,
      read_at: null,
    }));

    const pending = (channel: string, target: string, payload: EmailPayload | RobotPayload): NewOutboxRow => ({
      channel,
      target,
      payload: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      // Due at once: the first sweep after the commit picks it up.
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      sent_at: null,
    });
    const outbox: NewOutboxRow[] = [];
    for (const email of reach.mail) outbox.push(pending('email', email, { subject: title, text: n.body }));
    const content = `${ROBOT_PREFIX}${title}\n${n.body}`;
    if (this.config.dingtalkWebhook) outbox.push(pending('dingtalk', this.config.dingtalkWebhook, { content }));
    if (this.config.wecomWebhook) outbox.push(pending('wecom', this.config.wecomWebhook, { content }));
    return { notifications, outbox };
  }

  /** The caller's notifications, newest first, with the total and the unread count. */
  async list(ctx: RequestContext, q: NotificationQuery = {}): Promise<NotificationList> {
    const userId = this.userOf(ctx);
    const page = Math.max(1, q.page ?? 1);
    const pageSize = Math.min(500, Math.max(1, q.pageSize ?? 20));
    const db = this.database.db;
    const { rows, total } = await notificationRepository.listOf(db, userId, {
      unreadOnly: q.unreadOnly ?? false,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const unread = await notificationRepository.unreadCount(db, userId);
    return { items: rows.map(present), total, unread };
  }

  /** How many of the caller's notifications are unread. */
  async unreadCount(ctx: RequestContext): Promise<number> {
    return notificationRepository.unreadCount(this.database.db, this.userOf(ctx));
  }

  /** Marks one of the caller's notifications read (again is fine); anyone else's answers 404. */
  async markRead(ctx: RequestContext, id: number): Promise<void> {
    const userId = this.userOf(ctx);
    const db = this.database.db;
    const updated = await notificationRepository.markRead(db, id, userId, this.clock.now().toISOString());
    if (updated === 0 && !(await notificationRepository.byIdOf(db, id, userId))) throw notFound('notification', id);
  }

  /** Marks all of the caller's notifications read; returns how many were unread. */
  async markAllRead(ctx: RequestContext): Promise<number> {
    return notificationRepository.markAllRead(this.database.db, this.userOf(ctx), this.clock.now().toISOString());
  }

  private userOf(ctx: RequestContext): number {
    if (!ctx.actor) throw unauthorized();
    return ctx.actor.userId;
  }
}
