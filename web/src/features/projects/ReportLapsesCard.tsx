import { Link } from 'react-router-dom';
import { Card, Table, Tag } from 'antd';
import { projectInvestmentApi } from '../../api/project-investment.js';
import { useApi } from '../../components/useApi.js';
import { fmtDate, fmtTime } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ReportLapse } from '../../../../src/shared/contracts/project-investment.contract.js';
import { REPORT_STANDING_LABELS } from '../../../../src/shared/project-enums.js';

/**
 * 月报逾期清单: late and missing monthly investment reports of the projects the caller sees (the
 * projects office and the county; leaders read), newest month first, with the letters sent about
 * each. Shows nothing when there is none.
 */
export function ReportLapsesCard() {
  const { t, label } = useI18n();
  const lapses = useApi(() => projectInvestmentApi.lapses({ pageSize: 100 }), 'lapses');
  const items = lapses.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Card
      title={`${t('invest.lapseList')}${t('common.paren', { x: lapses.data?.total ?? 0 })}`}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="report-lapses"
    >
      <Table<ReportLapse>
        size="small"
        rowKey={(l) => `${l.projectId}-${l.year}-${l.month}`}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        dataSource={items}
        // Columns keep their natural width and the table scrolls sideways on a phone (names stay readable).
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('project.name'),
            key: 'name',
            render: (_, l) => (
              <Link to={`/projects/${l.projectId}`} style={{ display: 'inline-block', minWidth: 112, maxWidth: 280, whiteSpace: 'normal' }}>
                {l.projectName}
              </Link>
            ),
          },
          { title: t('project.county'), dataIndex: 'countyName', key: 'county', responsive: ['md'] },
          { title: t('invest.month'), key: 'month', render: (_, l) => t('invest.monthOf', { year: l.year, month: l.month }) },
          {
            title: t('invest.standing'),
            key: 'standing',
            render: (_, l) => (
              <Tag color={l.standing === 'missing' ? 'red' : 'orange'}>
                {label(REPORT_STANDING_LABELS[l.standing])}
                {l.filedAt ? ` ${fmtTime(l.filedAt)}` : ''}
              </Tag>
            ),
          },
          // Due at the next midnight: the last day in time is the one before.
          { title: t('invest.dueDay.short'), key: 'due', render: (_, l) => fmtDate(new Date(Date.parse(l.dueAt) - 1).toISOString()) },
          {
            title: t('invest.letters'),
            key: 'letters',
            render: (_, l) =>
              l.letters.length ? l.letters.map((x) => `${x.type}${x.number ? ` ${x.number}` : ''}`).join(t('common.listSep')) : '—',
          },
        ]}
      />
    </Card>
  );
}
