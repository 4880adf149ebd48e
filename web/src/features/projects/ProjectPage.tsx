import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Drawer, Input, List, Modal, Row, Spin, Table, Tag } from 'antd';
import { projectsApi } from '../../api/projects.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { fmtTime } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import type { Project, ProjectMilestone } from '../../../../src/shared/contracts/projects.contract.js';
import {
  BATCH_ROLE_LABELS,
  PROJECT_CATEGORY_LABELS,
  PROJECT_LEVEL_LABELS,
  PROJECT_STAGE_LABELS,
  PROJECT_STATUS_LABELS,
} from '../../../../src/shared/project-enums.js';
import { fmtInvestment } from './money.js';
import { InvestmentCard } from './InvestmentCard.js';
import { ObstaclesCard } from './ObstaclesCard.js';
import { ProjectForm } from './ProjectForm.js';
import { ProjectVisitsCard } from './ProjectVisitsCard.js';
import { StageRecordForm } from './StageRecordForm.js';
import { StageTimeline } from './StageTimeline.js';

/**
 * A project's page: the register fields, the project unit's people, the plan (一套方案) and the
 * stage records, with what the reply says the caller may do — record a stage (project unit),
 * confirm or send back (work team, projects office), edit at the version read, 终止.
 */
export default function ProjectPage() {
  const { id } = useParams();
  const projectId = Number(id);
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const loaded = useApi(() => projectsApi.get(projectId), projectId);
  // A reply of an action replaces the loaded project until the next reload.
  const [fresh, setFresh] = useState<Project | null>(null);
  const [editing, setEditing] = useState(false);
  const [terminating, setTerminating] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const p = fresh && fresh.id === projectId && fresh.version >= (loaded.data?.version ?? 0) ? fresh : loaded.data;
  const reload = () => {
    setFresh(null);
    loaded.reload();
  };

  if (!p) return loaded.loading ? <Spin /> : <Alert type="error" message={loaded.error ? errorText(loaded.error) : ''} />;
  const active = p.status === 'active';
  const num = (v: number | null, unit = '') => (v === null ? '—' : `${v}${unit}`);

  async function terminate() {
    if (!p) return;
    setBusy(true);
    try {
      setFresh(await projectsApi.terminate(p.id, p.version, reason.trim()));
      void message.success(t('project.terminated'));
      setTerminating(false);
    } catch {
      // toasted by the client
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="page-project">
      <PageHeader
        title={
          <>
            {p.name}{' '}
            <Tag color={active ? 'blue' : 'default'} data-testid="project-stage">
              {active ? label(PROJECT_STAGE_LABELS[p.currentStage]) : label(PROJECT_STATUS_LABELS[p.status])}
            </Tag>
            {active && p.pendingStage && (
              <Tag color="orange" data-testid="project-pending">
                {t('project.pending', { stage: label(PROJECT_STAGE_LABELS[p.pendingStage]) })}
              </Tag>
            )}
          </>
        }
        extra={
          <>
            <Button onClick={() => void projectsApi.oc4idsProject(p.id).catch(() => undefined)} data-testid="project-oc4ids">
              {t('project.oc4ids')}
            </Button>
            {p.canEdit && active && (
              <Button onClick={() => setEditing(true)} data-testid="project-edit">
                {t('project.edit')}
              </Button>
            )}
            {p.canManage && active && (
              <Button danger onClick={() => setTerminating(true)} data-testid="project-terminate">
                {t('project.terminate')}
              </Button>
            )}
          </>
        }
      />
      {!active && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('project.terminatedAt', { time: fmtTime(p.terminatedAt), reason: p.terminationReason ?? '' })}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('project.register')} size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small" data-testid="project-fields">
              <Descriptions.Item label={t('project.code')}>{p.code}</Descriptions.Item>
              <Descriptions.Item label={t('project.county')}>{p.countyName}</Descriptions.Item>
              <Descriptions.Item label={t('project.level')}>{label(PROJECT_LEVEL_LABELS[p.level])}</Descriptions.Item>
              <Descriptions.Item label={t('project.category')}>{label(PROJECT_CATEGORY_LABELS[p.category])}</Descriptions.Item>
              <Descriptions.Item label={t('project.industryChain')}>{p.industryChain ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('project.investor')}>{p.investor ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('project.totalInvestment')}>{fmtInvestment(p.totalInvestment, t)}</Descriptions.Item>
              <Descriptions.Item label={t('project.landMu')}>{num(p.landMu)}</Descriptions.Item>
              <Descriptions.Item label={t('project.floorArea')}>{num(p.floorAreaM2)}</Descriptions.Item>
              <Descriptions.Item label={t('project.output')}>{num(p.expectedAnnualOutput)}</Descriptions.Item>
              <Descriptions.Item label={t('project.tax')}>{num(p.expectedAnnualTax)}</Descriptions.Item>
              <Descriptions.Item label={t('project.jobs')}>{num(p.jobs)}</Descriptions.Item>
              <Descriptions.Item label={t('project.workTeam')}>{p.workTeamName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('project.leader')}>{p.leader?.name ?? '—'}</Descriptions.Item>
              {p.lon !== null && p.lat !== null && (
                <Descriptions.Item label={t('project.location')}>
                  {p.lon.toFixed(5)}, {p.lat.toFixed(5)}
                </Descriptions.Item>
              )}
              {p.batches.length > 0 && (
                <Descriptions.Item label={t('project.batches')}>
                  {p.batches.map((b) => (
                    <Link key={b.id} to={`/projects/batches/${b.id}`} style={{ marginRight: 8 }}>
                      {b.name}
                      {t('common.paren', { x: label(BATCH_ROLE_LABELS[b.role]) })}
                    </Link>
                  ))}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={t('project.plan')} size="small" style={{ marginTop: 16 }}>
            <Table<ProjectMilestone>
              size="small"
              rowKey={(m) => `${m.name}-${m.plannedDate}`}
              pagination={false}
              dataSource={p.milestones}
              locale={{ emptyText: '—' }}
              data-testid="project-milestones"
              columns={[
                {
                  title: t('project.milestone'),
                  key: 'name',
                  render: (_, m) => (m.stage ? `${label(PROJECT_STAGE_LABELS[m.stage])} · ${m.name}` : m.name),
                },
                { title: t('project.plannedDate'), dataIndex: 'plannedDate', key: 'planned', width: 110 },
                { title: t('project.actualDate'), key: 'actual', width: 110, render: (_, m) => m.actualDate ?? '—' },
              ]}
            />
          </Card>
          <Card title={t('project.members')} size="small" style={{ marginTop: 16 }}>
            <List
              size="small"
              dataSource={p.members}
              locale={{ emptyText: '—' }}
              data-testid="project-members"
              renderItem={(m) => (
                <List.Item>
                  {m.name}
                  {m.title ? ` · ${m.title}` : ''}
                </List.Item>
              )}
            />
          </Card>
          {/* Tables with many columns: in the wide column. */}
          <InvestmentCard projectId={p.id} />
          <ProjectVisitsCard projectId={p.id} />
          <ObstaclesCard projectId={p.id} />
        </Col>
        <Col xs={24} lg={10}>
          {p.canReport && active && (
            <Card title={t('project.recordStage')} size="small" style={{ marginBottom: 16 }}>
              <StageRecordForm project={p} onDone={setFresh} />
            </Card>
          )}
          <Card title={t('project.timeline')} size="small">
            <StageTimeline project={p} onChanged={setFresh} />
          </Card>
        </Col>
      </Row>
      <Drawer
        open={editing}
        width={Math.min(640, window.innerWidth)}
        onClose={() => setEditing(false)}
        destroyOnHidden
        title={t('project.edit')}
      >
        {editing && (
          <ProjectForm
            project={p}
            canManage={p.canManage}
            onDone={(saved) => {
              setFresh(saved);
              setEditing(false);
            }}
            onStale={() => {
              setEditing(false);
              reload();
            }}
          />
        )}
      </Drawer>
      <Modal
        open={terminating}
        title={t('project.terminate')}
        okText={t('project.terminate')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy }}
        onCancel={() => setTerminating(false)}
        onOk={() => void terminate()}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={2000}
          placeholder={t('project.terminateReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="project-terminate-reason"
        />
      </Modal>
    </div>
  );
}
