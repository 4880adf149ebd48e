import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Form, Input, Result, Select, Typography, type UploadFile } from 'antd';
import { CASE_SOURCES, SEVERITIES, type CaseSource, type Severity } from '../../../../src/shared/case-enums.js';
import type { ReportBody } from '../../../../src/shared/contracts/cases.contract.js';
import { casesApi } from '../../api/cases.js';
import type { Me } from '../../api/auth.js';
import { useMe } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { categoryOptions, useCaseText, useCategories } from './caseUi.js';
import { LocationField, type LonLat } from './LocationField.js';
import { filesOf, PhotoPicker } from './PhotoPicker.js';

interface Values {
  source: CaseSource;
  categoryCode: string;
  severity: Severity;
  description: string;
  photos?: UploadFile[];
  location?: LonLat | null;
  address?: string;
  reporterContact?: string;
}

/** Where a report comes from follows from who makes it; only HQ staff choose. */
function fixedSource(me: Me): CaseSource | null {
  const roles = new Set(me.roles.map((r) => r.role));
  if (roles.has('inspector')) return 'inspection';
  if (roles.has('hq_dispatcher')) return null;
  if (roles.has('project_owner')) return 'project_obstacle';
  return 'citizen';
}

const HQ_SOURCES: CaseSource[] = ['hotline', 'video', 'higher_level', 'inspection'];

/** Phone-first report form: category, severity, description, photos, location. */
export default function ReportPage() {
  const me = useMe();
  const { t, label } = useI18n();
  const text = useCaseText();
  const { categories, byCode } = useCategories();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ id: number; number: string } | null>(null);
  const fixed = fixedSource(me);
  const source = Form.useWatch('source', form) ?? fixed ?? 'hotline';
  const options = useMemo(() => categoryOptions(categories?.items ?? [], (l) => label(l)), [categories, label]);

  const submit = async (v: Values) => {
    const cmd: ReportBody = {
      source: fixed ?? v.source,
      categoryCode: v.categoryCode,
      severity: v.severity,
      description: v.description.trim(),
      address: v.address?.trim() || null,
      lon: v.location?.lon ?? null,
      lat: v.location?.lat ?? null,
      ...(v.reporterContact?.trim() ? { reporterContact: v.reporterContact.trim() } : {}),
    };
    setBusy(true);
    try {
      setDone(await casesApi.report(cmd, filesOf(v.photos)));
    } catch {
      // The client showed the server's message; the form keeps what was typed.
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div data-testid="page-case-new" style={{ maxWidth: 560, margin: '0 auto' }}>
        <Card>
          <Result
            status="success"
            title={t('report.success')}
            subTitle={
              <span>
                {t('report.caseNumber')}：
                <Typography.Text strong copyable style={{ fontSize: 20 }} data-testid="case-number">
                  {done.number}
                </Typography.Text>
              </span>
            }
            extra={[
              <Link key="view" to={`/cases/${done.id}`} data-testid="case-link">
                <Button type="primary" size="large">
                  {t('report.viewCase')}
                </Button>
              </Link>,
              <Button
                key="again"
                size="large"
                onClick={() => {
                  form.resetFields();
                  setDone(null);
                }}
                data-testid="report-another"
              >
                {t('report.another')}
              </Button>,
            ]}
          />
        </Card>
      </div>
    );
  }

  return (
    <div data-testid="page-case-new" style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={3}>{t('report.title')}</Typography.Title>
      <Form<Values>
        form={form}
        layout="vertical"
        size="large"
        initialValues={{ source: fixed ?? 'hotline', severity: 'normal', photos: [], location: null }}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
      >
        {fixed === null && (
          <Form.Item name="source" label={t('report.source')}>
            <Select
              data-testid="report-source"
              options={HQ_SOURCES.filter((s) => CASE_SOURCES.includes(s)).map((s) => ({ value: s, label: text.source(s) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="categoryCode" label={t('report.category')} rules={[{ required: true, message: t('report.categoryRequired') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={options}
            loading={!categories}
            data-testid="report-category"
            onChange={(code: string) => {
              const c = byCode.get(code);
              if (c) form.setFieldValue('severity', c.defaultSeverity);
            }}
          />
        </Form.Item>
        <Form.Item name="severity" label={t('report.severity')} rules={[{ required: true }]}>
          <Select data-testid="report-severity" options={SEVERITIES.map((s) => ({ value: s, label: text.severity(s) }))} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('report.description')}
          rules={[{ required: true, whitespace: true, message: t('report.descriptionRequired') }, { max: 2000 }]}
        >
          <Input.TextArea
            rows={3}
            placeholder={t('report.descriptionPlaceholder')}
            maxLength={2000}
            showCount
            data-testid="report-description"
          />
        </Form.Item>
        <Form.Item
          name="photos"
          label={t('report.photos')}
          valuePropName="value"
          rules={[
            {
              validator: (_, v: UploadFile[] | undefined) =>
                source !== 'inspection' || (v?.length ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('report.photosRequired'))),
            },
          ]}
        >
          <PhotoPicker data-testid="report-photos" />
        </Form.Item>
        <Form.Item name="location" label={t('report.location')}>
          <LocationField />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('case.address')}
          dependencies={['location']}
          rules={[
            { max: 300 },
            {
              validator: (_, v: string | undefined) =>
                form.getFieldValue('location') || v?.trim() ? Promise.resolve() : Promise.reject(new Error(t('report.locationRequired'))),
            },
          ]}
        >
          <Input placeholder={t('report.addressPlaceholder')} maxLength={300} data-testid="report-address" />
        </Form.Item>
        {source === 'citizen' && (
          <Form.Item name="reporterContact" label={t('report.contact')} rules={[{ max: 200 }]}>
            <Input inputMode="tel" data-testid="report-contact" />
          </Form.Item>
        )}
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={busy}
          style={{ height: 52, fontSize: 18 }}
          data-testid="report-submit"
        >
          {t('report.submit')}
        </Button>
      </Form>
    </div>
  );
}
