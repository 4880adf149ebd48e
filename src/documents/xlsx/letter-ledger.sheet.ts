import { LETTER_STATE_LABELS, type LetterView } from '../../shared/letter-views.js';
import { formatChinaTime } from '../../shared/time.js';
import { writeSheet, type SheetSpec } from './workbook.js';

/** Columns of the letter ledger (督查督办函件台账). */
export const LETTER_LEDGER_SHEET: SheetSpec = {
  name: '函件台账',
  columns: [
    { key: 'number', header: '文号 number', width: 22, help: '发文字号（草稿无文号）' },
    { key: 'type', header: '类型 type', width: 10, help: '提醒函 / 督办函 / 问责函' },
    { key: 'state', header: '状态 state', width: 10, help: '草稿、已印发、已送达、已签收、已回复、逾期未复、已撤回' },
    { key: 'unit', header: '责任单位 unit', width: 26, help: '函件涉及的责任单位' },
    { key: 'title', header: '标题 title', width: 40, help: '函件标题' },
    { key: 'cases', header: '问题数 cases', width: 8, help: '所列问题件数' },
    { key: 'auto', header: '生成方式 origin', width: 10, help: '自动（督办规则触发）或人工' },
    { key: 'issuedAt', header: '印发时间 issued', width: 18, help: '北京时间' },
    { key: 'replyDeadline', header: '回复期限 reply by', width: 18, help: '北京时间' },
    { key: 'signedAt', header: '签收时间 signed', width: 18, help: '北京时间' },
    { key: 'repliedAt', header: '回复时间 replied', width: 18, help: '北京时间' },
    { key: 'reply', header: '回复内容 reply', width: 40, help: '责任单位的回复' },
    { key: 'withdrawn', header: '撤回 withdrawn', width: 30, help: '撤回时间与理由' },
  ],
};

const time = (s: string | null) => (s ? formatChinaTime(s) : '');

/** Renders the ledger of letters as a workbook. */
export async function renderLetterLedger(letters: LetterView[]): Promise<Buffer> {
  return writeSheet(
    LETTER_LEDGER_SHEET,
    letters.map((l) => ({
      number: l.number ?? '',
      type: l.type,
      state: LETTER_STATE_LABELS[l.state].zh,
      unit: l.unitName ?? String(l.unitId),
      title: l.title,
      cases: l.caseIds.length,
      auto: l.auto ? '自动' : '人工',
      issuedAt: time(l.issuedAt),
      replyDeadline: time(l.replyDeadline),
      signedAt: time(l.signedAt),
      repliedAt: time(l.repliedAt),
      reply: l.reply ?? '',
      withdrawn: l.withdrawnAt ? `${time(l.withdrawnAt)} ${l.withdrawReason ?? ''}` : '',
    })),
    ['函件台账由系统生成，每行一件函件；状态按导出时刻计算。'],
  );
}
