import type { LetterView } from '../../shared/contracts/letters.contract.js';
import { LETTER_STATE_LABELS } from '../../shared/letter-enums.js';
import { inLang, type ExportLang } from '../../shared/export-lang.js';
import { formatChinaTime } from '../../shared/time.js';
import { writeSheet, type SheetSpec } from './workbook.js';

/** Columns of the letter ledger (督查督办函件台账). */
export const LETTER_LEDGER_SHEET: SheetSpec = {
  name: { zh: '函件台账', en: 'Letter ledger' },
  columns: [
    {
      key: 'number',
      header: { zh: '文号', en: 'Number' },
      width: 22,
      help: { zh: '发文字号（草稿无文号）', en: 'Document number (none for drafts)' },
    },
    {
      key: 'type',
      header: { zh: '类型', en: 'Type' },
      width: 10,
      help: { zh: '提醒函 / 督办函 / 问责函', en: 'Letter type as issued (e.g. 督办函)' },
    },
    {
      key: 'state',
      header: { zh: '状态', en: 'State' },
      width: 10,
      help: {
        zh: '草稿、已印发、已送达、已签收、已回复、逾期未复、已撤回',
        en: 'Draft, issued, delivered, signed, replied, reply overdue, withdrawn',
      },
    },
    {
      key: 'unit',
      header: { zh: '责任单位', en: 'Unit' },
      width: 26,
      help: { zh: '函件涉及的责任单位', en: 'Unit the letter is addressed to' },
    },
    { key: 'title', header: { zh: '标题', en: 'Title' }, width: 40, help: { zh: '函件标题', en: 'Title' } },
    { key: 'cases', header: { zh: '问题数', en: 'Cases' }, width: 8, help: { zh: '所列问题件数', en: 'Number of cases listed' } },
    {
      key: 'auto',
      header: { zh: '生成方式', en: 'Origin' },
      width: 10,
      help: { zh: '自动（督办规则触发）或人工', en: 'Automatic (escalation rule) or manual' },
    },
    { key: 'issuedAt', header: { zh: '印发时间', en: 'Issued' }, width: 18, help: { zh: '北京时间', en: 'Beijing time' } },
    { key: 'replyDeadline', header: { zh: '回复期限', en: 'Reply by' }, width: 18, help: { zh: '北京时间', en: 'Beijing time' } },
    { key: 'signedAt', header: { zh: '签收时间', en: 'Signed' }, width: 18, help: { zh: '北京时间', en: 'Beijing time' } },
    { key: 'repliedAt', header: { zh: '回复时间', en: 'Replied' }, width: 18, help: { zh: '北京时间', en: 'Beijing time' } },
    { key: 'reply', header: { zh: '回复内容', en: 'Reply' }, width: 40, help: { zh: '责任单位的回复', en: "The unit's reply" } },
    {
      key: 'withdrawn',
      header: { zh: '撤回', en: 'Withdrawn' },
      width: 30,
      help: { zh: '撤回时间与理由', en: 'When and why it was withdrawn' },
    },
  ],
};

const time = (s: string | null) => (s ? formatChinaTime(s) : '');

/** Renders the ledger of letters as a workbook in `lang`. */
export async function renderLetterLedger(letters: LetterView[], lang: ExportLang = 'zh-CN'): Promise<Buffer> {
  const en = lang === 'en-US';
  return writeSheet(
    LETTER_LEDGER_SHEET,
    letters.map((l) => ({
      number: l.number ?? '',
      type: l.type,
      state: inLang(LETTER_STATE_LABELS[l.state], lang),
      unit: l.unitName ?? String(l.unitId),
      title: l.title,
      cases: l.caseIds.length,
      auto: en ? (l.auto ? 'automatic' : 'manual') : l.auto ? '自动' : '人工',
      issuedAt: time(l.issuedAt),
      replyDeadline: time(l.replyDeadline),
      signedAt: time(l.signedAt),
      repliedAt: time(l.repliedAt),
      reply: l.reply ?? '',
      withdrawn: l.withdrawnAt ? `${time(l.withdrawnAt)} ${l.withdrawReason ?? ''}` : '',
    })),
    [
      {
        zh: '函件台账由系统生成，每行一件函件；状态按导出时刻计算；时间均为北京时间。',
        en: 'One row per letter; states as at the time of export; times are Beijing time (UTC+8).',
      },
    ],
    lang,
  );
}
