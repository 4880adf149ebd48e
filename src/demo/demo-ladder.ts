import { DEFAULT_LADDER, type Issuer, type Ladder, type Rung } from '../domain/letters/ladder.js';

/** The demo city's issuer: the 创建 HQ on the seed page (周口日报, 2022-08-03). */
export const DEMO_ISSUER_NAME = '周口市创建全国文明城市指挥部';

/**
 * The office that receives 问责函 in the demo. Accountability (问责) is not the HQ's own
 * power: in practice the HQ hands the case to the discipline inspection organ, so the
 * 问责函 goes to the 纪检监察组 stationed with the city, about the unit concerned. The
 * demo directory must contain a unit with this code.
 */
export const DEMO_ACCOUNTABILITY_OFFICE = { unitCode: '411600-JJJCZ', name: '市纪委监委驻市委办公室纪检监察组' } as const;

/** The demo HQ's 机关代字 per rung key, and for hand letters of other types. */
const DEMO_CODES: Record<string, string> = { reminder: '周创指提', supervision: '周创指督', accountability: '周创指责' };
const issuer = (code: string): Issuer => ({ name: DEMO_ISSUER_NAME, code });

/**
 * The demo city 周口市's ladder: the product's {@link DEFAULT_LADDER} (its rungs,
 * triggers and reply times) configured with the city's names. Each type has its own
 * 代字, so each has its own gapless number series: 提醒函 周创指提, 督办函 周创指督,
 * 问责函 周创指责 (to {@link DEMO_ACCOUNTABILITY_OFFICE}). Letters HQ drafts by hand of
 * any other type (工作联系函, 通报…) are numbered under 周创指函, the HQ's 函 series.
 * Demo mode runs with it as the ladder in force (demo-wiring.ts).
 */
export const DEMO_LADDER: Ladder = {
  rungs: DEFAULT_LADDER.rungs.map((r): Rung => ({
    ...r,
    issuer: issuer(DEMO_CODES[r.key]!),
    recipient: r.recipient.kind === 'office' ? { kind: 'office', ...DEMO_ACCOUNTABILITY_OFFICE } : r.recipient,
  })),
  handLetters: { ...DEFAULT_LADDER.handLetters!, issuer: issuer('周创指函') },
};
