import { Card, Col, Row } from 'antd';
import type { Me } from '../../api/auth.js';
import { useI18n } from '../../i18n/i18n.js';
import { ScopeObstacles } from './ObstacleList.js';
import { ReportsDueList } from './ReportsDueList.js';
import { VisitComplianceTable } from './VisitComplianceTable.js';

/** Who a projects landing block is for: a work team (its industry's projects) or a project unit (its own). */
export type ProjectsViewer = 'team' | 'unit';

/**
 * Whose landing blocks the person gets: none for those who read a whole county (leaders, the
 * projects office) — the register and the overview are theirs — else the work team's or the
 * project unit's.
 */
export function projectsViewer(me: Me): ProjectsViewer | null {
  const roles = me.roles.map((r) => r.role);
  if (roles.some((r) => r === 'leader' || r === 'projects_office')) return null;
  if (roles.includes('work_team')) return 'team';
  if (roles.includes('project_owner')) return 'unit';
  return null;
}

/**
 * The landing blocks above the project list (项目库, the home of both roles; the list below is
 * already scoped by the server and shows each project's stage and the stage waiting to be
 * confirmed). A work team (专班) sees its projects' open obstacles and its leaders' weekly "4个1"
 * visit compliance; a project unit (项目单位) sees the monthly reports it still owes (each
 * linking to the project page where it files them) and its open obstacles. Every endpoint
 * scopes to the caller: the team's projects, or the unit's own.
 */
export function ProjectsHome({ viewer }: { viewer: ProjectsViewer }) {
  const { t } = useI18n();
  const obstacles = (
    <Card size="small" title={t('rollup.slot.obstacles')} data-testid="projects-home-obstacles">
      <ScopeObstacles />
    </Card>
  );
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid={`projects-home-${viewer}`}>
      {viewer === 'unit' ? (
        <>
          <Col xs={24} xl={10}>
            <ReportsDueList />
          </Col>
          <Col xs={24} xl={14}>
            {obstacles}
          </Col>
        </>
      ) : (
        <>
          <Col xs={24} xl={12}>
            <VisitComplianceTable title={t('rollup.slot.visits')} />
          </Col>
          <Col xs={24} xl={12}>
            {obstacles}
          </Col>
        </>
      )}
    </Row>
  );
}
