/**
 * The content of one official letter, ready to render (DOCX or PDF), and the pure
 * functions that write its Chinese text from the facts of an escalation.
 *
 * Nothing here knows about pages: layout lives in layout.ts, rendering in
 * src/documents/letters/. No clock: every date is passed in as `YYYY-MM-DD`.
 */

import type { LetterDocument, LetterDocumentCase } from '../../shared/contracts/letters.contract.js';
import { formatChineseDate } from './layout.js';

/** The three rungs of the default ladder; a campaign may configure other types. */
export type LetterType = '提醒函' | '督办函' | '问责函';

/** One row of the 问题清单 attached to a letter (a wire shape: the browser preview shows it too). */
export type LetterCase = LetterDocumentCase;

// The laid-out letter is a wire shape (GET /api/letters/:id/document), defined once in
// the letters contract; this module writes its text.
export type { LetterDocument };

/** Who receives the letter (see Recipient in ladder.ts): the unit's head, its leader in charge, or an office about the unit. */
export type LetterRecipient =
  | { kind: 'unit_head'; unitName: string }
  | { kind: 'leader_in_charge'; unitName: string }
  | { kind: 'office'; unitName: string; officeName: string };

/** An earlier letter of the same chain, cited by the later rungs. */
export interface PriorLetter {
  typeLabel: string;
  number: string;
  issueDay: string;
}

/** The facts {@link composeLetterBody} writes from. */
export interface LetterTextFacts {
  typeLabel: LetterType | (string & {});
  recipient: LetterRecipient;
  caseCount: number;
  /** Longest overdue among the cases, in days; omitted when unknown. */
  maxOverdueDays?: number;
  replyDeadline: string;
  /** Earlier letters about these cases, oldest first. */
  prior?: PriorLetter[];
  /** Who receives the written reply. */
  replyTo?: string;
}

const DEFAULT_REPLY_TO = '市创建指挥部办公室';

/** 主送机关 line for a recipient. */
export function composeAddressee(recipient: LetterRecipient): string {
  switch (recipient.kind) {
    case 'unit_head':
      return `${recipient.unitName}主要负责同志：`;
    case 'leader_in_charge':
      return `${recipient.unitName}分管负责同志：`;
    case 'office':
      return `${recipient.officeName}：`;
  }
}

/** 标题 for a letter type about a unit, e.g. 关于对市城市管理局问题整改不力的督办函. */
export function composeLetterTitle(typeLabel: string, unitName: string): string {
  switch (typeLabel) {
    case '提醒函':
      return `关于${unitName}问题整改超期的提醒函`;
    case '督办函':
      return `关于对${unitName}问题整改不力的督办函`;
    case '问责函':
      return `关于${unitName}问题整改不到位的问责函`;
    default:
      return `关于${unitName}问题整改情况的${typeLabel}`;
  }
}

/** 一件 … 十件 read better in letters than digits for small counts; larger counts stay Arabic. */
function countText(n: number): string {
  const words = ['', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];
  return n >= 1 && n <= 10 ? `${words[n]}件` : `${n}件`;
}

/** `《提醒函》（周创指提〔2026〕3号）` for citing an earlier letter. */
function cite(p: PriorLetter): string {
  return `《${p.typeLabel}》（${p.number}）`;
}

/** What an earlier letter did, for citing it: 提醒 / 督办 / 督促. */
function verbOf(typeLabel: string): string {
  return typeLabel === '提醒函' ? '提醒' : typeLabel === '督办函' ? '督办' : '督促';
}

/** "市创建指挥部已于2026年3月5日以《提醒函》（…）进行提醒" or "…先后于…、…发出…和…". */
function priorSentence(prior: PriorLetter[]): string {
  if (prior.length === 1) {
    const p = prior[0] as PriorLetter;
    return `市创建指挥部已于${formatChineseDate(p.issueDay)}以${cite(p)}进行${verbOf(p.typeLabel)}`;
  }
  const days = prior.map((p) => formatChineseDate(p.issueDay)).join('、');
  return `市创建指挥部先后于${days}发出${prior.map(cite).join('和')}`;
}

/** "，其中超期时间最长的已达12天" when known; inserted before the clause's closing punctuation. */
function overduePhrase(maxOverdueDays: number | undefined): string {
  return maxOverdueDays && maxOverdueDays > 0 ? `，其中超期时间最长的已达${maxOverdueDays}天` : '';
}

/**
 * Writes the body of a letter (正文, one string per paragraph) from its facts, in the
 * register of a real 督查督办 letter: what was found, what was done before, what is
 * required by when, and what follows if it is not done. The reply deadline is
 * printed as 2026年12月3日. Unknown letter types get the neutral 督办 wording
 * without consequences, since only the configured ladder knows what follows them.
 */
