import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, Select, type UploadFile } from 'antd';
import { projectObstaclesApi } from '../../api/project-obstacles.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';
import { OBSTACLE_KINDS, OBSTACLE_KIND_LABELS, type ObstacleKind } from '../../../../src/shared/project-enums.js';
import { filesOf, PhotoPicker } from '../cases/PhotoPicker.js';
import { ObstacleList } from './ObstacleList.js';

interface Values {
  kind: ObstacleKind;
  description: string;
  reporterContact?: string;
  photos?: UploadFile[];
}

/**
 * 要素保障/堵点 on a project's page: the project's obstacles and their cases' state, and — for the
 * project unit, its work team and the projects office — the form that raises one (kind, text,
 * photos, sent in one request). The obstacle becomes a case HQ dispatches to the department.
 */
export function ObstaclesCard({ projectId }: { projectId: number }) {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const loaded = useApi(() => projectObstaclesApi.ofProject(projectId, { pageSize: 100 }), projectId);

  async function submit(v: Values) {
    setBusy(true);
    try {
      await projectObstaclesApi.raise(
        projectId,
        {
          kind: v.kind,
          description: v.description.trim(),
          ...(v.reporterContact?.trim() ? { reporterContact: v.reporterContact.trim() } : {}),
        },
        filesOf(v.photos),
      );
      void message.success(t('obstacle.raised'));
      form.resetFields();
      setOpen(false);
      loaded.reload();
    } catch {
      // toasted by the client (the server names the field)
    } finally {
      setBusy(false);
    }
  }

  const canRaise = loaded.data?.canRaise ?? false;
  return (
    <Card
      title={t('obstacle.title')}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="project-obstacles"
      extra={
        canRaise && !open ? (
          <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid="obstacle-open">
            {t('obstacle.raise')}
          </Button>
        ) : null
      }
    >
      {open && (
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          data-testid="obstacle-form"
          style={{ marginBottom: 16 }}
        >
          <Form.Item name="kind" label={t('obstacle.kind')} rules={[{ required: true, message: t('project.required') }]}>
            <Select
              data-testid="obstacle-form-kind"
              options={OBSTACLE_KINDS.map((k) => ({ value: k, label: label(OBSTACLE_KIND_LABELS[k]) }))}
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('obstacle.description')}
            extra={t('obstacle.descriptionHint')}
            rules={[{ required: true, whitespace: true, message: t('project.required') }]}
          >
            <Input.TextArea rows={3} maxLength={1500} showCount data-testid="obstacle-form-description" />
          </Form.Item>
          <Form.Item name="reporterContact" label={t('obstacle.contact')}>
            <Input maxLength={200} data-testid="obstacle-form-contact" />
          </Form.Item>
          <Form.Item name="photos" label={t('obstacle.photos')} valuePropName="value">
            <PhotoPicker data-testid="obstacle-form-photos" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="obstacle-form-submit">
            {t('obstacle.submit')}
          </Button>
          <Button style={{ marginLeft: 8 }} onClick={() => setOpen(false)}>
            {t('obstacle.cancel')}
          </Button>
        </Form>
      )}
      <ObstacleList items={loaded.data?.items ?? []} loading={loaded.loading} />
    </Card>
  );
}
