import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, InputNumber, Select, Upload, type UploadFile } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { projectInvestmentApi } from '../../api/project-investment.js';
import { beijingToday } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ProjectInvestment } from '../../../../src/shared/contracts/project-investment.contract.js';
import { filesOf } from '../cases/PhotoPicker.js';

/** The server's limit of one upload (FileService: 9 files). */
const MAX_FILES = 9;

interface Values {
  month: string;
  completed: number;
  opening?: number;
  progress: string;
  problems?: string;
  correctionReason?: string;
}

/** The ended months the form offers, newest first: the last twelve. */
function endedMonths(): string[] {
  const today = beijingToday();
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
    out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

/**
 * 报送月度投资进度: the project unit files an ended month — completed in the month (万元),
 * progress, problems and site photos, sent in one multipart request; the first report may carry
 * what was completed since the start before it. A month already filed is corrected: the form
 * sends the version read and a reason, and the server keeps the earlier version.
 */
export function InvestmentReportForm({ inv, onDone }: { inv: ProjectInvestment; onDone: (v: ProjectInvestment) => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const months = endedMonths();
  // The oldest month still owed comes first; else last month.
  const owed = [...inv.lapses, ...inv.months].find((m) => m.owed && m.versions.length === 0);
  const initial = owed ? `${owed.year}-${String(owed.month).padStart(2, '0')}` : months[0]!;
  const chosen = Form.useWatch('month', form) ?? initial;
  const filed = [...inv.months, ...inv.lapses].find(
    (m) => `${m.year}-${String(m.month).padStart(2, '0')}` === chosen && m.versions.length > 0,
  );
  const latest = filed?.versions[0] ?? null;
  const firstEver = inv.completedSinceStart === 0 && inv.months.every((m) => m.versions.length === 0);

  async function submit(v: Values) {
    setBusy(true);
    try {
      const [year, month] = v.month.split('-').map(Number) as [number, number];
      const r = await projectInvestmentApi.file(
        inv.projectId,
        {
          year,
          month,
          completed: v.completed,
          progress: v.progress.trim(),
          ...(v.problems?.trim() ? { problems: v.problems.trim() } : {}),
          ...(v.opening !== undefined && v.opening !== null ? { opening: v.opening } : {}),
          ...(latest ? { version: latest.version, correctionReason: v.correctionReason?.trim() ?? '' } : {}),
        },
        filesOf(files),
      );
      void message.success(t('invest.filed'));
      form.resetFields();
      setFiles([]);
      onDone(r);
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
      initialValues={{ month: initial }}
      data-testid="report-form"
    >
      <Form.Item name="month" label={t('invest.month')} rules={[{ required: true, message: t('invest.required') }]}>
        <Select
          data-testid="report-form-month"
          options={months.map((m) => ({ value: m, label: t('invest.monthOf', { year: m.slice(0, 4), month: Number(m.slice(5)) }) }))}
        />
      </Form.Item>
      {latest && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('invest.correcting', { v: latest.version })} />}
      <Form.Item name="completed" label={t('invest.completed')} rules={[{ required: true, message: t('invest.required') }]}>
        <InputNumber min={0} max={100_000_000} precision={2} style={{ width: '100%' }} data-testid="report-form-completed" />
      </Form.Item>
      {firstEver && (
        <Form.Item name="opening" label={t('invest.opening')}>
          <InputNumber min={0} max={100_000_000} precision={2} style={{ width: '100%' }} data-testid="report-form-opening" />
        </Form.Item>
      )}
      <Form.Item name="progress" label={t('invest.progress')} rules={[{ required: true, whitespace: true, message: t('invest.required') }]}>
        <Input.TextArea rows={3} maxLength={4000} data-testid="report-form-progress" />
      </Form.Item>
      <Form.Item name="problems" label={t('invest.problems')}>
        <Input.TextArea rows={2} maxLength={4000} data-testid="report-form-problems" />
      </Form.Item>
      {latest && (
        <Form.Item
          name="correctionReason"
          label={t('invest.correctionReason')}
          rules={[{ required: true, whitespace: true, message: t('invest.required') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="report-form-reason" />
        </Form.Item>
      )}
      <Form.Item label={t('invest.photos')}>
        <div data-testid="report-form-photos">
          <Upload
            accept="image/jpeg,image/png,image/webp"
            multiple
            listType="picture"
            fileList={files}
            // Never upload on pick: the report sends everything at once.
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES))}
          >
            <Button icon={<CameraOutlined />} disabled={files.length >= MAX_FILES}>
              {t('invest.photos')}
            </Button>
          </Upload>
        </div>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="report-form-submit">
        {t('invest.file')}
      </Button>
    </Form>
  );
}
