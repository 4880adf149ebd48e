import { addWorkingDays, chinaDay, isWorkingDay, shiftDay } from '../../domain/calendar/work-calendar.js';
import type { Rung } from '../../domain/letters/ladder.js';
import { DEMO_LADDER } from '../../demo/demo-ladder.js';
import { formatChineseDate, formatLetterNumber } from '../../domain/letters/layout.js';
import {
  composeAddressee,
  composeLetterBody,
  composeLetterTitle,
  type LetterCase,
  type LetterDocument,
  type LetterRecipient,
  type LetterType,
  type PriorLetter,
} from '../../domain/letters/letter-document.js';

/**
 * Sample letters for the demo city 周口市, for `dudao letters sample` and tests.
 *
 * Issuer, 机关代字 (周创指提 / 周创指督 / 周创指责: the rung's first character, so each
 * type has its own number series), recipient kind and reply time come from the demo's
 * DEMO_LADDER (src/demo/demo-ladder.ts), so the sample looks like what the escalation sweep will issue:
 * - 提醒函 to the head of 川汇区人民政府 about four cases in its streets;
 * - 督办函 to the leader in charge of 市城市管理局 about five cases, citing the 提醒函;
 * - 问责函 to the discipline office about the three cases still open, citing both.
 * Places and problems are those of the demo cases (src/demo/demo-case-texts.ts).
 */

/** A sample case; `lag` is how many working days before the first letter of the chain its deadline fell. */
type SampleCase = Omit<LetterCase, 'number' | 'deadline' | 'overdueDays'> & { serial: number; lag: number };

const CHUANHUI_CASES: SampleCase[] = [
  {
    serial: 118,
    description: '人民路北段背街小巷堆积生活垃圾，无人清理，招引蚊蝇',
    address: '周口市川汇区人民路北段（富强街口）',
    unitName: '川汇区陈州街回族街道',
    lag: 5,
  },
  {
    serial: 131,
    description: '早市摊点占道经营，散市后遗留大量垃圾',
    address: '周口市川汇区八一路与七一路交叉口南侧',
    unitName: '川汇区人和街街道',
    lag: 4,
  },
  {
    serial: 146,
    description: '小区出入口共享单车乱停放，占用消防通道',
    address: '周口市川汇区莲花路荷花小区北门',
    unitName: '川汇区荷花路街道',
    lag: 3,
  },
  {
    serial: 152,
    description: '垃圾收集点周边污水横流，地面油污严重',
    address: '周口市川汇区工农路与交通路交叉口西北角',
    unitName: '川汇区城南街道',
    lag: 2,
  },
];

const CGJ_CASES: SampleCase[] = [
  {
    serial: 123,
    description: '流动摊贩占道经营，散市后遗留大量垃圾，影响行人通行',
    address: '周口市川汇区七一路与八一路交叉口东北角',
    unitName: '市城市管理局',
    lag: 6,
  },
  {
    serial: 127,
    description: '人行道共享单车乱停放约40辆，阻塞盲道',
    address: '周口市川汇区交通路（人民路至工农路段）',
    unitName: '市城市管理局',
    lag: 5,
  },
  {
    serial: 139,
    description: '公交站台旁垃圾桶满溢，周边散落生活垃圾未及时清运，异味明显',
    address: '周口市川汇区文昌大道与中州大道交叉口公交站',
    unitName: '市城市管理局',
    lag: 4,
  },
  {
    serial: 141,
    description: '沿街商户店外经营，餐桌摆放至人行道',
    address: '周口市川汇区中州大道莲花路口北50米',
    unitName: '市城市管理局',
    lag: 3,
  },
  {
    serial: 157,
    description: '绿化带内暴露装修垃圾约20袋，影响市容',
    address: '周口市川汇区建设大道与大庆路交叉口西南角',
    unitName: '市城市管理局',
    lag: 2,
  },
];

const CONTACT = '联系人：王敏，联系电话：0394-8296172';

function rungOf(type: LetterType): Rung {
  const rung = DEMO_LADDER.rungs.find((r) => r.type === type);
  if (!rung) throw new RangeError(`no rung of type ${type} in the demo ladder`);
  return rung;
}

/** The working day `n` working days before `day`. */
function workingDaysBefore(day: string, n: number): string {
  let d = day;
  for (let k = 0; k < n; d = shiftDay(d, -1)) if (isWorkingDay(shiftDay(d, -1))) k += 1;
  return d;
}

/** Whole calendar days from `a` to `b` (both YYYY-MM-DD). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * A realistic sample letter of `type`, issued on the China date of `now` (the number's
 * year is that date's year; cases are overdue as of that day).
 */
export function sampleLetter(type: LetterType, now: Date): LetterDocument {
  const rung = rungOf(type);
  const issueDay = chinaDay(now);
  const year = Number(issueDay.slice(0, 4));
  // The reply is due on the n-th working day after the issue day (addWorkingDays gives the midnight ending it).
  const replyDeadline = shiftDay(chinaDay(addWorkingDays(now, rung.replyWorkingDays)), -1);

  // The chain runs backwards from the issue day by the ladder's spacing: a 督办函 comes
  // 3 working days after its 提醒函, a 问责函 5 after its 督办函 (DEMO_LADDER's
  // open_after_previous triggers), and every case was already overdue at the first letter.
  const supervisionDay = type === '问责函' ? workingDaysBefore(issueDay, 5) : issueDay;
  const reminderDay = type === '提醒函' ? issueDay : workingDaysBefore(supervisionDay, 3);
  const prior: PriorLetter[] = [];
  if (type !== '提醒函')
    prior.push({ typeLabel: '提醒函', number: formatLetterNumber(rungOf('提醒函').issuer.code, year, 9), issueDay: reminderDay });
  if (type === '问责函')
    prior.push({ typeLabel: '督办函', number: formatLetterNumber(rungOf('督办函').issuer.code, year, 4), issueDay: supervisionDay });

  const unitName = type === '提醒函' ? '川汇区人民政府' : '市城市管理局';
  const source = type === '提醒函' ? CHUANHUI_CASES : type === '督办函' ? CGJ_CASES : CGJ_CASES.slice(0, 3);
  const cases: LetterCase[] = source.map(({ serial, lag, ...c }) => {
    const deadline = workingDaysBefore(reminderDay, lag);
    return {
      ...c,
      number: `${year}-${String(serial).padStart(6, '0')}`,
      deadline: formatChineseDate(deadline),
      overdueDays: daysBetween(deadline, issueDay),
    };
  });

  const r = rung.recipient;
  const recipient: LetterRecipient = r.kind === 'office' ? { kind: 'office', unitName, officeName: r.name } : { kind: r.kind, unitName };
  const serial = { 提醒函: 12, 督办函: 7, 问责函: 2 }[type];

  return {
    issuerName: rung.issuer.name,
    number: formatLetterNumber(rung.issuer.code, year, serial),
    typeLabel: type,
    title: composeLetterTitle(type, unitName),
    addressee: composeAddressee(recipient),
    bodyParagraphs: composeLetterBody({
      typeLabel: type,
      recipient,
      caseCount: cases.length,
      maxOverdueDays: Math.max(...cases.map((c) => c.overdueDays)),
      replyDeadline,
      prior,
    }),
    replyDeadline,
    issueDay,
    signatory: rung.issuer.name,
    cases,
    contact: CONTACT,
  };
}
