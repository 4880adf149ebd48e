import { Card, Segmented, Table, Tooltip } from 'antd';
import { useState } from 'react';
import { projectVisitsApi } from '../../api/project-visits.js';
import { useApi } from '../../components/useApi.js';
import { useWeekLabel, VisitWeekTag } from './VisitWeekTag.js';
import { useI18n } from '../../i18n/i18n.js';
import type { VisitComplianceQuery, VisitWeek } from '../../../../src/shared/contracts/project-visits.contract.js';

/** A week's cell: visits / target, green when met. */
function WeekCell({ w, extra }: { w: VisitWeek; extra?: string }) {
  const weekLabel = useWeekLabel();
  return (
    <Tooltip title={`${weekLabel(w.week)}${extra ? ` · ${extra}` : ''}`}>
      <span>
        <VisitWeekTag w={w} testId={`compliance-${w.week}`} />
      </span>
    </Tooltip>
  );
}

/**
 * "4个1" compliance, week by week (ISO weeks, Beijing time): per leader in charge (visits over
 * his projects against the per-project target times his projects; met only when each project
 * met it) or per project. `query` narrows it (county, work team, leader, the last week and how
 * many); by default this week and the last. Reusable: the work team page passes its team.
 */
export function VisitComplianceTable({ query = {}, title }: { query?: VisitComplianceQuery; title?: string }) {
  const { t } = useI18n();
  const weekLabel = useWeekLabel();
  const [by, setBy] = useState<'leader' | 'project'>('leader');
  const loaded = useApi(() => projectVisitsApi.compliance(query), query);
  const c = loaded.data;
  const weeks = c?.weeks ?? [];
  return (
    <Card
      size="small"
      title={title ?? t('visit.compliance')}
      data-testid="visit-compliance"
      extra={
        <Segmented
          size="small"
          value={by}
          onChange={(v) => setBy(v as 'leader' | 'project')}
          options={[
            { value: 'leader', label: t('visit.byLeader') },
            { value: 'project', label: t('visit.byProject') },
          ]}
        />
      }
    >
      {by === 'leader' ? (
        <Table
          size="small"
          rowKey="leaderId"
          loading={loaded.loading}
          pagination={false}
          dataSource={c?.leaders ?? []}
          scroll={{ x: true }}
          columns={[
            { title: t('visit.leader'), dataIndex: 'leaderName', key: 'name' },
            ...weeks.map((wk, i) => ({
              title: weekLabel(wk.week),
              key: wk.week,
              render: (_: unknown, l: NonNullable<typeof c>['leaders'][number]) => {
                const w = l.weeks[i];
                return w ? <WeekCell w={w} extra={t('visit.projectsMet', { met: w.projectsMet, n: l.projects })} /> : '—';
              },
            })),
          ]}
        />
      ) : (
        <Table
          size="small"
          rowKey="projectId"
          loading={loaded.loading}
          pagination={false}
          dataSource={c?.projects ?? []}
          scroll={{ x: true }}
          columns={[
            { title: t('project.name'), dataIndex: 'projectName', key: 'name' },
            { title: t('project.county'), dataIndex: 'countyName', key: 'county', responsive: ['md'] },
            {
              title: t('visit.leader'),
              key: 'leader',
              render: (_, p) => c?.leaders.find((l) => l.leaderId === p.leaderId)?.leaderName ?? '—',
            },
            ...weeks.map((wk, i) => ({
              title: weekLabel(wk.week),
              key: wk.week,
              render: (_: unknown, p: NonNullable<typeof c>['projects'][number]) => {
                const w = p.weeks[i];
                return w ? <WeekCell w={w} /> : '—';
              },
            })),
          ]}
        />
      )}
    </Card>
  );
}
