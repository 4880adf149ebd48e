import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input } from 'antd';
import { authApi } from '../api/auth.js';
import { ApiError } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { browserErrorText } from '../components/browserErrors.js';
import { useI18n } from '../i18n/i18n.js';
import { LanguageSwitch } from '../i18n/LanguageSwitch.js';
import { landingFor } from '../shell/nav.js';

interface Credentials {
  username: string;
  password: string;
}

/** The only eagerly loaded page: keep its imports to a handful of antd components. */
export function LoginPage() {
  const { t, locale } = useI18n();
  const { status, me, signedIn, probe } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // A visitor who still has a valid session goes straight to work.
  useEffect(() => {
    if (status === 'unknown') probe().catch(() => undefined);
    else if (status === 'authenticated' && me) void navigate(landingFor(me, next), { replace: true });
  }, [status, me, probe, navigate, next]);

  async function onFinish(values: Credentials) {
    setBusy(true);
    setError(null);
    try {
      const m = await authApi.login(values);
      signedIn(m);
      void navigate(landingFor(m, next), { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) {
        // The server says how long (details.retryAfterSeconds); the text is the UI's own.
        const wait = Number(e.details?.retryAfterSeconds ?? 60);
        setError(t('login.throttled', { minutes: Math.max(1, Math.ceil(wait / 60)) }));
      } else if (e instanceof ApiError && e.status === 401) setError(t('login.failed'));
      else setError(browserErrorText(e, t, locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #e6f4ff 0%, #f5f5f5 60%)',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 380 }} data-testid="login-page">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
          {/* Plain elements, not Typography: it would add ~45 KB gzip to the login route. */}
          <h1 style={{ margin: 0, fontSize: 24, fontWeight: 600 }}>{t('app.name')}</h1>
          <LanguageSwitch />
        </div>
        <p style={{ color: 'rgba(0,0,0,0.45)', marginTop: 4 }}>{t('login.subtitle')}</p>
        {error && <Alert data-testid="login-error" type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form<Credentials> layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} size="large">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
