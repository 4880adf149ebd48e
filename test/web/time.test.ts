/**
 * Beijing time whatever the machine's zone (issue 11, point 20): display and the date
 * pickers' wall-clock values, run with the process in New York and in Kiritimati (UTC+14).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dayjs from 'dayjs';

const ZONES = ['America/New_York', 'Pacific/Kiritimati', 'UTC'];
const original = process.env.TZ;

for (const zone of ZONES) {
  describe(`times in Beijing with the browser in ${zone}`, () => {
    // Node reads TZ when a Date is made, so setting it here applies to dayjs too.
    beforeAll(() => {
      process.env.TZ = zone;
    });
    afterAll(() => {
      process.env.TZ = original;
    });

    it('shows a deadline at the Beijing minute and day', async () => {
      const { fmtDate, fmtTime } = await import('../../web/src/components/time.js');
      // 2026-03-09T16:00Z is midnight on 10 March in Beijing (and 11:00 on the 9th in New York).
      expect(fmtTime('2026-03-09T16:00:00.000Z')).toBe('2026-03-10 00:00');
      expect(fmtDate('2026-03-09T15:59:59.999Z')).toBe('2026-03-09');
      expect(fmtTime(null)).toBe('');
      expect(fmtTime('not a date')).toBe('');
    });

    it('gives pickers the Beijing wall clock and reads them back as Beijing time', async () => {
      const { beforeBeijingToday, beijingMidnight, beijingToday, fromPicker, pickerDay, toPicker } =
        await import('../../web/src/components/time.js');
      const p = toPicker('2026-03-09T16:30:00.000Z');
      expect(p.format('YYYY-MM-DD HH:mm')).toBe('2026-03-10 00:30');
      expect(fromPicker(p)).toBe('2026-03-09T16:30:00.000Z');
      // A day picked as 10 March starts at Beijing midnight.
      expect(beijingMidnight(pickerDay(dayjs('2026-03-10')))).toBe('2026-03-09T16:00:00.000Z');
      expect(beijingToday(Date.parse('2026-03-09T16:00:00Z'))).toBe('2026-03-10');
      expect(beijingToday(Date.parse('2026-03-09T15:59:00Z'))).toBe('2026-03-09');
      expect(beforeBeijingToday(dayjs('2000-01-01'))).toBe(true);
      expect(beforeBeijingToday(toPicker())).toBe(false);
    });
  });
}
