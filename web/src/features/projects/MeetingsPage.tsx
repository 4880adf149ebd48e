import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App as AntApp, Button, DatePicker, Drawer, Form, Input, Select, Space, Table, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { projectsApi } from '../../api/projects.js';
import { projectVisitsApi } from '../../api/project-visits.js';
import { usersApi } from '../../api/users.js';
import { useMe } from '../../auth/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useApi } from '../../components/useApi.js';
import { beijingToday, pickerDay } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ProjectMeetingSummary } from '../../../../src/shared/contracts/project-meetings.contract.js';
import { VisitComplianceTable } from './VisitComplianceTable.js';

/** Several people by name as you type (GET /api/users?q=; the projects office reads its area's people). */
function UsersSelect({ value, onChange }: { value?: number[]; onChange?: (v: number[]) => void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [known, setKnown] = useState<Map<number, string>>(new Map());
  function search(q: string) {
    usersApi
      .list({ q, pageSize: 20 })
      .then((r) => {
        const opts = r.items.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
        setOptions(opts);
        setKnown((k) => new Map([...k, ...opts.map((o) => [o.value, o.label] as const)]));
      })
      .catch(() => undefined);
  }
  const merged = [
    ...options,
    ...(value ?? []).filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: known.get(v) ?? String(v) })),
  ];
  return (
    <Select<number[]>
      mode="multiple"
      value={value ?? []}
      onChange={(v) => onChange?.(v)}
      filterOption={false}
      onSearch={search}
      onFocus={() => options.length === 0 && search('')}
      options={merged}
      placeholder={t('common.searchUser')}
      data-testid="meeting-form-users"
    />
  );
}

interface Values {
  unitId: number;
  attendeeUserIds?: number[];
  meetingDate: Dayjs;
  title: string;
  decisions?: string;
  attendeeNames?: string[];
  projectIds?: number[];
  actions?: { title: string; unitId: number; projectId?: number; dueDate: Dayjs }[];
}

/**
 * 推进例会: the weekly progress meetings in the caller's scope (newest first), recorded by a
 * county's projects office or a work team with attendees, decisions, the projects discussed and
 * action items; below, the "4个1" compliance of this and the last weeks.
 */
