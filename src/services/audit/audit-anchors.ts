import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { mkdir, open, readFile } from 'node:fs/promises';
import { parseAnchors, type Anchor, type AnchorProblem } from '../../domain/audit/anchors.js';

/** Where anchors go. The file is required; syslog and webhook are optional copies. */
export interface AnchorTargets {
  file: string;
  /** `udp://host:port`: RFC 5424 messages over UDP. */
  syslog?: string | null;
  /** POSTed the anchor as JSON; retried, never waited for. */
  webhook?: string | null;
  /** Told about copies that could not be sent (the file write itself throws). */
  onError?: (message: string, err: unknown) => void;
}

/** facility 13 (log audit) × 8 + severity 6 (informational). */
const SYSLOG_PRI = 13 * 8 + 6;
const WEBHOOK_TRIES = 3;

/**
 * Writes anchors outside the database: appended and fsynced to the anchor file,
 * then copied to syslog and a webhook in the background. Appends are serialized
 * within the process so lines never interleave.
 */
export class AuditAnchors {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(readonly targets: AnchorTargets) {}

  /** Appends one anchor to the file (durably), then sends the copies without waiting. */
  append(anchor: Anchor): Promise<void> {
    const run = this.tail.then(() => this.writeLine(anchor));
    this.tail = run.catch(() => undefined);
    return run.then(() => this.sendCopies(anchor));
  }

  /** The anchors in the file; a missing file is no anchors. */
  async read(): Promise<{ anchors: Anchor[]; problems: AnchorProblem[] }> {
    let text = '';
    try {
      text = await readFile(this.targets.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    return parseAnchors(text);
  }

  /** Waits for background copies (tests, shutdown). */
  async settle(): Promise<void> {
    await this.tail;
    await Promise.allSettled([...this.pending]);
  }

  private async writeLine(anchor: Anchor): Promise<void> {
    await mkdir(dirname(this.targets.file), { recursive: true });
    const fh = await open(this.targets.file, 'a', 0o640);
    try {
      await fh.write(`${JSON.stringify(anchor)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  private sendCopies(anchor: Anchor): void {
    const track = (p: Promise<unknown>) => {
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    };
    if (this.targets.syslog)
      track(sendSyslog(this.targets.syslog, anchor).catch((e) => this.targets.onError?.('audit anchor: syslog send failed', e)));
    if (this.targets.webhook) track(this.postWebhook(this.targets.webhook, anchor));
  }

  private async postWebhook(url: string, anchor: Anchor): Promise<void> {
    let last: unknown;
    for (let i = 0; i < WEBHOOK_TRIES; i += 1) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'dudao.audit.anchor', ...anchor }),
          signal: AbortSignal.timeout(5000),
        });
        if (res.ok) return;
        last = new Error(`HTTP ${res.status}`);
      } catch (e) {
        last = e;
      }
      if (i < WEBHOOK_TRIES - 1) await new Promise((r) => setTimeout(r, 500 * 4 ** i).unref());
    }
    this.targets.onError?.(`audit anchor: webhook failed after ${WEBHOOK_TRIES} tries`, last);
  }
}

/** One RFC 5424 line for an anchor. */
export function syslogMessage(anchor: Anchor, host = hostname()): string {
  const h = host.replace(/[^\x21-\x7e]/g, '').slice(0, 255) || '-';
  return `<${SYSLOG_PRI}>1 ${anchor.at} ${h} dudao ${process.pid} audit-anchor - ${JSON.stringify(anchor)}`;
}

async function sendSyslog(target: string, anchor: Anchor): Promise<void> {
  const u = new URL(target);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || 514);
  const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) =>
      socket.send(Buffer.from(syslogMessage(anchor), 'utf8'), port, host, (err) => (err ? reject(err) : resolve())),
    );
  } finally {
    socket.close();
  }
}
