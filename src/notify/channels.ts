import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Clock } from '../core/clock.js';
import { textOf } from '../shared/text.js';

/** Where an outbox row goes; the names are the values of `outbox.channel`. */
export type ChannelName = 'email' | 'dingtalk' | 'wecom';

/** A way to deliver one outbox row. Throws when the message was not accepted; the sweep retries. */
export interface Channel {
  send(target: string, payload: unknown): Promise<void>;
}

/** The outbox payload of an e-mail row. */
export interface EmailPayload {
  subject: string;
  text: string;
}

/** The outbox payload of a group-robot row (DingTalk, WeCom); the channel builds the wire message. */
export interface RobotPayload {
  content: string;
}

/** Every network call gives up after this long, so one dead peer cannot hold the sweep's lease. */
export const SEND_TIMEOUT_MS = 10_000;

/** WeCom's documented limit for a text message's content, in UTF-8 bytes. */
const WECOM_MAX_BYTES = 2048;

function isEmailPayload(p: unknown): p is EmailPayload {
  return (
    typeof p === 'object' && p !== null && typeof (p as EmailPayload).subject === 'string' && typeof (p as EmailPayload).text === 'string'
  );
}

function isRobotPayload(p: unknown): p is RobotPayload {
  return typeof p === 'object' && p !== null && typeof (p as RobotPayload).content === 'string';
}

/** E-mail through one SMTP server named by a URL (`smtp://user:pass@host:587`, `smtps://…:465`). */
export class SmtpChannel implements Channel {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(smtpUrl: string, from: string, opts: { timeoutMs?: number } = {}) {
    const timeout = opts.timeoutMs ?? SEND_TIMEOUT_MS;
    // nodemailer (dozens of modules) is loaded only where e-mail is configured.
    const { createTransport } = createRequire(import.meta.url)('nodemailer') as typeof import('nodemailer');
    // Credentials and TLS come from the URL; nodemailer parses it. No pool: a send
    // every few seconds at most does not need held connections.
    this.transport = createTransport(
      { url: smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout, dnsTimeout: timeout },
      { from },
    );
  }

  async send(target: string, payload: unknown): Promise<void> {
    if (!isEmailPayload(payload)) throw new Error('e-mail payload needs subject and text');
    const info = await this.transport.sendMail({ to: target, subject: payload.subject, text: payload.text });
    // One recipient per message: a rejection is the whole message failing.
    if (info.rejected.length > 0) throw new Error(`recipient rejected: ${info.response}`);
  }
}

/** Errors from fetch say "fetch failed" and hide the reason in `cause`. The URL (with its token) is never included. */
function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no reply within the timeout`;
  const cause = err.cause ? `: ${err.cause.code ?? err.cause.message ?? ''}` : '';
  return `${err.message}${cause}`;
}

/**
 * POSTs a robot message and checks the reply: 2xx and a JSON body with errcode 0,
 * which is how both DingTalk and WeCom say "delivered" (they answer HTTP 200 to
 * most refusals).
 */
async function postRobot(url: string, body: unknown, timeoutMs: number): Promise<void> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (e) {
    throw new Error(describe(e));
  }
  const snippet = text.slice(0, 200);
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${snippet}`);
  let reply: { errcode?: unknown; errmsg?: unknown };
  try {
    reply = JSON.parse(text) as typeof reply;
  } catch {
    throw new Error(`reply is not JSON: ${snippet}`);
  }
  if (typeof reply !== 'object' || reply === null || reply.errcode !== 0) {
    throw new Error(`errcode ${textOf(reply?.errcode)}: ${textOf(reply?.errmsg ?? '')}`.slice(0, 300));
  }
}

/**
 * The signature DingTalk asks for when a robot has "加签" security:
 * base64(HMAC-SHA256(key = secret, data = `${timestamp}\n${secret}`)).
 */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** A DingTalk group robot (自定义机器人); the target is its webhook URL with the access_token. */
export class DingTalkChannel implements Channel {
  constructor(private readonly opts: { secret?: string | null; clock: Clock; timeoutMs?: number }) {}

  async send(target: string, payload: unknown): Promise<void> {
    if (!isRobotPayload(payload)) throw new Error('robot payload needs content');
    const url = new URL(target);
    if (this.opts.secret) {
      // Signed at send time: DingTalk refuses a timestamp more than an hour off, and a retry may be later.
      const timestamp = this.opts.clock.now().getTime();
      url.searchParams.set('timestamp', String(timestamp));
      // URLSearchParams percent-encodes + / = as the documented urlEncode does.
      url.searchParams.set('sign', dingtalkSign(this.opts.secret, timestamp));
    }
    await postRobot(url.toString(), { msgtype: 'text', text: { content: payload.content } }, this.opts.timeoutMs ?? SEND_TIMEOUT_MS);
  }
}

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
export function clipUtf8(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  let out = '';
  let bytes = 0;
  const ellipsis = '…';
  const budget = max - Buffer.byteLength(ellipsis, 'utf8');
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > budget) break;
    out += ch;
    bytes += n;
  }
  return out + ellipsis;
}

/** A WeCom group robot (群机器人); the target is its webhook URL with the key. */
export class WeComChannel implements Channel {
  constructor(private readonly opts: { timeoutMs?: number } = {}) {}

  async send(target: string, payload: unknown): Promise<void> {
    if (!isRobotPayload(payload)) throw new Error('robot payload needs content');
    // WeCom refuses longer text outright; a clipped notice is better than none.
    const content = clipUtf8(payload.content, WECOM_MAX_BYTES);
    await postRobot(target, { msgtype: 'text', text: { content } }, this.opts.timeoutMs ?? SEND_TIMEOUT_MS);
  }
}

/** The notification keys of the configuration. */
export interface ChannelConfig {
  smtpUrl?: string | null;
  mailFrom?: string | null;
  dingtalkWebhook?: string | null;
  dingtalkSecret?: string | null;
  wecomWebhook?: string | null;
}

/** The channels the configuration enables; a row for a channel missing here fails and is retried. */
export function channelsFromConfig(config: ChannelConfig, clock: Clock): Partial<Record<ChannelName, Channel>> {
  const channels: Partial<Record<ChannelName, Channel>> = {};
  if (config.smtpUrl && config.mailFrom) channels.email = new SmtpChannel(config.smtpUrl, config.mailFrom);
  if (config.dingtalkWebhook) channels.dingtalk = new DingTalkChannel({ secret: config.dingtalkSecret ?? null, clock });
  if (config.wecomWebhook) channels.wecom = new WeComChannel();
  return channels;
}
