import { useState } from 'react';
import { App as AntApp, Button, DatePicker, Form, Input, Select, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { projectsApi } from '../../api/projects.js';
import { beijingToday, pickerDay } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Project } from '../../../../src/shared/contracts/projects.contract.js';
import { PROJECT_STAGES, PROJECT_STAGE_LABELS, type ProjectStage } from '../../../../src/shared/project-enums.js';
import { filesOf } from '../cases/PhotoPicker.js';

/** The server's limit of one upload (FileService: 9 files). */
const MAX_FILES = 9;

interface Values {
  stage: ProjectStage;
  actualDate: Dayjs;
  note?: string;
  reason?: string;
}

/**
 * 填报阶段: the project unit records the stage reached, the day, a note and evidence (photos,
 * PDFs) sent with the command in one multipart request. Skipping or going back needs a reason;
 * the work team then confirms it.
 */
export function StageRecordForm({ project, onDone }: { project: Project; onDone: (p: Project) => void }) {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const stage = Form.useWatch('stage', form);
  const at = PROJECT_STAGES.indexOf(project.currentStage);
  const to = stage ? PROJECT_STAGES.indexOf(stage) : at + 1;
  // 部分投产 may be passed over on the way from 开工 to 投产; the server decides exactly.
  const unusual = to <= at || to > at + (project.currentStage === 'started' ? 2 : 1);

  async function submit(v: Values) {
    setBusy(true);
    try {
      const p = await projectsApi.recordStage(
        project.id,
        {
          stage: v.stage,
          actualDate: pickerDay(v.actualDate),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        },
        filesOf(files),
      );
      void message.success(t('project.recorded'));
      form.resetFields();
      setFiles([]);
      onDone(p);
    } catch {
      // toasted by the client (the server names the field)
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      initialValues={{ stage: PROJECT_STAGES[Math.min(at + 1, PROJECT_STAGES.length - 1)] }}
      data-testid="stage-form"
    >
      <Form.Item name="stage" label={t('project.stage')} rules={[{ required: true, message: t('project.required') }]}>
        <Select
          data-testid="stage-form-stage"
          options={PROJECT_STAGES.filter((s) => s !== 'planning').map((s) => ({ value: s, label: label(PROJECT_STAGE_LABELS[s]) }))}
        />
      </Form.Item>
      <Form.Item name="actualDate" label={t('project.actualDate')} rules={[{ required: true, message: t('project.required') }]}>
        <DatePicker disabledDate={(d) => pickerDay(d) > beijingToday()} data-testid="stage-form-date" />
      </Form.Item>
      <Form.Item name="note" label={t('project.note')}>
        <Input.TextArea rows={3} maxLength={4000} data-testid="stage-form-note" />
      </Form.Item>
      {unusual && (
        <Form.Item
          name="reason"
          label={t('project.reason')}
          extra={t('project.reasonNeeded')}
          rules={[{ required: true, whitespace: true, message: t('project.reasonNeeded') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="stage-form-reason" />
        </Form.Item>
      )}
      <Form.Item label={t('project.evidence')}>
        <div data-testid="stage-form-files">
          <Upload
            accept="image/jpeg,image/png,image/webp,application/pdf"
            multiple
            fileList={files}
            // Never upload on pick: the record sends everything at once.
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES))}
          >
            <Button icon={<PaperClipOutlined />} disabled={files.length >= MAX_FILES}>
              {t('project.evidence')}
            </Button>
          </Upload>
        </div>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="stage-form-submit">
        {t('project.recordStage')}
      </Button>
    </Form>
  );
}
