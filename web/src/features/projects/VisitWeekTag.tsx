import { Tag } from 'antd';
import { useI18n } from '../../i18n/i18n.js';
import type { VisitWeek } from '../../../../src/shared/contracts/project-visits.contract.js';

/** "2026年第49周" / "2026 week 49" from the ISO week key, in the UI's language. */
export function useWeekLabel(): (week: string) => string {
  const { t } = useI18n();
  return (week) => {
    const [year, n] = week.split('-W');
    return t('visit.weekOf', { year: year ?? week, n: Number(n ?? 0) });
  };
}

/**
 * A week against the target: green when met, red when missed, blue while the week is still
 * running and not met yet (Monday's 0/3 is not a failure).
 */
export function VisitWeekTag({ w, withLabel = false, testId }: { w: VisitWeek; withLabel?: boolean; testId: string }) {
  const { t } = useI18n();
  const weekLabel = useWeekLabel();
  const running = !w.met && Date.now() < Date.parse(w.end);
  const status = w.met ? t('visit.met') : running ? t('visit.running') : t('visit.notMet');
  return (
    <Tag color={w.met ? 'green' : running ? 'blue' : 'red'} data-testid={testId}>
      {withLabel ? `${weekLabel(w.week)}：` : ''}
      {w.visits}/{w.target} {status}
    </Tag>
  );
}
