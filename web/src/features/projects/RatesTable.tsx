import { Table, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.js';
import type { ProjectRates, ProjectRateValue } from '../../../../src/shared/contracts/projects.contract.js';
import { PROJECT_RATES, PROJECT_RATE_LABELS, type ProjectRate } from '../../../../src/shared/project-enums.js';
import { fmtInvestment, fmtRate } from './money.js';

/** One column of rates: a batch, or a range of periods, with its heading. */
export interface RatesColumn {
  key: string;
  title: string;
  rates: ProjectRates;
}

/**
 * The four rates (履约率, 开工率, 投产率, 达产率) of one or several sets of projects side by side,
 * each count-based (with "n/m") and investment-weighted; "—" where the denominator is empty.
 */
export function RatesTable({ columns, testId }: { columns: RatesColumn[]; testId?: string }) {
  const { t, label } = useI18n();
  const byRate = (r: ProjectRates, rate: ProjectRate): ProjectRateValue | undefined => r.rates.find((x) => x.rate === rate);
  return (
    <Table
      size="small"
      rowKey="rate"
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      dataSource={PROJECT_RATES.map((rate) => ({ rate }))}
      columns={[
        { title: t('batch.rate'), key: 'rate', fixed: 'left', width: 80, render: (_, r) => label(PROJECT_RATE_LABELS[r.rate]) },
        ...columns.map((c) => ({
          title: c.title,
          key: c.key,
          render: (_: unknown, r: { rate: ProjectRate }) => {
            const v = byRate(c.rates, r.rate);
            if (!v) return '—';
            return (
              <div data-testid={`rate-${c.key}-${r.rate}`} style={{ whiteSpace: 'nowrap' }}>
                <Typography.Text strong>{fmtRate(v.value)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' '}
                  {t('batch.byCount')} {v.count}/{v.of}
                </Typography.Text>
                <br />
                <Typography.Text>{fmtRate(v.investmentValue)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' '}
                  {t('batch.byInvestment')} {fmtInvestment(v.investment, t)}/{fmtInvestment(v.investmentOf, t)}
                </Typography.Text>
              </div>
            );
          },
        })),
      ]}
    />
  );
}
