import { Link } from 'react-router-dom';
import { Alert, List, Space, Tag, Typography } from 'antd';
import { projectObstaclesApi } from '../../api/project-obstacles.js';
import { fmtTime } from '../../components/time.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import { CASE_STATE_LABELS, type CaseState } from '../../../../src/shared/case-enums.js';
import type { ProjectObstacle, ProjectObstacleQuery } from '../../../../src/shared/contracts/project-obstacles.contract.js';
import { OBSTACLE_KIND_LABELS } from '../../../../src/shared/project-enums.js';

const STATE_COLOR: Partial<Record<CaseState, string>> = {
  reported: 'gold',
  accepted: 'gold',
  dispatched: 'blue',
  acknowledged: 'blue',
  rectified: 'cyan',
  returned: 'orange',
  suspended: 'default',
  closed: 'green',
  rejected: 'default',
  merged: 'default',
};

/**
 * Obstacles (要素保障) as a compact list: kind, state (case labels), overdue flag, the case
 * number, the text, the responsible unit (the routing's department until HQ dispatches), the
 * deadline. With `showProject` each names its project (the landing page and the work team's).
 */
export function ObstacleList({
  items,
  loading,
  showProject = false,
  'data-testid': testId = 'obstacle-list',
}: {
  items: ProjectObstacle[];
  loading?: boolean;
  showProject?: boolean;
  'data-testid'?: string;
}) {
  const { t, label } = useI18n();
  return (
    <List<ProjectObstacle>
      size="small"
      loading={loading}
      dataSource={items}
      locale={{ emptyText: t('obstacle.none') }}
      data-testid={testId}
      renderItem={(o) => (
        <List.Item key={o.id} data-testid="obstacle-item">
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space size={4} wrap>
              <Tag color="purple" data-testid="obstacle-kind">
                {label(OBSTACLE_KIND_LABELS[o.kind])}
              </Tag>
              <Tag color={STATE_COLOR[o.state]} data-testid="obstacle-state">
                {label(CASE_STATE_LABELS[o.state])}
              </Tag>
              {o.overdue && (
                <Tag color="red" data-testid="obstacle-overdue">
                  {t('obstacle.overdue')}
                </Tag>
              )}
              <Link to={`/cases/${o.caseId}`}>{o.caseNumber}</Link>
              {showProject && <Link to={`/projects/${o.projectId}`}>{o.projectName}</Link>}
            </Space>
            <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
              {o.description}
            </Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <span data-testid="obstacle-unit">
                {t('obstacle.unit')}
                {t('common.colon')}
                {o.responsibleUnitName ?? '—'}
                {o.routed ? t('obstacle.routed') : ''}
              </span>
              {' · '}
              {t('obstacle.deadline')}
              {t('common.colon')}
              {o.deadline ? fmtTime(o.deadline) : t('obstacle.noDeadline')}
              {' · '}
              {t('obstacle.raisedAt')}
              {t('common.colon')}
              {fmtTime(o.raisedAt)}
              {o.raisedBy ? t('common.paren', { x: o.raisedBy.name }) : ''}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * The obstacles of every project the person may see, loaded from the list endpoint (e.g. the
 * open ones: `{ state: 'open' }`): for the project unit's landing page and the work team's page.
 */
export function ScopeObstacles({ query = { state: 'open' } }: { query?: ProjectObstacleQuery }) {
  const errorText = useErrorText();
  const loaded = useApi(() => projectObstaclesApi.list(query), query);
  if (loaded.error) return <Alert type="error" message={errorText(loaded.error)} />;
  return <ObstacleList items={loaded.data?.items ?? []} loading={loaded.loading} showProject data-testid="scope-obstacles" />;
}
