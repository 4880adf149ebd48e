/**
 * Anchors: the chain head's seq and MAC, written outside the database (a file,
 * syslog, a webhook) every N records and every hour. Whoever rewrites the database
 * cannot reach them, so a truncated or re-chained log no longer matches them.
 */

export const ANCHOR_REASONS = ['every', 'interval', 'rekey', 'shutdown', 'manual'] as const;
export type AnchorReason = (typeof ANCHOR_REASONS)[number];

/** One anchor line (JSON, one per line in the anchor file). */
export interface Anchor {
  seq: number;
  mac: string;
  at: string;
  reason: AnchorReason;
}

/** What the anchors say is wrong with the chain. */
export type AnchorProblemReason =
  | 'truncated_after_anchor' // an anchor names a seq beyond the last record: records were cut off
  | 'anchor_mac_mismatch' // the record at an anchored seq is not the one anchored: rewritten
  | 'missing_record' // the anchored record is gone from the middle
  | 'anchor_unreadable' // a line of the anchor file is not an anchor
  | 'anchors_missing'; // many keyed records but not one anchor: the anchor file was removed or never written

export interface AnchorProblem {
  seq: number;
  reason: AnchorProblemReason;
  detail: string;
}

/** Parses the anchor file's text; bad lines are reported, not skipped silently. */
export function parseAnchors(text: string): { anchors: Anchor[]; problems: AnchorProblem[] } {
  const anchors: Anchor[] = [];
  const problems: AnchorProblem[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const a = JSON.parse(line) as Partial<Anchor>;
      if (!Number.isInteger(a.seq) || (a.seq as number) < 0 || typeof a.mac !== 'string' || !/^[0-9a-f]{64}$/.test(a.mac))
        throw new Error('bad');
      anchors.push({
        seq: a.seq as number,
        mac: a.mac,
        at: String(a.at ?? ''),
        reason: (ANCHOR_REASONS as readonly string[]).includes(a.reason as string) ? (a.reason as AnchorReason) : 'manual',
      });
    } catch {
      problems.push({ seq: 0, reason: 'anchor_unreadable', detail: `anchor file line ${i + 1} is not an anchor` });
    }
  });
  return { anchors, problems };
}

/**
 * Checks records against anchors while the chain is streamed: feed every record's
 * seq and hash in order, then `finish` with the last seq seen.
 */
export class AnchorChecker {
  private readonly bySeq = new Map<number, Anchor[]>();
  private readonly seen = new Set<number>();
  readonly problems: AnchorProblem[] = [];
  checked = 0;

  constructor(private readonly anchors: Anchor[]) {
    for (const a of anchors) {
      if (a.seq === 0) continue; // the empty chain: nothing to compare
      const list = this.bySeq.get(a.seq) ?? [];
      list.push(a);
      this.bySeq.set(a.seq, list);
    }
  }

  /** Compares one stored record with the anchors at its seq. */
  see(seq: number, hash: string): void {
    const list = this.bySeq.get(seq);
    if (!list) return;
    this.seen.add(seq);
    for (const a of list) {
      this.checked += 1;
      if (a.mac !== hash)
        this.problems.push({
          seq,
          reason: 'anchor_mac_mismatch',
          detail: `record ${seq} is not the one anchored at ${a.at} (${a.reason})`,
        });
    }
  }

  /**
   * Anchors past the last record mean records were cut off; anchors in between that
   * were never seen mean the record is gone. `keyedRecords` records with no anchor at
   * all (at least `anchorEvery` of them) mean the anchors themselves were removed.
   */
  finish(lastSeq: number, keyedRecords: number, anchorEvery: number): AnchorProblem[] {
    let beyond: Anchor | null = null;
    for (const [seq, list] of this.bySeq) {
      if (this.seen.has(seq)) continue;
      if (seq > lastSeq) {
        if (!beyond || seq > beyond.seq) beyond = list[0]!;
      } else this.problems.push({ seq, reason: 'missing_record', detail: `anchored record ${seq} is not in the log` });
    }
    if (beyond) {
      this.problems.push({
        seq: lastSeq + 1,
        reason: 'truncated_after_anchor',
        detail: `the log ends at ${lastSeq} but record ${beyond.seq} was anchored at ${beyond.at}`,
      });
    }
    if (this.anchors.length === 0 && keyedRecords >= anchorEvery) {
      this.problems.push({ seq: lastSeq, reason: 'anchors_missing', detail: `${keyedRecords} keyed records and no anchor` });
    }
    return this.problems.sort((a, b) => a.seq - b.seq);
  }
}
