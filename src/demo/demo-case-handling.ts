import { CHINA_UTC_OFFSET_MS } from '../domain/calendar/work-calendar.js';
import type { DemoAccount } from './demo-city.js';
import { uniform, type Rng } from './demo-random.js';

/**
 * Who works the demo's cases, at which hours, and the photo they attach: shared by
 * the demo case loader (demo-cases.ts) and the inspection cases the demo evaluation
 * moves on (demo-evaluation-cases.ts).
 */

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** The handlers of the departments and counties demo cases are dispatched to, besides the documented ten accounts. */
export const DEMO_CASE_ACCOUNTS: DemoAccount[] = [
  { username: 'handler-zjj', displayName: '郑经办', unitCode: '411600-ZJJ', roles: [{ role: 'unit_handler', unitCode: '411600-ZJJ' }] },
  { username: 'handler-jtj', displayName: '冯经办', unitCode: '411600-JTJ', roles: [{ role: 'unit_handler', unitCode: '411600-JTJ' }] },
  { username: 'handler-gaj', displayName: '蒋经办', unitCode: '411600-GAJ', roles: [{ role: 'unit_handler', unitCode: '411600-GAJ' }] },
  {
    username: 'handler-sthjj',
    displayName: '何经办',
    unitCode: '411600-STHJJ',
    roles: [{ role: 'unit_handler', unitCode: '411600-STHJJ' }],
  },
  { username: 'handler-scj', displayName: '许经办', unitCode: '411600-SCJ', roles: [{ role: 'unit_handler', unitCode: '411600-SCJ' }] },
  {
    username: 'handler-yzglj',
    displayName: '韩经办',
    unitCode: '411600-YZGLJ',
    roles: [{ role: 'unit_handler', unitCode: '411600-YZGLJ' }],
  },
  { username: 'handler-xh', displayName: '杨经办', unitCode: '411622', roles: [{ role: 'unit_handler', unitCode: '411622' }] },
  { username: 'handler-xc', displayName: '朱经办', unitCode: '411681', roles: [{ role: 'unit_handler', unitCode: '411681' }] },
];

/** Who acts for a responsible unit: the first does the routine work, the others sometimes. */
export const UNIT_HANDLERS: Readonly<Record<string, readonly string[]>> = {
  '411600-CGJ': ['handler', 'unithead'],
  ...Object.fromEntries(DEMO_CASE_ACCOUNTS.map((a) => [a.unitCode, [a.username]])),
};

/** China hour of day (fractional) of an instant. */
export function chinaHour(t: number): number {
  return ((((t + CHINA_UTC_OFFSET_MS) % DAY) + DAY) % DAY) / HOUR;
}

/** Moves an instant into office hours [from, to) China time, to the next morning if need be. */
export function officeHours(rng: Rng, t: number, from = 8, to = 19): number {
  const h = chinaHour(t);
  if (h >= from && h < to) return t;
  const midnight = t - h * HOUR;
  return (h < from ? midnight : midnight + DAY) + from * HOUR + uniform(rng, 0, 80) * MIN;
}

/** A small street scene, made once and reused for every photo so loading stays fast. */
export async function demoPhoto(): Promise<Buffer> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120">' +
    '<rect width="160" height="120" fill="#a9cbe8"/><circle cx="130" cy="26" r="11" fill="#f4d35e"/>' +
    '<rect x="12" y="36" width="34" height="48" fill="#c9b79c"/><rect x="54" y="24" width="40" height="60" fill="#b5a58a"/>' +
    '<rect y="84" width="160" height="36" fill="#6b6b6b"/><rect x="0" y="100" width="160" height="3" fill="#eeeeee"/></svg>';
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
}