export default function MeetingsPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const list = useApi(() => projectVisitsApi.meetings({ pageSize: 100 }), 'meetings');
  const holders = useMemo(
    () =>
      [...new Map(me.roles.filter((r) => r.role === 'projects_office' || r.role === 'work_team').map((r) => [r.unitId, r.unitName]))].map(
        ([value, label]) => ({ value, label }),
      ),
    [me.roles],
  );
  const [creating, setCreating] = useState(false);
  const projects = useApi(creating ? () => projectsApi.list({ pageSize: 500, status: 'active' }) : null, creating);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    try {
      const m = await projectVisitsApi.createMeeting({
        unitId: v.unitId,
        meetingDate: pickerDay(v.meetingDate),
        title: v.title.trim(),
        decisions: v.decisions?.trim() ?? '',
        attendeeUserIds: v.attendeeUserIds ?? [],
        attendeeNames: (v.attendeeNames ?? []).map((n) => n.trim()).filter(Boolean),
        projectIds: v.projectIds ?? [],
        actions: (v.actions ?? []).map((a) => ({
          title: a.title.trim(),
          unitId: a.unitId,
          ...(a.projectId ? { projectId: a.projectId } : {}),
          dueDate: pickerDay(a.dueDate),
        })),
      });
      void message.success(t('meeting.created'));
      setCreating(false);
      form.resetFields();
      void navigate(`/projects/meetings/${m.id}`);
    } catch {
      // toasted by the client (the server names the field)
    } finally {
      setBusy(false);
    }
  }

  const projectOptions = (projects.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }));
  return (
    <div data-testid="home-project-meetings">
      <PageHeader
        title={t('meeting.list')}
        extra={
          holders.length > 0 && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="meeting-new">
              {t('meeting.new')}
            </Button>
          )
        }
      />
      <Table<ProjectMeetingSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('meeting.empty') }}
        data-testid="meetings-table"
        columns={[
          { title: t('meeting.date'), dataIndex: 'meetingDate', key: 'date', width: 120 },
          {
            title: t('meeting.title'),
            key: 'title',
            render: (_, m) => (
              <Link to={`/projects/meetings/${m.id}`} data-testid={`meeting-link-${m.id}`}>
                {m.title}
              </Link>
            ),
          },
          { title: t('meeting.unit'), key: 'unit', render: (_, m) => m.unit.name, responsive: ['md'] },
          { title: t('meeting.projects'), dataIndex: 'projects', key: 'projects', width: 90, align: 'right', responsive: ['md'] },
          {
            title: t('meeting.actions'),
            key: 'actions',
            width: 140,
            render: (_, m) => (
              <Space>
                {m.actions}
                {m.actionsOpen > 0 && <Tag color="orange">{`${t('meeting.actionsOpen')} ${m.actionsOpen}`}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <div style={{ marginTop: 16 }}>
        <VisitComplianceTable />
      </div>
      <Drawer
        open={creating}
        width={Math.min(640, window.innerWidth)}
        onClose={() => setCreating(false)}
        destroyOnHidden
        title={t('meeting.new')}
      >
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          initialValues={{ unitId: holders[0]?.value, meetingDate: dayjs(beijingToday()) }}
          data-testid="meeting-form"
        >
          <Form.Item name="unitId" label={t('meeting.unit')} rules={[{ required: true, message: t('visit.required') }]}>
            <Select options={holders} data-testid="meeting-form-unit" />
          </Form.Item>
          <Form.Item name="meetingDate" label={t('meeting.date')} rules={[{ required: true, message: t('visit.required') }]}>
            <DatePicker disabledDate={(x) => pickerDay(x) > beijingToday()} data-testid="meeting-form-date" />
          </Form.Item>
          <Form.Item name="title" label={t('meeting.title')} rules={[{ required: true, whitespace: true, message: t('visit.required') }]}>
            <Input maxLength={200} data-testid="meeting-form-title" />
          </Form.Item>
          <Form.Item name="attendeeUserIds" label={t('meeting.attendeeUsers')}>
            <UsersSelect />
          </Form.Item>
          <Form.Item name="attendeeNames" label={t('meeting.attendeeNames')}>
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} data-testid="meeting-form-attendees" />
          </Form.Item>
          <Form.Item name="projectIds" label={t('meeting.projects')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={projectOptions}
              loading={projects.loading}
              data-testid="meeting-form-projects"
            />
          </Form.Item>
          <Form.Item name="decisions" label={t('meeting.decisions')}>
            <Input.TextArea rows={4} maxLength={8000} data-testid="meeting-form-decisions" />
          </Form.Item>
          <Form.List name="actions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap data-testid={`meeting-form-action-${i}`}>
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true, whitespace: true, message: t('visit.required') }]}>
                      <Input placeholder={t('meeting.actionTitle')} maxLength={200} data-testid={`meeting-action-title-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: t('visit.required') }]}>
                      <UnitTreeSelect
                        placeholder={t('meeting.actionUnit')}
                        style={{ width: 200 }}
                        data-testid={`meeting-action-unit-${i}`}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'dueDate']} rules={[{ required: true, message: t('visit.required') }]}>
                      <DatePicker
                        placeholder={t('meeting.actionDue')}
                        disabledDate={(x) => pickerDay(x) < beijingToday()}
                        data-testid={`meeting-action-due-${i}`}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'projectId']}>
                      <Select
                        allowClear
                        placeholder={t('meeting.actionProject')}
                        style={{ width: 180 }}
                        options={projectOptions}
                        optionFilterProp="label"
                      />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: 8 }} />
                  </Space>
                ))}
                <Form.Item>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="meeting-form-add-action">
                    {t('meeting.addAction')}
                  </Button>
                </Form.Item>
              </>
            )}
          </Form.List>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="meeting-form-submit">
            {t('meeting.submit')}
          </Button>
        </Form>
      </Drawer>
    </div>
  );
}
