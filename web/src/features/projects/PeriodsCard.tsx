import { useState } from 'react';
import { Card, DatePicker, Flex, InputNumber, Typography } from 'antd';
import dayjs from 'dayjs';
import { projectsApi } from '../../api/projects.js';
import { useApi } from '../../components/useApi.js';
import { beijingToday, pickerDay } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ProjectBatch } from '../../../../src/shared/contracts/projects.contract.js';
import { fmtInvestment } from './money.js';
import { RatesTable, type RatesColumn } from './RatesTable.js';

/**
 * Periods of a county side by side: each batch of 第 from–to 期 in a column and their sum
 * (GET /api/project-batches/rates) in the last, as of a day. Starts with the first four
 * periods ("前四期") or as many as there are.
 */
export function PeriodsCard({ countyUnitId, batches }: { countyUnitId: number; batches: ProjectBatch[] }) {
  const { t } = useI18n();
  const seqs = batches.map((b) => b.seq).sort((a, b) => a - b);
  const [from, setFrom] = useState(seqs[0] ?? 1);
  const [to, setTo] = useState(Math.min(seqs[0] ?? 1, 1) + 3);
  const [asOf, setAsOf] = useState(beijingToday());
  const inRange = batches.filter((b) => b.seq >= from && b.seq <= to).sort((a, b) => a.seq - b.seq);
  const args = { countyUnitId, from, to, asOf, ids: inRange.map((b) => b.id) };
  const data = useApi(
    () =>
      Promise.all([
        projectsApi.rangeRates(countyUnitId, from, Math.max(from, to), asOf),
        ...inRange.map((b) => projectsApi.batchRates(b.id, asOf)),
      ]),
    args,
  );
  const [sum, ...each] = data.data ?? [];
  const columns: RatesColumn[] = sum
    ? [
        ...inRange.map((b, i) => ({ key: `seq${b.seq}`, title: t('batch.seqN', { n: b.seq }), rates: each[i]! })).filter((c) => c.rates),
        { key: 'range', title: `${t('batch.seqN', { n: from })}—${t('batch.seqN', { n: to })}`, rates: sum },
      ]
    : [];

  return (
    <Card title={t('batch.range')} size="small" style={{ marginTop: 16 }} data-testid="batch-periods">
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>{t('batch.fromSeq')}</Typography.Text>
        <InputNumber min={1} max={1000} value={from} onChange={(v) => v && setFrom(v)} style={{ width: 70 }} data-testid="periods-from" />
        <Typography.Text>{t('batch.toSeq')}</Typography.Text>
        <InputNumber min={1} max={1000} value={to} onChange={(v) => v && setTo(v)} style={{ width: 70 }} data-testid="periods-to" />
        <Typography.Text>{t('batch.period')}</Typography.Text>
        <Typography.Text>{t('batch.asOf')}</Typography.Text>
        <DatePicker allowClear={false} value={dayjs(asOf)} onChange={(d) => d && setAsOf(pickerDay(d))} />
      </Flex>
      {sum && (
        <Typography.Paragraph type="secondary" data-testid="periods-summary">
          {t('batch.rangeTitle', { from, to, n: sum.projects, inv: fmtInvestment(sum.totalInvestment, t) })}
        </Typography.Paragraph>
      )}
      <RatesTable columns={columns} testId="periods-rates" />
    </Card>
  );
}
