import { Link } from 'react-router-dom';
import { Card, Col, Row, Table, Tag, Typography } from 'antd';
import { PROJECT_STAGE_LABELS } from '../../../../src/shared/project-enums.js';
import { projectsApi } from '../../api/projects.js';
import { useApi } from '../../components/useApi.js';
import { useI18n, type TFunction } from '../../i18n/i18n.js';
import { fmtInvestment } from './money.js';
import { PROJECT_SLOTS, type ProjectsViewer } from './projectSlots.js';

/** One slot: the module's component when present, else a line saying it comes with that module. */
function Slot({ name, viewer, title, t }: { name: keyof typeof PROJECT_SLOTS; viewer: ProjectsViewer; title: string; t: TFunction }) {
  const C = PROJECT_SLOTS[name];
  return (
    <Card size="small" title={title} data-testid={`projects-slot-${name}`} data-filled={C ? 'true' : 'false'}>
      {C ? <C viewer={viewer} /> : <Typography.Text type="secondary">{t('rollup.slot.pending')}</Typography.Text>}
    </Card>
  );
}

/**
 * The landing block of a work team (专班项目: its industry's projects and their stages, obstacles,
 * the leaders' visits) or of a project unit (我的项目: its projects, the report due, its obstacles),
 * shown on the projects overview above the figures. The list is the register's, scoped by the
 * server; obstacles, visits and reports are slots the later modules fill (projectSlots.ts).
 */
export function ProjectsHome({ viewer }: { viewer: ProjectsViewer }) {
  const { t, label } = useI18n();
  const list = useApi(() => projectsApi.list({ pageSize: 100 }), 'home');
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid={`projects-home-${viewer}`}>
      <Col xs={24} xl={14}>
        <Card size="small" title={t(viewer === 'team' ? 'rollup.team' : 'rollup.mine')} loading={list.loading && !list.data}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={list.data?.items ?? []}
            columns={[
              { title: t('project.name'), key: 'name', render: (_, p) => <Link to={`/projects/${p.id}`}>{p.name}</Link> },
              {
                title: t('rollup.stages'),
                key: 'stage',
                render: (_, p) => <Tag color="blue">{label(PROJECT_STAGE_LABELS[p.currentStage])}</Tag>,
              },
              { title: t('project.totalInvestment'), key: 'inv', align: 'right', render: (_, p) => fmtInvestment(p.totalInvestment, t) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Row gutter={[12, 12]}>
          {viewer === 'unit' && (
            <Col xs={24}>
              <Slot name="reports" viewer={viewer} title={t('rollup.slot.reports')} t={t} />
            </Col>
          )}
          <Col xs={24}>
            <Slot name="obstacles" viewer={viewer} title={t('rollup.slot.obstacles')} t={t} />
          </Col>
          {viewer === 'team' && (
            <Col xs={24}>
              <Slot name="visits" viewer={viewer} title={t('rollup.slot.visits')} t={t} />
            </Col>
          )}
        </Row>
      </Col>
    </Row>
  );
}
