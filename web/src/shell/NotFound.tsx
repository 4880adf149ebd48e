import { Link } from 'react-router-dom';
import { Button, Result } from 'antd';
import { useMe } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';

export default function NotFound() {
  const me = useMe();
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('error.notFoundPage')}
      extra={
        <Link to={me.home}>
          <Button type="primary">{t('nav.backHome')}</Button>
        </Link>
      }
    />
  );
}
