import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input } from 'antd';
import { authApi } from '../../api/auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useI18n } from '../../i18n/i18n.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** /settings/password — any signed-in user changes their own password. */
export default function PasswordPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function onFinish(v: Values) {
    setBusy(true);
    try {
      await authApi.changeOwnPassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.resetFields();
      void message.success(t('password.changed'));
    } catch {
      // Shown by the client (wrong current password, policy).
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="page-password">
      <PageHeader title={t('nav.password')} />
      <Card style={{ maxWidth: 480 }}>
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
          <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" data-testid="password-current" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true }]} extra={t('user.passwordHint')}>
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
