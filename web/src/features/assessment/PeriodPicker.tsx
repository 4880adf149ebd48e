import { DatePicker, Flex, Segmented, Select } from 'antd';
import dayjs from 'dayjs';
import { pickerDay } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import { PERIOD_KINDS, PERIOD_KIND_LABELS, type PeriodKind } from '../../../../src/shared/assessment-enums.js';
import { firstDayOf, periodKeyOf, periodLabel } from './periodKeys.js';

interface Props {
  kind: PeriodKind;
  periodKey: string;
  onChange: (kind: PeriodKind, key: string) => void;
  /** Periods that already have results, offered first (newest first). */
  known?: string[];
  /** The key a kind starts at when switched to. */
  defaultKey: (kind: PeriodKind) => string;
}

/**
 * 周 / 月 / 季度 / 年度 and the period itself: a picker of that granularity (the week shown
 * as 2026年第49周, ISO-numbered like the server) and, when given, the periods that already
 * have results.
 */
export function PeriodPicker({ kind, periodKey, onChange, known, defaultKey }: Props) {
  const { t, label, locale } = useI18n();
  const zh = locale === 'zh-CN';
  return (
    <Flex gap={8} wrap align="center">
      <Segmented<PeriodKind>
        value={kind}
        onChange={(k) => onChange(k, defaultKey(k))}
        options={PERIOD_KINDS.map((k) => ({ value: k, label: label(PERIOD_KIND_LABELS[k]) }))}
        data-testid="assess-period-kind"
      />
      <DatePicker
        picker={kind === 'week' ? 'week' : kind}
        allowClear={false}
        value={dayjs(firstDayOf(periodKey))}
        format={() => periodLabel(periodKey, zh)}
        onChange={(d) => d && onChange(kind, periodKeyOf(kind, pickerDay(d)))}
        style={{ width: 170 }}
        data-testid="assess-period"
      />
      {known && known.length > 0 && (
        <Select<string>
          value={known.includes(periodKey) ? periodKey : undefined}
          placeholder={t('assess.result.knownPeriods')}
          onChange={(k) => onChange(kind, k)}
          style={{ width: 170 }}
          options={known.map((k) => ({ value: k, label: periodLabel(k, zh) }))}
          data-testid="assess-known-periods"
        />
      )}
    </Flex>
  );
}
