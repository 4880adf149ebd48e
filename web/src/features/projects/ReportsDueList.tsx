import { Link } from 'react-router-dom';
import { Alert, Card, List, Spin, Tag } from 'antd';
import { projectInvestmentApi } from '../../api/project-investment.js';
import { useApi } from '../../components/useApi.js';
import { fmtDate } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import { REPORT_STANDING_LABELS } from '../../../../src/shared/project-enums.js';

/**
 * 本月待报: the months of the caller's own projects not filed yet (due, or already missing),
 * oldest first, each linking to the project's page where the report is filed. Made for the
 * project unit's landing page (any page may show it).
 */
export function ReportsDueList() {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const due = useApi(() => projectInvestmentApi.due(), 'due');
  return (
    <Card title={t('invest.due.title')} size="small" data-testid="reports-due">
      {due.loading ? (
        <Spin />
      ) : due.error ? (
        <Alert type="error" message={errorText(due.error)} />
      ) : (
        <List
          size="small"
          dataSource={due.data?.items ?? []}
          locale={{ emptyText: t('invest.due.empty') }}
          renderItem={(i) => (
            <List.Item data-testid="reports-due-item">
              <Link to={`/projects/${i.projectId}`}>{i.projectName}</Link>
              <span>
                {t('invest.monthOf', { year: i.year, month: i.month })}{' '}
                <Tag color={i.standing === 'missing' ? 'red' : 'blue'}>{label(REPORT_STANDING_LABELS[i.standing])}</Tag>
                {/* Due at the next midnight: the last day in time is the one before. */}
                {t('invest.due.by', { time: fmtDate(new Date(Date.parse(i.dueAt) - 1).toISOString()) })}
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
