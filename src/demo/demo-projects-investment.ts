/**
 * The demo's investment progress (issue 14 points 4 and 9): for each 在建工业项目 the projects
 * office sets the annual plan in January and the project unit files every ended month's report
 * early in the next month, so that the roll-up reads the seed page's 已完成投资52.8亿元，占年度计划
 * 投资的70.2% from the reports. Pure data here; demo-projects.ts plays it through the services.
 */
import { monthlyCompleted, reportYear, type DemoProjectSpec } from './demo-projects-data.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** What a project unit writes as a month's progress, by month (an industrial site through a year). */
const PROGRESS = [
  '厂房基础施工，完成桩基检测',
  '主体结构施工，钢结构进场',
  '钢结构吊装完成过半',
  '屋面及墙面围护施工',
  '设备基础施工，主要设备订货',
  '生产线设备陆续进场',
  '设备安装调试',
  '配套水电气管网施工',
  '办公及配套用房装修',
  '生产线联动调试',
  '厂区道路及绿化施工',
  '收尾及竣工验收准备',
];

/** Problems some months report (要素保障 asked for elsewhere as obstacles). */
const PROBLEMS = ['', '', '专用变压器增容手续办理中', '', '用工缺口约40人，已对接县人社局', '', '', '', '部分设备到货延迟', '', '', ''];

/** A plan the projects office sets: the project's annual plan of `year`, on the day (China). */
export interface DemoPlanStep {
  year: number;
  day: string;
  /** 万元. */
  plan: number;
}

/** A month's report the project unit files on `day` (China). */
export interface DemoReportStep {
  day: string;
  year: number;
  month: number;
  /** 万元 (2 decimals). */
  completed: number;
  /** Completed since the start before this month, on the earliest month only (万元). */
  opening?: number;
  progress: string;
  problems: string;
}

/**
 * The plans and reports of a 在建工业项目 as of `today` (none for other projects). Reports are
 * filed on the 3rd of the next month, March and September of every seventh project on the 8th
 * (after the due day, so the register shows late months too); the first carries what was
 * completed before the report year. In January the plans of both years are set (this year's has
 * no report yet).
 */
export function demoInvestment(spec: DemoProjectSpec, index: number, today: string): { plans: DemoPlanStep[]; reports: DemoReportStep[] } {
  if (!spec.investment) return { plans: [], reports: [] };
  const { year } = reportYear(today);
  const thisYear = Number(today.slice(0, 4));
  const planDay = (y: number) => `${y}-01-${pad(8 + (index % 10))}`;
  const plans = [{ year, day: planDay(year), plan: spec.investment.plan }];
  if (year !== thisYear) plans.push({ year: thisYear, day: planDay(thisYear), plan: spec.investment.plan });
  // Before the report year: a share of what the plan leaves of the total, never more than is left.
  const opening = Math.max(0, Math.round((spec.total - spec.investment.plan) * 0.35));
  const reports = monthlyCompleted(spec.investment.completed, today).map((m, i) => {
    const next = m.month === 12 ? { y: m.year + 1, m: 1 } : { y: m.year, m: m.month + 1 };
    return {
      // A few months filed after the due day (every seventh project, one quarter-end in three).
      day: `${next.y}-${pad(next.m)}-${index % 7 === 3 && m.month % 3 === 0 && i % 2 === 0 ? '08' : '03'}`,
      year: m.year,
      month: m.month,
      completed: m.amountWanCents / 100,
      ...(i === 0 ? { opening } : {}),
      progress: `${PROGRESS[(m.month - 1 + index) % PROGRESS.length]}。`,
      problems: PROBLEMS[(m.month + index) % PROBLEMS.length]!,
    };
  });
  return { plans, reports };
}
