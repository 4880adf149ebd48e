import { useState } from 'react';
import { App as AntApp, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { projectsApi } from '../../api/projects.js';
import { ApiError } from '../../api/client.js';
import { UserSelect } from '../../components/UserSelect.js';
import { pickerDay } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import type { Project, ProjectCreate, ProjectPatch } from '../../../../src/shared/contracts/projects.contract.js';
import {
  PROJECT_CATEGORIES,
  PROJECT_CATEGORY_LABELS,
  PROJECT_LEVELS,
  PROJECT_LEVEL_LABELS,
  PROJECT_STAGES,
  PROJECT_STAGE_LABELS,
  type ProjectStage,
} from '../../../../src/shared/project-enums.js';
import { useProjectUnits } from './unitOptions.js';

/** The form's values: the create body with dates as pickers. */
type Values = Omit<ProjectCreate, 'milestones'> & {
  milestones?: { stage?: ProjectStage | null; name: string; plannedDate: Dayjs }[];
};

/** Fields only the projects office may change (the project unit gets 403 naming them). */
const MANAGED = ['code', 'countyUnitId', 'workTeamUnitId', 'leaderUserId', 'members'] as const;

function initial(p: Project): Partial<Values> {
  return {
    code: p.code,
    name: p.name,
    countyUnitId: p.countyUnitId,
    industryChain: p.industryChain,
    level: p.level,
    category: p.category,
    investor: p.investor,
    totalInvestment: p.totalInvestment,
    landMu: p.landMu,
    floorAreaM2: p.floorAreaM2,
    expectedAnnualOutput: p.expectedAnnualOutput,
    expectedAnnualTax: p.expectedAnnualTax,
    jobs: p.jobs,
    lon: p.lon,
    lat: p.lat,
    workTeamUnitId: p.workTeamUnitId,
    leaderUserId: p.leader?.id ?? null,
    members: p.members.map((m) => ({ userId: m.userId, title: m.title })),
    milestones: p.milestones.map((m) => ({ stage: m.stage, name: m.name, plannedDate: dayjs(m.plannedDate) })),
  };
}

/**
 * A project's register fields, people and plan: creates a project (POST) or, given one, edits it
 * at the version read (PATCH; 409 → the page reloads it). The server's 422 is shown at its field.
 */
export function ProjectForm({
  project,
  canManage = true,
  onDone,
  onStale,
}: {
  project?: Project;
  canManage?: boolean;
  onDone: (p: Project) => void;
  onStale?: () => void;
}) {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const { counties, teams } = useProjectUnits();
  const req = [{ required: true, message: t('project.required') }];

  async function submit(v: Values) {
    const body = {
      ...v,
      industryChain: v.industryChain || null,
      investor: v.investor || null,
      members: (v.members ?? []).filter((m) => m?.userId).map((m) => ({ userId: m.userId, title: m.title || null })),
      milestones: (v.milestones ?? []).map((m) => ({
        stage: m.stage ?? null,
        name: m.name,
        plannedDate: pickerDay(m.plannedDate),
      })),
    };
    setBusy(true);
    try {
      let saved: Project;
      if (project) {
        const patch: ProjectPatch = { ...body, version: project.version };
        if (!canManage) for (const k of MANAGED) delete patch[k];
        saved = await projectsApi.update(project.id, patch);
        void message.success(t('project.saved'));
      } else {
        saved = await projectsApi.create(body);
        void message.success(t('project.created'));
      }
      onDone(saved);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        void message.warning(t('project.stale'));
        onStale?.();
      } else if (e instanceof ApiError && e.status === 422) {
        const field = typeof e.details?.field === 'string' ? e.details.field : '';
        // The server's English names the field first; the Chinese UI says the code in Chinese.
        const msg = errorText(e).replace(/^[\w.[\]]+: /, '');
        const name = field
          .split(/[.[\]]+/)
          .filter(Boolean)
          .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
        // Fields of the form are named as the wire names them (milestones.0.plannedDate → ['milestones', 0, 'plannedDate']).
        const path = name as unknown as Parameters<typeof form.setFields>[0][number]['name'];
        if (name.length && form.getFieldInstance(path)) {
          form.setFields([{ name: path, errors: [msg] }]);
          // The submit button sits at the foot of a long form: bring the refused field into view.
          form.scrollToField(path, { block: 'center' });
        } else void message.error(msg);
      }
    } finally {
      setBusy(false);
    }
  }

  const num = (name: keyof Values, text: string, props: { precision?: number } = { precision: 2 }) => (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={text}>
        <InputNumber min={0} style={{ width: '100%' }} {...props} data-testid={`project-form-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={project ? initial(project) : { level: 'county', category: 'advanced_manufacturing' }}
      onFinish={(v) => void submit(v)}
      data-testid="project-form"
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="code" label={t('project.code')} rules={req}>
            <Input disabled={!canManage} data-testid="project-form-code" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="countyUnitId" label={t('project.county')} rules={req}>
            <Select disabled={!canManage} options={counties} data-testid="project-form-county" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="name" label={t('project.name')} rules={req}>
            <Input data-testid="project-form-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="level" label={t('project.level')} rules={req}>
            <Select options={PROJECT_LEVELS.map((l) => ({ value: l, label: label(PROJECT_LEVEL_LABELS[l]) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="category" label={t('project.category')} rules={req}>
            <Select options={PROJECT_CATEGORIES.map((c) => ({ value: c, label: label(PROJECT_CATEGORY_LABELS[c]) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="industryChain" label={t('project.industryChain')}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="investor" label={t('project.investor')}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="totalInvestment" label={t('project.totalInvestmentWan')} rules={req}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="project-form-totalInvestment" />
          </Form.Item>
        </Col>
        {num('landMu', t('project.landMu'))}
        {num('floorAreaM2', t('project.floorArea'), { precision: 0 })}
        {num('expectedAnnualOutput', t('project.output'))}
        {num('expectedAnnualTax', t('project.tax'))}
        {num('jobs', t('project.jobs'), { precision: 0 })}
        <Col xs={24} sm={12}>
          <Form.Item name="workTeamUnitId" label={t('project.workTeam')}>
            <Select allowClear disabled={!canManage} options={teams} data-testid="project-form-team" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="leaderUserId" label={t('project.leader')}>
            <UserSelect disabled={!canManage} currentLabel={project?.leader?.name} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('project.members')}>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'userId']} rules={req} style={{ minWidth: 200 }}>
                    <UserSelect
                      disabled={!canManage}
                      currentLabel={project?.members.find((m) => m.userId === form.getFieldValue(['members', f.name, 'userId']))?.name}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'title']}>
                    <Input placeholder={t('project.memberTitle')} disabled={!canManage} style={{ width: 120 }} />
                  </Form.Item>
                  {canManage && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              {canManage && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="project-form-member-add">
                  {t('project.memberAdd')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item label={t('project.plan')}>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'stage']}>
                    <Select
                      allowClear
                      placeholder={t('project.stage')}
                      style={{ width: 110 }}
                      options={PROJECT_STAGES.map((s) => ({ value: s, label: label(PROJECT_STAGE_LABELS[s]) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']} rules={req}>
                    <Input placeholder={t('project.milestone')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'plannedDate']} rules={req}>
                    <DatePicker placeholder={t('project.plannedDate')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                {t('project.milestoneAdd')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="project-form-submit">
        {project ? t('common.save') : t('project.new')}
      </Button>
    </Form>
  );
}
