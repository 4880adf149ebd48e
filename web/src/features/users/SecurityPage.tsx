import { Alert } from 'antd';
import { useI18n } from '../../i18n/i18n.js';
import { UsersTable } from './UsersTable.js';

/** /admin/security — the security administrator's home: credentials and access. */
export default function SecurityPage() {
  const { t } = useI18n();
  return (
    <>
      <UsersTable mode="security" testId="home-admin-security" title={t('nav.adminSecurity')} />
      <Alert type="info" showIcon message={t('security.note')} style={{ marginTop: 16 }} />
    </>
  );
}
