import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Button, Result } from 'antd';
import { useMe } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import type { NavItem } from './nav.js';

/** The server enforces permissions; this only spares the user a page of 403 toasts. */
export default function RouteGuard({ item, children }: { item: NavItem; children: ReactNode }) {
  const me = useMe();
  const { t } = useI18n();
  if (item.canOpen(me)) return <>{children}</>;
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('error.forbiddenPage')}
      extra={
        <Link to={me.home}>
          <Button type="primary">{t('nav.backHome')}</Button>
        </Link>
      }
    />
  );
}