export function composeLetterBody(facts: LetterTextFacts): string[] {
  if (!Number.isInteger(facts.caseCount) || facts.caseCount < 1) throw new RangeError(`caseCount must be ≥ 1, got ${facts.caseCount}`);
  const n = countText(facts.caseCount);
  const deadline = formatChineseDate(facts.replyDeadline);
  const replyTo = facts.replyTo ?? DEFAULT_REPLY_TO;
  const unit = facts.recipient.unitName;
  const prior = facts.prior ?? [];
  const overdue = overduePhrase(facts.maxOverdueDays);
  // "…已于…以《提醒函》（…）进行提醒，但截至目前仍未整改到位" — or just the second half.
  const stillOpen = prior.length ? `${priorSentence(prior)}，但截至目前仍未整改到位` : '截至目前仍未整改到位';

  if (facts.recipient.kind === 'office') {
    // A letter to the discipline office is about a unit, not to it: third person throughout.
    return [
      `${unit}承办的${n}创建问题（详见附件）已超过整改期限。${stillOpen}${overdue}，严重影响全市创建工作整体进度。上述问题反映出该单位对创建工作重视不够、责任落实不力、工作作风不实。`,
      `根据市创建工作督查督办有关规定，经市创建指挥部研究，现将有关情况函告你们，建议依规依纪对${unit}有关责任人员进行问责，并对该单位予以通报批评、对其主要负责同志进行约谈。`,
      `请于${deadline}前将问责处理情况书面反馈${replyTo}。`,
      '特此函告。',
    ];
  }

  switch (facts.typeLabel) {
    case '提醒函':
      return [
        `近期，市创建指挥部在日常督查和网格巡查中发现，你单位承办的${n}问题已超过规定整改期限，至今尚未办结（详见附件）${overdue}。这些问题虽然点位分散、体量不大，但直接关系群众切身感受，也是全国文明城市实地测评的重点内容，如不及时整改，极易在测评中失分。`,
        '现予以提醒。请你单位高度重视，对照问题清单逐件核查、立行立改：能够当即整改的，要即知即改、改彻底；确需一定周期的，要明确整改措施、责任人和完成时限，并落实长效管理措施，防止问题反弹。',
        `请于${deadline}前将整改情况（附整改前后对比照片）书面报送${replyTo}。`,
        '特此函告。',
      ];
    case '督办函':
      return [
        `经查，你单位承办的${n}问题（详见附件）已超过整改期限。${stillOpen}${overdue}，影响了全市创建工作整体进度。根据市创建工作督查督办有关规定，现予以督办。`,
        `请你单位主要负责同志亲自过问、分管负责同志具体负责，逐件明确整改责任人和完成时限，集中力量攻坚，于${deadline}前全部整改到位，并将整改情况书面报送${replyTo}。`,
        '逾期仍未整改到位的，市创建指挥部将按照有关规定启动问责程序，并在全市创建工作中予以通报。',
        '特此督办。',
      ];
    case '问责函':
      return [
        `你单位承办的${n}问题（详见附件）已超过整改期限，${prior.length ? stillOpen : '经多次督促仍未整改到位'}${overdue}，反映出你单位对创建工作重视不够、责任落实不力、工作作风不实，严重影响全市创建工作大局。`,
        '根据市创建工作督查督办有关规定，经市创建指挥部研究，决定对你单位予以通报批评，并约谈你单位主要负责同志。',
        `请你单位深刻反思、举一反三，于${deadline}前完成全部问题整改，并将整改情况和内部责任追究情况书面报送${replyTo}。对整改仍不到位的，将提请纪检监察机关依规依纪追究有关人员责任。`,
        '特此函告。',
      ];
    default:
      return [
        `经查，你单位承办的${n}问题（详见附件）已超过整改期限，${stillOpen}${overdue}。`,
        `请你单位高度重视，逐件落实整改责任，于${deadline}前整改到位，并将整改情况书面报送${replyTo}。`,
        '特此函告。',
      ];
  }
}

/** Title of the attachment, also cited in the 附件说明 under the body. */
export const ATTACHMENT_TITLE = '问题清单';

/** One row of the 问题清单 as cell texts, in the order of ATTACHMENT_COLUMNS (layout.ts). */
export function attachmentRow(c: LetterCase, index: number): string[] {
  return [String(index + 1), c.number, c.description, c.address, c.unitName, c.deadline, String(c.overdueDays)];
}
