import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Drawer, Flex, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { projectsApi } from '../../api/projects.js';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { useApi } from '../../components/useApi.js';
import { useMe } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ProjectQuery, ProjectSummary } from '../../../../src/shared/contracts/projects.contract.js';
import {
  PROJECT_CATEGORIES,
  PROJECT_CATEGORY_LABELS,
  PROJECT_LEVELS,
  PROJECT_LEVEL_LABELS,
  PROJECT_STAGES,
  PROJECT_STAGE_LABELS,
  PROJECT_STATUSES,
  PROJECT_STATUS_LABELS,
  type ProjectCategory,
  type ProjectLevel,
  type ProjectStage,
  type ProjectStatus,
} from '../../../../src/shared/project-enums.js';
import { fmtInvestment } from './money.js';
import { ProjectForm } from './ProjectForm.js';
import { ProjectImportButtons } from './ProjectImportButtons.js';
import { ProjectsHome, projectsViewer } from './ProjectsHome.js';
import { ReportLapsesCard } from './ReportLapsesCard.js';
import { useProjectUnits } from './unitOptions.js';

const PAGE_SIZE = 20;

/**
 * 项目库: the projects the caller may see, searched by code or name and filtered by county,
 * industry chain, level, category, work team, stage, status, size and batch — all kept in the
 * address so a filtered list can be shared. Those who may manage the register create projects here.
 */
