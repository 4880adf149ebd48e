import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, App as AntApp, Button, Spin } from 'antd';
import { authApi, type Me } from '../api/auth.js';
import { ApiError, configureApi, setCsrfToken } from '../api/client.js';
import { browserErrorText } from '../components/browserErrors.js';
import { useI18n } from '../i18n/i18n.js';

/** `signedOut` is a deliberate logout: back to /login without a `next` to return to. */
type Status = 'unknown' | 'anonymous' | 'signedOut' | 'authenticated';

interface Session {
  me: Me | null;
  status: Status;
  /** Call with the `Me` from a login reply. */
  signedIn: (me: Me) => void;
  /** Asks the server who we are (after a reload, the cookie is all we have). */
  probe: () => Promise<Me | null>;
  logout: (everywhere?: boolean) => Promise<void>;
}

const Ctx = createContext<Session | null>(null);

/** Holds `Me`, wires the API client to the router and antd's message API. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<Status>('unknown');
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = AntApp.useApp();
  const { t, locale } = useI18n();
  const pathRef = useRef(location.pathname + location.search);
  pathRef.current = location.pathname + location.search;

  useEffect(() => {
    configureApi({
      onUnauthorized: () => {
        setMe(null);
        setStatus('anonymous');
        const here = pathRef.current;
        if (!here.startsWith('/login')) void navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
      },
      notifyError: (err: ApiError) => {
        void message.error(browserErrorText(err, t, locale));
      },
    });
  }, [navigate, message, t, locale]);

  // A probe that started before a login must not overwrite the fresh session.
  const epoch = useRef(0);

  const signedIn = useCallback((m: Me) => {
    epoch.current += 1;
    setCsrfToken(m.csrfToken);
    setMe(m);
    setStatus('authenticated');
  }, []);

  const probe = useCallback(async () => {
    const started = epoch.current;
    try {
      // Quiet: a 401 just means "not signed in", and RequireAuth shows its own retry on failure.
      const m = await authApi.me();
      if (epoch.current === started) signedIn(m);
      return m;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        if (epoch.current !== started) return null;
        setCsrfToken(null);
        setMe(null);
        setStatus('anonymous');
        return null;
      }
      throw e;
    }
  }, [signedIn]);

  const logout = useCallback(
    async (everywhere = false) => {
      try {
        if (everywhere) {
          const r = await authApi.logoutAll();
          void message.success(t('logout.allDone', { n: r.sessions }));
        } else await authApi.logout();
      } finally {
        setCsrfToken(null);
        setMe(null);
        setStatus('signedOut');
        void navigate('/login', { replace: true });
      }
    },
    [navigate, message, t],
  );

  const value = useMemo<Session>(() => ({ me, status, signedIn, probe, logout }), [me, status, signedIn, probe, logout]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** `me` for pages that only render behind RequireAuth. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

export function FullPageSpin() {
  return (
    <div style={{ minHeight: '60vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** Renders children once a session exists; otherwise sends the visitor to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, probe } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (status === 'unknown' && !failed) probe().catch(() => setFailed(true));
  }, [status, probe, failed]);
  if (status === 'authenticated') return <>{children}</>;
  if (failed) {
    return (
      // Alert rather than Result: this module is on the login route, which must stay small.
      <div style={{ maxWidth: 480, margin: '20vh auto', padding: 16 }}>
        <Alert
          type="warning"
          showIcon
          message={t('error.network')}
          action={<Button onClick={() => setFailed(false)}>{t('common.retry')}</Button>}
        />
      </div>
    );
  }
  if (status === 'signedOut') return <Navigate to="/login" replace />;
  if (status === 'anonymous') {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <FullPageSpin />;
}
