import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Col, Form, Input, InputNumber, Row, Spin, Switch, Tag, TreeSelect } from 'antd';
import { publicSettingsApi } from '../../api/public-settings.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';
import { useCategories } from '../cases/caseUi.js';
import type { PublicSettingsView } from '../../../../src/shared/contracts/public.contract.js';

/** The numeric settings with their bounds (the server checks them again: 422 naming the field). */
const NUMBERS: { name: keyof PublicSettingsView; min: number; max: number; label: string; help?: string }[] = [
  { name: 'duplicateRadiusM', min: 0, max: 2000, label: 'pubset.duplicateRadiusM' },
  { name: 'duplicateWindowDays', min: 1, max: 365, label: 'pubset.duplicateWindowDays' },
  { name: 'perIpPerHour', min: 1, max: 100_000, label: 'pubset.perIpPerHour' },
  { name: 'perDevicePerHour', min: 1, max: 10_000, label: 'pubset.perDevicePerHour' },
  { name: 'powBits', min: 0, max: 24, label: 'pubset.powBits', help: 'pubset.powBitsHelp' },
  { name: 'coarseGridM', min: 50, max: 5000, label: 'pubset.coarseGridM', help: 'pubset.publicMapHelp' },
];

/**
 * 市民上报设置 (issue 15): which categories citizens may report, the intake switch with
 * its paused message, tracking by number, the public map, duplicates and abuse limits.
 * Only what changed is sent (PATCH /api/public-settings, audited as public.configure).
 */
export default function PublicSettingsPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const settings = useApi(() => publicSettingsApi.get(), 'public-settings');
  const { categories } = useCategories();
  const [form] = Form.useForm<PublicSettingsView>();
  const [busy, setBusy] = useState(false);
  const intakeOpen = Form.useWatch('intakeOpen', form);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  const tree = (() => {
    const items = categories?.items ?? [];
    interface Node {
      title: string;
      value: string;
      children: Node[];
    }
    const node = (c: (typeof items)[number]): Node => ({
      title: `${c.name}${t('common.paren', { x: c.code })}`,
      value: c.code,
      children: items.filter((x) => x.parentCode === c.code).map(node),
    });
    return items.filter((c) => !c.parentCode).map(node);
  })();

  async function save() {
    const v = await form.validateFields();
    const before = settings.data;
    if (!before) return;
    const patch = Object.fromEntries(
      Object.entries(v).filter(([k, x]) => JSON.stringify(x) !== JSON.stringify(before[k as keyof PublicSettingsView])),
    );
    if (!Object.keys(patch).length) {
      void message.info(t('pubset.saved'));
      return;
    }
    setBusy(true);
    try {
      const next = await publicSettingsApi.update(patch);
      form.setFieldsValue(next);
      settings.reload();
      void message.success(t('pubset.saved'));
    } catch {
      // Shown by the client.
    } finally {
      setBusy(false);
    }
  }

  if (!settings.data) return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;
  return (
    <div data-testid="page-public-settings">
      <PageHeader
        title={t('pubset.title')}
        extra={
          <>
            <Tag color={intakeOpen === false ? 'red' : 'green'}>{t(intakeOpen === false ? 'pubset.paused' : 'pubset.open')}</Tag>
            <Button type="primary" loading={busy} onClick={() => void save()} data-testid="pubset-save">
              {t('pubset.save')}
            </Button>
          </>
        }
      />
      <Form form={form} layout="vertical" initialValues={settings.data}>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card title={t('pubset.intake')} style={{ marginBottom: 16 }}>
              <Form.Item name="intakeOpen" valuePropName="checked" extra={t('pubset.intakeHelp')}>
                <Switch data-testid="pubset-intake" />
              </Form.Item>
              <Form.Item
                name="pausedMessage"
                label={t('pubset.pausedMessage')}
                rules={[{ required: intakeOpen === false, whitespace: true }]}
              >
                <Input.TextArea rows={2} maxLength={200} showCount data-testid="pubset-paused-message" />
              </Form.Item>
              <Form.Item name="categoryCodes" label={t('pubset.categories')} extra={t('pubset.categoriesHelp')}>
                <TreeSelect
                  treeData={tree}
                  treeCheckable
                  showCheckedStrategy={TreeSelect.SHOW_CHILD}
                  treeCheckStrictly={false}
                  allowClear
                  maxTagCount="responsive"
                  style={{ width: '100%' }}
                  data-testid="pubset-categories"
                />
              </Form.Item>
            </Card>
            <Card title={t('pubset.publicView')} style={{ marginBottom: 16 }}>
              <Form.Item
                name="trackByNumber"
                valuePropName="checked"
                label={t('pubset.trackByNumber')}
                extra={t('pubset.trackByNumberHelp')}
              >
                <Switch data-testid="pubset-track" />
              </Form.Item>
              <Form.Item name="publicMap" valuePropName="checked" label={t('pubset.publicMap')} extra={t('pubset.publicMapHelp')}>
                <Switch data-testid="pubset-map" />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={`${t('pubset.duplicates')} · ${t('pubset.limits')}`} style={{ marginBottom: 16 }}>
              <Row gutter={12}>
                {NUMBERS.map((n) => (
                  <Col xs={24} sm={12} key={n.name}>
                    <Form.Item
                      name={n.name}
                      label={t(n.label as 'pubset.powBits')}
                      extra={n.help ? t(n.help as 'pubset.powBitsHelp') : undefined}
                      rules={[{ required: true, type: 'integer', min: n.min, max: n.max }]}
                    >
                      <InputNumber min={n.min} max={n.max} precision={0} style={{ width: '100%' }} data-testid={`pubset-${n.name}`} />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </Card>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