export default function ProjectsPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const { counties, teams } = useProjectUnits();
  const batches = useApi(() => projectsApi.listBatches(), 'batches');
  const canManage = me.permissions.includes('project.manage');
  // A work team or a project unit lands here: its blocks (obstacles, visits, reports due) come first.
  const viewer = projectsViewer(me);
  const str = (k: string) => params.get(k) ?? undefined;
  const num = (k: string) => (params.get(k) !== null && params.get(k) !== '' ? Number(params.get(k)) : undefined);
  const page = num('page') ?? 1;
  const query: ProjectQuery = {
    ...(str('q') ? { q: str('q') } : {}),
    ...(num('countyUnitId') ? { countyUnitId: num('countyUnitId') } : {}),
    ...(str('industryChain') ? { industryChain: str('industryChain') } : {}),
    ...(str('level') ? { level: str('level') as ProjectLevel } : {}),
    ...(str('category') ? { category: str('category') as ProjectCategory } : {}),
    ...(num('workTeamUnitId') ? { workTeamUnitId: num('workTeamUnitId') } : {}),
    ...(str('stage') ? { stage: str('stage') as ProjectStage } : {}),
    ...(str('status') ? { status: str('status') as ProjectStatus } : {}),
    ...(num('minInvestment') !== undefined ? { minInvestment: num('minInvestment') } : {}),
    ...(num('batchId') ? { batchId: num('batchId') } : {}),
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useApi(() => projectsApi.list(query), query);
  const set = (k: string, v: string | number | undefined | null) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === null || v === '') next.delete(k);
    else next.set(k, String(v));
    if (k !== 'page') next.delete('page');
    setParams(next);
  };
  const sel = (k: string, placeholder: string, options: { value: string | number; label: string }[], width = 140) => (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder={placeholder}
      value={str(k) !== undefined ? (typeof options[0]?.value === 'number' ? Number(str(k)) : str(k)) : undefined}
      onChange={(v?: string | number) => set(k, v)}
      style={{ width }}
      data-testid={`projects-filter-${k}`}
      options={options}
    />
  );

  const columns = [
    { title: t('project.code'), dataIndex: 'code', key: 'code', width: 120, responsive: ['md' as const] },
    {
      title: t('project.name'),
      key: 'name',
      render: (_: unknown, p: ProjectSummary) => (
        // Wraps long names within the scrolling table instead of widening it.
        <Flex vertical gap={2} style={{ minWidth: 120, maxWidth: 'min(360px, 36vw)', whiteSpace: 'normal' }}>
          <Link to={`/projects/${p.id}`} data-testid={`project-link-${p.id}`}>
            {p.name}
          </Link>
          {p.status === 'terminated' && <Tag color="default">{label(PROJECT_STATUS_LABELS.terminated)}</Tag>}
        </Flex>
      ),
    },
    { title: t('project.county'), dataIndex: 'countyName', key: 'county', width: 110, responsive: ['md' as const] },
    {
      title: t('project.stage'),
      key: 'stage',
      width: 96,
      render: (_: unknown, p: ProjectSummary) => (
        <Flex vertical gap={2}>
          <Tag color="blue">{label(PROJECT_STAGE_LABELS[p.currentStage])}</Tag>
          {p.pendingStage && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('project.pending', { stage: label(PROJECT_STAGE_LABELS[p.pendingStage]) })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('project.totalInvestment'),
      key: 'inv',
      width: 100,
      align: 'right' as const,
      render: (_: unknown, p: ProjectSummary) => fmtInvestment(p.totalInvestment, t),
    },
    {
      title: t('project.workTeam'),
      key: 'team',
      width: 150,
      responsive: ['lg' as const],
      render: (_: unknown, p: ProjectSummary) => p.workTeamName ?? '—',
    },
    {
      title: t('project.leader'),
      key: 'leader',
      width: 100,
      responsive: ['lg' as const],
      render: (_: unknown, p: ProjectSummary) => p.leader?.name ?? '—',
    },
  ];

  return (
    <div data-testid="home-projects">
      <PageHeader
        title={t(viewer === 'team' ? 'rollup.team' : viewer === 'unit' ? 'rollup.mine' : 'project.list')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} onClick={() => void projectsApi.exportXlsx(query)} data-testid="project-export">
              {t('project.export')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void projectsApi.oc4idsPackage().catch(() => undefined)}
              data-testid="project-oc4ids-package"
            >
              {t('project.oc4idsPackage')}
            </Button>
            {canManage && <ProjectImportButtons onImported={() => list.reload()} />}
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="project-new">
                {t('project.new')}
              </Button>
            )}
          </>
        }
      />
      {/* The landing page of project units, work teams and projects offices: who is signed in, as on every home. */}
      <WhoAmI />
      {viewer && <ProjectsHome viewer={viewer} />}
      {/* The filters sit with the list they filter, below the landing blocks. */}
      <div style={{ margin: '16px 0 12px' }}>
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            defaultValue={str('q')}
            placeholder={t('project.search')}
            onSearch={(v) => set('q', v.trim())}
            style={{ width: 220 }}
            data-testid="projects-search"
          />
          {counties.length > 1 && sel('countyUnitId', t('project.county'), counties)}
          <Input
            allowClear
            defaultValue={str('industryChain')}
            placeholder={t('project.industryChain')}
            onPressEnter={(e) => set('industryChain', e.currentTarget.value.trim())}
            onBlur={(e) => set('industryChain', e.currentTarget.value.trim())}
            style={{ width: 140 }}
            data-testid="projects-filter-industryChain"
          />
          {sel(
            'level',
            t('project.level'),
            PROJECT_LEVELS.map((l) => ({ value: l, label: label(PROJECT_LEVEL_LABELS[l]) })),
            120,
          )}
          {sel(
            'category',
            t('project.category'),
            PROJECT_CATEGORIES.map((c) => ({ value: c, label: label(PROJECT_CATEGORY_LABELS[c]) })),
            160,
          )}
          {teams.length > 0 && sel('workTeamUnitId', t('project.workTeam'), teams, 170)}
          {sel(
            'stage',
            t('project.stage'),
            PROJECT_STAGES.map((s) => ({ value: s, label: label(PROJECT_STAGE_LABELS[s]) })),
            120,
          )}
          {sel(
            'status',
            t('project.status'),
            PROJECT_STATUSES.map((s) => ({ value: s, label: label(PROJECT_STATUS_LABELS[s]) })),
            110,
          )}
          <InputNumber
            min={0}
            placeholder={t('project.minInvestment')}
            value={num('minInvestment') ?? null}
            onChange={(v) => set('minInvestment', v)}
            style={{ width: 190 }}
            data-testid="projects-filter-minInvestment"
          />
          {(batches.data?.items.length ?? 0) > 0 &&
            sel(
              'batchId',
              t('project.batch'),
              (batches.data?.items ?? []).map((b) => ({ value: b.id, label: b.name })),
              170,
            )}
        </Flex>
      </div>
      <Table<ProjectSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('project.empty') }}
        data-testid="projects-table"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('project.total', { n }),
          onChange: (p) => set('page', p === 1 ? null : p),
        }}
      />
      <Drawer
        open={creating}
        width={Math.min(640, window.innerWidth)}
        onClose={() => setCreating(false)}
        destroyOnHidden
        title={t('project.new')}
      >
        {creating && (
          <ProjectForm
            onDone={() => {
              setCreating(false);
              list.reload();
            }}
          />
        )}
      </Drawer>
      <ReportLapsesCard />
    </div>
  );
}
